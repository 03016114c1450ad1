xfrm-counters
# the peer rekeys
"$REPO/testing/peers/libreswan.sh" whack --name west-east --rekey-ipsec > "$OUTDIR/$HOST/rekey.log" 2>&1
# wait (up to 10 s) for its rekey to finish and the old pair to go
for i in $(seq 50); do grep -q 'initiator rekeyed Child SA' "$OUTDIR/$HOST/libreswan.log" && [ "$(ip -o xfrm state | wc -l)" -le 2 ] && break; sleep 0.2; done
# libreswan's view of both rekeys: west's (it answered) and its own
sed -nE 's/.*" (#[0-9]+: )?(initiator|responder) rekeyed Child SA.*(xfrm=[^ ]*).*/\2 rekeyed Child SA \3/p' "$OUTDIR/$HOST/libreswan.log"
ping -n -c 2 -i 0.2 -W 2 -I 198.51.100.129 198.51.100.1
xfrm-counters
ip -o xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort | comm -12 - "$OUTDIR/west/spis-2" | wc -l

ipsec auto --up west-east
# the first Child SA's SPIs, to tell the rekeyed ones from them
ip -o xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort > "$OUTDIR/$HOST/old-spis"
wc -l < "$OUTDIR/$HOST/old-spis"
# 60 pings, one every 0.1 s, run across both rekeys
ping -n -i 0.1 -c 60 -W 2 -I 198.51.100.1 198.51.100.129 > "$OUTDIR/$HOST/ping.log" 2>&1 & pingpid=$!
sleep 1
ipsec whack --rekey-child --name west-east
# wait (up to 10 s) for the rekey to finish and the old pair to go: slow under emulation
for i in $(seq 50); do grep -q 'Child SA rekeyed' "$OUTDIR/$HOST/pluto.log" && [ "$(ip -o xfrm state | wc -l)" -le 2 ] && break; sleep 0.2; done
ipsec whack --rekey-ike --name west-east
wait $pingpid
awk '/packet loss/ { print ($1 - $4 <= 1) ? "ping across the rekeys: 60 sent, at most 1 lost" : $0 }' "$OUTDIR/$HOST/ping.log"
grep -E 'rekey|replaces|deleted' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
ipsec status | grep -E 'ESTABLISHED|Child SA'
# one SA pair, both counting, none of the first Child SA's SPIs left
xfrm-counters
ip -o xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort | comm -12 - "$OUTDIR/$HOST/old-spis" | wc -l

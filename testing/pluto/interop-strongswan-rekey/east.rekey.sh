# charon keeps a replaced inbound SA a while after a rekey, its own or
# west's (charon.delete_rekeyed_delay, 5 s by default): wait up to 10 s
for i in $(seq 50); do [ "$(ip -o xfrm state | wc -l)" -le 2 ] && break; sleep 0.2; done
xfrm-counters
ip -o xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort | comm -12 - "$OUTDIR/west/spis-1" | wc -l
# the peer rekeys
"$REPO/testing/peers/charon.sh" swanctl --rekey --child west-east > "$OUTDIR/$HOST/rekey.log" 2>&1
tail -n 1 "$OUTDIR/$HOST/rekey.log"
# swanctl --rekey returns once the rekey is queued: wait (up to 10 s)
# until the pair it replaced is gone, inbound SA included
for i in $(seq 50); do ip -o xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort | comm -12 - "$OUTDIR/west/spis-2" | grep -q . || break; sleep 0.2; done
ping -n -c 2 -i 0.2 -W 2 -I 198.51.100.129 198.51.100.1
xfrm-counters
ip -o xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort | comm -12 - "$OUTDIR/west/spis-2" | wc -l
"$REPO/testing/peers/charon.sh" swanctl --list-sas | grep -E 'ESTABLISHED|INSTALLED' | sed -E 's/, [0-9a-f]{16}_i.*//; s/, reqid [0-9]+//'

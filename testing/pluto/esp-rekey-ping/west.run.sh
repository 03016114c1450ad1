ipsec auto --up west-east
# the first Child SA's SPIs, to tell the rekeyed ones from them
ip -o xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort > "$OUTDIR/$HOST/old-spis"
wc -l < "$OUTDIR/$HOST/old-spis"
# 200 pings, one every 0.05 s, run across all the rekeys
ping -n -i 0.05 -c 200 -W 2 -I 198.51.100.1 198.51.100.129 > "$OUTDIR/$HOST/ping.log" 2>&1 & pingpid=$!
sleep 1
# three Child SA rekeys, each waited for (up to 10 s: slow under emulation) until the old pair is gone
for n in 1 2 3; do ipsec whack --rekey-child --name west-east; for i in $(seq 50); do [ "$(grep -c 'Child SA rekeyed' "$OUTDIR/$HOST/pluto.log")" -ge $n ] && [ "$(ip -o xfrm state | wc -l)" -le 2 ] && break; sleep 0.2; done; done
ipsec whack --rekey-ike --name west-east
wait $pingpid
grep 'packet loss' "$OUTDIR/$HOST/ping.log"
grep -E 'rekey|replaces|deleted' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
ipsec status | grep -E 'ESTABLISHED|Child SA'
# one SA pair, both counting, none of the first Child SA's SPIs left
xfrm-counters
ip -o xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort | comm -12 - "$OUTDIR/$HOST/old-spis" | wc -l

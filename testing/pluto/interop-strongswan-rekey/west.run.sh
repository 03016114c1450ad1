ipsec auto --up west-east
ip -o xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort > "$OUTDIR/$HOST/spis-1"
# a ping every 0.05 s for 30 s runs across both rekeys (west.check.sh waits for it)
. "$REPO/testing/pluto/common/ping-across.sh"
ping_across_start
# our side rekeys: CREATE_CHILD_SA with a KE payload (PFS)
ipsec whack --rekey-child --name west-east
# wait (up to 10 s) for the rekey to finish and the old pair to go: slow under emulation
for i in $(seq 50); do grep -q 'Child SA rekeyed' "$OUTDIR/$HOST/pluto.log" && [ "$(ip -o xfrm state | wc -l)" -le 2 ] && break; sleep 0.2; done
ping -n -c 2 -i 0.2 -W 2 -I 198.51.100.1 198.51.100.129
xfrm-counters
# the SPIs are the same on both ends: none of the first pair is left
ip -o xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort | tee "$OUTDIR/$HOST/spis-2" | comm -12 - "$OUTDIR/$HOST/spis-1" | wc -l

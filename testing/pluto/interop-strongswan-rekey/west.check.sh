# the ping across both rekeys: still running after the peer's, and nothing lost
ping_across_end
xfrm-counters
# none of the pair that east replaced is left here either
ip -o xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort | comm -12 - "$OUTDIR/$HOST/spis-2" | wc -l
grep -E 'rekey|replaces|deleted' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
ipsec status | grep -E 'ESTABLISHED|Child SA'

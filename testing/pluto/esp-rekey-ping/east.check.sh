xfrm-counters
# the SPIs are the same on both ends: none of the first Child SA's is left
ip -o xfrm state | grep -o 'spi 0x[0-9a-f]*' | sort | comm -12 - "$OUTDIR/west/old-spis" | wc -l
grep -E 'rekey|replaces|deleted' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'

ipsec stop
# what was fragmented and reassembled, without the content sizes
grep -E 'fragments|established' "$OUTDIR/$HOST/pluto.log" | sed -E -e 's/^.*: (#|")/\1/' -e 's/ \([0-9]+ octets[^)]*\)$//'

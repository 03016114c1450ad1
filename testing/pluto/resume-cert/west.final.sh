ipsec stop
grep -E 'authenticated peer|established' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'

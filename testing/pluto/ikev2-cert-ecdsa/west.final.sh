ipsec stop
grep -E 'authenticated peer|established|refused' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'

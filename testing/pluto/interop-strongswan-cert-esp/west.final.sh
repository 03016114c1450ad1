ipsec stop
grep -E 'authenticated peer' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'

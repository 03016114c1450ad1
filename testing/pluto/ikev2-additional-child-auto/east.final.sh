ipsec stop
grep -E 'established|deleted' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'

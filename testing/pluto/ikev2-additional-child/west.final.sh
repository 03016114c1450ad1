ipsec stop
grep -E 'established|deleted|additional' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'

ipsec stop
grep -E 'established|deleted|INITIAL_CONTACT|replac' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'

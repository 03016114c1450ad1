sleep 0.3
ipsec status | grep -E '^(pluto|#)'
ipsec stop
grep -E 'established|deleted|INITIAL_CONTACT|replac' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'

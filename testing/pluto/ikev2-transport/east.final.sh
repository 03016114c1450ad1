ipsec status | grep -E '^(pluto|#)'
ipsec stop
grep -E 'established|deleted|would add' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/; s/^.*: kernel/kernel/'

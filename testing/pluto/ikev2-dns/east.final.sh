ipsec status
ipsec stop
grep -E 'established|deleted|Child SA' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'

grep -E 'rekey|replaces|deleted' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
ipsec status
ipsec stop

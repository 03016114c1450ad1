ipsec stop
grep -E 'initiating|established|additional' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'

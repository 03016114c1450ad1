ipsec status | grep -oE 'IKE SAs [0-9]+|ESTABLISHED'
ipsec stop
grep -E 'refused|neither|AUTHENTICATION_FAILED|established' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'

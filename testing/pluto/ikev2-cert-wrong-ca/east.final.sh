ipsec status | grep -E 'IKE SAs|ESTABLISHED'
ipsec stop
grep -E 'refused|neither|AUTHENTICATION_FAILED|established' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'

ipsec status
grep -E 'AUTHENTICATION_FAILED' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
ipsec stop

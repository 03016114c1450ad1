ipsec status
grep -E 'NAT detected|moved' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
ipsec stop

grep -E 'NAT detected|moved' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
ipsec status | grep -E 'ESTABLISHED|Child SA'
xfrm-counters

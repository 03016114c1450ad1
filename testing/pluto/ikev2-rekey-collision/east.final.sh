grep -c 'rekeys Child SA .* while we do' "$OUTDIR/$HOST/pluto.log"
grep -c 'simultaneous rekey of Child SA' "$OUTDIR/$HOST/pluto.log"
ipsec status | grep -c 'Child SA of'
# one side lost, the other won; both hold the same SA, seen from each end
cat "$OUTDIR"/west/pluto.log "$OUTDIR"/east/pluto.log | grep -c 'simultaneous rekey.*ours (#[0-9]*) loses'
ipsec status | grep -o 'ESP 0x[0-9a-f]*<0x[0-9a-f]*' | sed -E 's/ESP (0x[0-9a-f]*)<(0x[0-9a-f]*)/ESP \2<\1/' | cmp - "$OUTDIR/west/spis" && echo "same SA on both sides"
ipsec stop

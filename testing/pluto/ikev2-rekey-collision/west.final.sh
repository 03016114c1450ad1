grep -c 'rekeys Child SA .* while we do' "$OUTDIR/$HOST/pluto.log"
grep -c 'simultaneous rekey of Child SA' "$OUTDIR/$HOST/pluto.log"
ipsec status | grep -c 'Child SA of'
ipsec status | grep -o 'ESP 0x[0-9a-f]*<0x[0-9a-f]*' > "$OUTDIR/$HOST/spis"

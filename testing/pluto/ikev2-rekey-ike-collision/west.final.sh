grep -c 'rekeys the IKE SA while we do' "$OUTDIR/$HOST/pluto.log"
grep -c 'simultaneous IKE SA rekey' "$OUTDIR/$HOST/pluto.log"
ipsec status | grep -cE 'ESTABLISHED IKE SA|Child SA of'
ipsec status | grep -o 'ESP 0x[0-9a-f]*<0x[0-9a-f]*' > "$OUTDIR/$HOST/spis"

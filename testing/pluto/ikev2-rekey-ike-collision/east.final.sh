grep -c 'rekeys the IKE SA while we do' "$OUTDIR/$HOST/pluto.log"
grep -c 'simultaneous IKE SA rekey' "$OUTDIR/$HOST/pluto.log"
ipsec status | grep -cE 'ESTABLISHED IKE SA|Child SA of'
# one side lost (it learns so from its response or from the DELETE of the old SA); both hold the same Child SA
cat "$OUTDIR"/west/pluto.log "$OUTDIR"/east/pluto.log | grep -cE 'simultaneous IKE SA rekey: (ours .* loses|the peer.s .* won)'
ipsec status | grep -o 'ESP 0x[0-9a-f]*<0x[0-9a-f]*' | sed -E 's/ESP (0x[0-9a-f]*)<(0x[0-9a-f]*)/ESP \2<\1/' | cmp - "$OUTDIR/west/spis" && echo "same SA on both sides"
ipsec stop

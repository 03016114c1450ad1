grep -E 'rekey|PFS|deleted' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
ipsec status | grep -c 'Child SA of'
ipsec status | grep -o 'ESP 0x[0-9a-f]*<0x[0-9a-f]*' | sed -E 's/ESP (0x[0-9a-f]*)<(0x[0-9a-f]*)/ESP \2<\1/' | cmp - "$OUTDIR/west/spis" && echo "same SA on both sides"
ipsec stop

ipsec auto --up west-east
ipsec whack --rekey-child --name west-east
sleep 1
grep -E 'rekey|PFS|deleted' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
ipsec status | grep -c 'Child SA of'
ipsec status | grep -o 'ESP 0x[0-9a-f]*<0x[0-9a-f]*' > "$OUTDIR/$HOST/spis"

nft list chain inet ka in | grep -q 'packets [1-9]' && echo "east: NAT-keepalives arrive from road"
nft list chain inet ka out | grep -q 'packets 0 ' && echo "east: sends none itself"
nft delete table inet ka
grep -E 'NAT detected|moved' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'
ipsec stop

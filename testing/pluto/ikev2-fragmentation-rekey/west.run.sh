ipsec auto --up west-east
# Child SA rekeys at 5, 10, 15s; the IKE SA rekey at 17s; the next Child rekey at ~20s, on the new IKE SA
sleep 22
grep -E 'rekey|replaces|deleted' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'

# east's Delete removed everything (give it time to arrive)
sleep 0.5
xfrm-counters
ipsec stop
grep -E 'authenticated peer' "$OUTDIR/$HOST/pluto.log" | sed 's/^.*: "/"/'

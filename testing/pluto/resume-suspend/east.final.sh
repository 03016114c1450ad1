# west resumed while east still held its old IKE SA: replaced silently
# (4 sent below: the two exchanges' responses, no DELETE)
grep -o 'replaces #[0-9]* of the same peer.*' "$OUTDIR/$HOST/pluto.log"
ipsec status
ipsec stop

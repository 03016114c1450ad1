grep -o 'accepted a ticket.*' "$OUTDIR/$HOST/pluto.log"
ipsec status
ipsec stop

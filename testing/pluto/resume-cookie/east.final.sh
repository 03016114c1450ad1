# one cookie demanded per exchange that creates an IKE SA
grep -o 'answering .* with COOKIE' "$OUTDIR/$HOST/pluto.log"
grep -o 'accepted a ticket.*' "$OUTDIR/$HOST/pluto.log"
ipsec status
ipsec stop

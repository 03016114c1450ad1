# the refusal, then nothing half-made: one IKE SA, the full handshake's
grep -o 'IKE_SESSION_RESUME from .*' "$OUTDIR/$HOST/pluto.log"
ipsec whack --status
ipsec whack --trafficstatus
ipsec stop

# asked again 2s after the TICKET_ACK
sleep 3
ipsec status | grep 'ticket:'
# and again 10s before the 20s ticket ends
sleep 10
grep -o '#[0-9]*: .*ticket.*' "$OUTDIR/$HOST/pluto.log"
ipsec status
# the refreshed ticket resumes
ipsec suspend west-east
ipsec resume west-east

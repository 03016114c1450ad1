ipsec status | grep -E '^(pluto|#)'
# the responder deletes
ipsec auto --down west-east-transport
sleep 0.3

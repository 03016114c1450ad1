ipsec status | grep -E '^#'
ipsec auto --down west-east
sleep 0.3
ipsec status | grep -E '^(pluto|#)'

ipsec auto --up west-east-6
ipsec status | grep -E '^(pluto|#)'
ipsec trafficstatus
ipsec auto --down west-east-6
sleep 0.3

ipsec auto --up west-east
ipsec status
ipsec trafficstatus
ipsec auto --down west-east
sleep 0.3

ipsec auto --up west-east
ipsec status
ipsec auto --down west-east
sleep 0.3

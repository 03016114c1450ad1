ipsec auto --up west-east
ipsec auto --down west-east
sleep 0.3

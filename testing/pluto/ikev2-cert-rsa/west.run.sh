ipsec auto --up west-east
ipsec status | grep west-east
ipsec auto --down west-east
sleep 0.3

ipsec auto --up west-east
ipsec status | grep -E '^#'
ipsec auto --down west-east
sleep 0.3

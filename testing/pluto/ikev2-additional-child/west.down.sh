ipsec auto --down west-east-2
sleep 0.3
ipsec status | grep -E '^#'

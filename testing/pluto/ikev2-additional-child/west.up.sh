ipsec auto --up west-east
ipsec auto --up west-east-2
ipsec status | grep -E '^#'

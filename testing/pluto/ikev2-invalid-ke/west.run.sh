ipsec auto --up west-east
ipsec status

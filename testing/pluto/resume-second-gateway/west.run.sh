ipsec auto --up west-east
ipsec suspend west-east

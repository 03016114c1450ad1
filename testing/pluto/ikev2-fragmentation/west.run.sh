ipsec auto --up west-east
ipsec suspend west-east
ipsec resume west-east
ipsec status

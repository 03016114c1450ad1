ipsec auto --up west-east
ipsec suspend west-east
ipsec status
ipsec resume west-east
ipsec status

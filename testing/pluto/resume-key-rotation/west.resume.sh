ipsec resume west-east
ipsec status

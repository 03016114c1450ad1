ipsec resume west-east

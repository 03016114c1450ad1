ipsec auto --up west-east

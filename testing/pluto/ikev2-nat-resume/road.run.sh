ipsec auto --up road-east
ipsec suspend road-east
ipsec resume road-east
ipsec status

ipsec status
ipsec stop

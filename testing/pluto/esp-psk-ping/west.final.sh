ipsec stop

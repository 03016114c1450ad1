ipsec auto --up west-east
ipsec status | grep -c 'ticket:'

ip route add 192.0.2.2/32 dev eth2 src 192.0.2.1
ipsec resume west-east
ipsec status

ipsec auto --up west-east
# through the tunnel: client subnet to client subnet
ping -n -c 2 -i 0.2 -W 2 -I 198.51.100.1 198.51.100.129
xfrm-counters

ipsec auto --up west-east
ping -n -c 2 -i 0.2 -W 2 -I 198.51.100.1 198.51.100.129
xfrm-counters
ipsec suspend west-east
xfrm-counters
ipsec resume west-east
# through the new SAs
ping -n -c 2 -i 0.2 -W 2 -I 198.51.100.1 198.51.100.129
xfrm-counters

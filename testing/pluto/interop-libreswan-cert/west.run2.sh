xfrm-counters
# now west initiates: libreswan (responder) verifies our ECDSA signature
ipsec auto --up west-east
ping -n -c 2 -i 0.2 -W 2 -I 198.51.100.1 198.51.100.129
xfrm-counters

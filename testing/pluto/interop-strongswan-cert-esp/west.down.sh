# our Delete takes the ECDSA tunnel down on both sides
ipsec auto --down west-east
sleep 0.5
xfrm-counters

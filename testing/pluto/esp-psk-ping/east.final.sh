# west's Delete removed everything
xfrm-counters
ipsec stop

xfrm-counters

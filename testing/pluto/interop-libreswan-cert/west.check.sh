ipsec status | grep -E 'ESTABLISHED|Child SA'
xfrm-counters

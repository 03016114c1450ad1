ipsec auto --up west-east
ipsec status | grep -E '^(pluto|#)'

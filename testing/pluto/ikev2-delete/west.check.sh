ipsec status | grep -E '^(pluto|#)'

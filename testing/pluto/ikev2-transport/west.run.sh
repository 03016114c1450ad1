ipsec auto --up west-east-transport
ipsec status | grep -E '^(pluto|"|#)'

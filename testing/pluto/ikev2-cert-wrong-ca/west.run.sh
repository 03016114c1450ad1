ipsec auto --up rogue
ipsec auto --up badid
ipsec auto --up rsakey
ipsec status | grep -c ESTABLISHED

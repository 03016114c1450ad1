ipsec auto --up rogue
ipsec auto --up badid
ipsec status | grep -c ESTABLISHED

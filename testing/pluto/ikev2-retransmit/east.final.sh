# east answered west's retransmissions from its cache
ipsec status | grep -Eo '[0-9]+ retransmits answered' | awk '{ print ($1 >= 1 ? "retransmits answered: yes" : "retransmits answered: none") }'
# and never saw west-east-short's requests
ipsec status | grep -E '^(pluto|#)'
ipsec stop

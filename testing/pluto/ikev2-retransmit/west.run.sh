# drop east's answers (UDP from port 500) for 1.2 s: west retransmits at
# 0.5 s and 1.5 s after its first request
nft add table inet lossy
nft add chain inet lossy input '{ type filter hook input priority 0; }'
nft add rule inet lossy input udp sport 500 counter drop
ipsec auto --asynchronous --up west-east
sleep 1.2
nft delete table inet lossy
# the third request gets through
for i in $(seq 50); do ipsec status | grep -q 'Child SA of' && break; sleep 0.1; done
ipsec status | grep '^#'
ipsec auto --down west-east
sleep 0.3
# now west's own requests are dropped until the limit
nft add table inet lossy
nft add chain inet lossy output '{ type filter hook output priority 0; }'
nft add rule inet lossy output udp dport 500 counter drop
ipsec auto --up west-east-short
ipsec status | grep -E '^(pluto|#)'
nft delete table inet lossy

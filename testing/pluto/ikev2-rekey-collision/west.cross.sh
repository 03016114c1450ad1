# hold every IKE packet we send, then start the rekey: the request waits
nft add table inet lossy
nft add chain inet lossy output '{ type filter hook output priority 0; }'
nft add rule inet lossy output udp dport 500 counter drop
ipsec whack --rekey-child --name west-east

nft add table inet seen
nft add chain inet seen input '{ type filter hook input priority 0; policy accept; }'
nft add rule inet seen input ip saddr 192.0.2.254 icmp type echo-request counter
nft add rule inet seen input ip saddr 203.0.113.2 icmp type echo-request counter

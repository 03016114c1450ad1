nft add table inet cut
nft add chain inet cut in '{ type filter hook input priority 0; policy drop; }'
nft add chain inet cut out '{ type filter hook output priority 0; policy drop; }'

. "$REPO/testing/pluto/common/start.sh"
# count one-octet UDP datagrams to and from port 4500 (NAT-keepalives)
nft add table inet ka
nft add chain inet ka in '{ type filter hook input priority 0; }'
nft add chain inet ka out '{ type filter hook output priority 0; }'
nft add rule inet ka in udp dport 4500 udp length 9 counter
nft add rule inet ka out udp sport 4500 udp length 9 counter

. "$REPO/testing/pluto/common/start.sh"
# road's address, through nic, from our client address (no daemon here routes)
ip route add 203.0.113.2/32 via 192.0.2.254 src 198.51.100.129

hostname
ip addr show
ip route show
# sorted: the order of equal-length routes (fe80::/64 on two links) varies
ip -6 route show | sort
# neither west's ipsec.conf nor its /run leak into east
grep -qs west-east /etc/ipsec.conf || echo "no west config here"
test -e /run/marker

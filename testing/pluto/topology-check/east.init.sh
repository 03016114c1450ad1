hostname
ip addr show
ip route show
ip -6 route show
# neither west's ipsec.conf nor its /run leak into east
grep -qs west-east /etc/ipsec.conf || echo "no west config here"
test -e /run/marker

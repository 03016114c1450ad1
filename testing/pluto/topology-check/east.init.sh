hostname
ip addr show
ip route show
ip -6 route show
# neither west's ipsec.conf nor its /run leak into east
test -e /etc/ipsec.conf
test -e /run/marker

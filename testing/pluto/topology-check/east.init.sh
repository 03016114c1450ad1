hostname
ip addr show
ip route show
ip -6 route show
# east has no ipsec.conf: the file does not leak from west
test -e /etc/ipsec.conf
ls /run

# sourced by init scripts of ESP scenarios: route the other side's client
# subnet over eth0, from our own client address, so a ping between the
# subnets meets the tunnel's policies (no daemon here installs routes)
case "$HOST" in
west) ip route add 198.51.100.128/25 via 192.0.2.2 src 198.51.100.1 ;;
east) ip route add 198.51.100.0/25 via 192.0.2.1 src 198.51.100.129 ;;
esac

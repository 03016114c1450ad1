# shellcheck shell=bash
# Two network namespaces joined by a veth pair, for ESP tests in the VM.
# Sourced by the VM test scripts (bash).
#
#   west  veth "west" 192.0.2.1/24   client 10.0.1.1 (on lo), 10.0.2.0/24 via east
#   east  veth "east" 192.0.2.2/24   client 10.0.2.1 (on lo), 10.0.1.0/24 via west
#
# Traffic between the clients is what the tunnel-mode policies cover; the
# outer ESP packets travel between 192.0.2.1 and 192.0.2.2.

WEST_IP=192.0.2.1 EAST_IP=192.0.2.2
WEST_NET=10.0.1.0/24 EAST_NET=10.0.2.0/24
WEST_CLIENT=10.0.1.1 EAST_CLIENT=10.0.2.1

netns_pair_down() {
	ip netns del west 2>/dev/null
	ip netns del east 2>/dev/null
	return 0
}

netns_pair_up() {
	netns_pair_down
	ip netns add west && ip netns add east &&
	ip link add west netns west type veth peer name east netns east &&
	ip -n west addr add "$WEST_IP/24" dev west &&
	ip -n east addr add "$EAST_IP/24" dev east &&
	ip -n west link set lo up && ip -n west link set west up &&
	ip -n east link set lo up && ip -n east link set east up &&
	ip -n west addr add "$WEST_CLIENT/32" dev lo &&
	ip -n east addr add "$EAST_CLIENT/32" dev lo &&
	ip -n west route add "$EAST_NET" via "$EAST_IP" src "$WEST_CLIENT" &&
	ip -n east route add "$WEST_NET" via "$WEST_IP" src "$EAST_CLIENT"
}

# xfrm_packets NS SPI: the packet counter of the SA with that SPI (hex,
# 0x...), from `ip -s xfrm state`; empty when there is no such SA.
xfrm_packets() {
	ip -n "$1" -s xfrm state | awk -v spi="$(printf '0x%08x' "$2")" '
		$1 == "proto" && $4 ~ "^" spi { insa = 1; next }
		/^src / { insa = 0 }
		insa && /lifetime current:/ { cur = 1; next }
		insa && cur { sub(/\(packets\).*/, ""); sub(/.*, /, ""); print; exit }'
}

# xfrm_count NS state|policy: how many entries `ip xfrm` lists.
xfrm_count() {
	ip -n "$1" xfrm "$2" list | grep -c '^src '
}

# ping_clients: three pings from west's client to east's client.
ping_clients() {
	ip netns exec west ping -n -q -c 3 -i 0.2 -W 2 -I "$WEST_CLIENT" "$EAST_CLIENT"
}

# Check helpers: count results, print ok/FAIL lines and a summary.
PASSED=0 FAILED=0
check() {	# check DESCRIPTION COMMAND...
	local what=$1; shift
	if "$@"; then
		PASSED=$((PASSED + 1)); echo "ok   $what"
	else
		FAILED=$((FAILED + 1)); echo "FAIL $what"
	fi
}
summary() {	# summary NAME: prints "NAME: N passed, N failed", status
	echo "$1: $PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}

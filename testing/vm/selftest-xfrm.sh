#!/bin/bash
# kernel_xfrm against a real kernel, inside the VM:
#
#   testing/vm/run-in-vm.sh testing/vm/selftest-xfrm.sh [XFRM-SELFTEST]
#   make vm-selftest
#
# For AES-GCM and for AES-CBC+HMAC-SHA2-256 (with SA selectors and ESN):
# each namespace runs xfrm-selftest to install its SA pair and policies,
# a ping crosses the tunnel, the counters read through get_sa_counters
# match iproute2's, and deleting everything leaves `ip xfrm state` and
# `ip xfrm policy` empty.  Then flush() and the error answers.
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/testing/vm/xfrm-selftest}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
# shellcheck source=testing/vm/netns-pair.sh
. "$here/netns-pair.sh"

[ -x "$bin" ] || { echo "selftest-xfrm: no $bin (make vm-tools)"; echo "selftest-xfrm: 0 passed, 1 failed"; exit 1; }

# on NS ARGS...: run the test program in a namespace, indented.
on() {
	local ns=$1; shift
	ip netns exec "$ns" "$bin" "$ns" "$@" 2>&1 | sed 's/^/    /'
	return "${PIPESTATUS[0]}"
}

empty() {	# empty NS: no SA and no policy left
	[ "$(xfrm_count "$1" state)" -eq 0 ] && [ "$(xfrm_count "$1" policy)" -eq 0 ]
}

counted() {	# counted NS: program's and iproute2's packet counts agree, >= 3
	local ns=$1 out spi n
	out=$(ip netns exec "$ns" "$bin" "$ns" counters 3 2>&1) || { echo "$out" | sed 's/^/    /'; return 1; }
	echo "$out" | sed 's/^/    /'
	for spi in 0x1001 0x2002; do
		n=$(xfrm_packets "$ns" "$spi")
		grep -q "SA $(printf '0x%08x' "$spi"): .* ${n:-none} packets" <<<"$out" || {
			echo "    $ns SA $spi: iproute2 says ${n:-none} packets"; return 1; }
	done
}

check "namespaces and veth pair" netns_pair_up
for alg in gcm cbc; do
	echo "--- $alg"
	check "west installs ($alg)" on west up "$alg"
	check "east installs ($alg)" on east up "$alg"
	check "west has 2 SAs and 3 policies" test "$(xfrm_count west state)$(xfrm_count west policy)" = 23
	check "east has 2 SAs and 3 policies" test "$(xfrm_count east state)$(xfrm_count east policy)" = 23
	check "ping through the tunnel ($alg)" ping_clients
	check "west counters match iproute2" counted west
	check "east counters match iproute2" counted east
	check "west deletes" on west down
	check "east deletes" on east down
	check "west is empty" empty west
	check "east is empty" empty east
done

echo "--- flush and errors"
check "west flush cycle" on west flush gcm
check "west is empty after flush" empty west
check "east flush cycle (cbc)" on east flush cbc
check "east is empty after flush" empty east
check "west error answers" on west errors
check "west is empty after the error test" empty west
# The host-side unit test, here with a kernel that has ESP: the SA path
# with NAT-T encapsulation, a 64-packet window and a lifetime.
unit=$(dirname "$bin")/../unit/test_kernel_xfrm
if [ -x "$unit" ]; then
	check "test_kernel_xfrm with kernel ESP" bash -c "set -o pipefail; '$unit' | sed 's/^/    /'"
fi
netns_pair_down
summary selftest-xfrm

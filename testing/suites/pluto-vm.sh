#!/bin/bash
# Suite for `make check`: the namespace scenarios of testing/pluto/ inside
# one qemu VM with real kernel ESP (testing/pluto/README.md, "In the VM"):
# the daemon's own ESP scenarios, the interop ones against Debian's
# strongSwan and libreswan (installed by testing/peers/install.sh), and
# every host scenario that runs there too.  One boot for the whole batch;
# a guest that hangs is killed after PLUTO_VM_TIMEOUT seconds (default
# 600) and counted as a failure.  Closing line: "pluto-vm: N passed, N
# failed".  SKIP_VM=1 leaves it out.  Arguments (scenario names) are
# passed on.
cd "$(dirname "$0")/../.." || exit 1
if [ "${SKIP_VM:-}" = 1 ]; then
	echo "pluto-vm: skipped (SKIP_VM=1)"
	echo "pluto-vm: 0 passed, 0 failed"
	exit 0
fi
if ! make -s -j2 all; then
	echo "pluto-vm: build failed"
	echo "pluto-vm: 0 passed, 1 failed"
	exit 1
fi
if ! testing/peers/install.sh; then
	echo "pluto-vm: cannot install the interop peers (testing/peers/install.sh)"
	echo "pluto-vm: 0 passed, 1 failed"
	exit 1
fi
PLUTO_VM_TIMEOUT=${PLUTO_VM_TIMEOUT:-600} exec testing/pluto/run.sh --vm "$@"

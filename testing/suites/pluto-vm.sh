#!/bin/bash
# Suite for `make check`: the namespace scenarios of testing/pluto/ inside
# one qemu VM with real kernel ESP (testing/pluto/README.md, "In the VM"):
# every scenario whose `modes` says vm (the daemon's own ESP scenarios,
# the interop ones against Debian's strongSwan and libreswan, installed
# by testing/peers/install.sh), then the host scenarios listed in
# testing/suites/pluto-vm.list.  One boot for the whole batch; a guest
# that hangs is killed after PLUTO_VM_TIMEOUT seconds (default 900: the
# machine may be loaded) and counted as a failure.  Closing line:
# "pluto-vm: N passed, N failed".  SKIP_VM=1 leaves it out.  Arguments
# (scenario names) replace the batch.
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
# Without arguments: every VM-only scenario, then the host scenarios of
# pluto-vm.list.
if [ $# -eq 0 ]; then
	for d in testing/pluto/*/; do
		[ -f "$d/hosts" ] && [ "$(cat "$d/modes" 2>/dev/null)" = vm ] && set -- "$@" "$(basename "$d")"
	done
	while read -r name _; do
		case "$name" in ''|'#'*) continue ;; esac
		if [ ! -f "testing/pluto/$name/hosts" ]; then
			echo "pluto-vm: $name in testing/suites/pluto-vm.list is not a scenario"
			echo "pluto-vm: 0 passed, 1 failed"
			exit 1
		fi
		set -- "$@" "$name"
	done < testing/suites/pluto-vm.list
fi
PLUTO_VM_TIMEOUT=${PLUTO_VM_TIMEOUT:-900} exec testing/pluto/run.sh --vm "$@"

#!/bin/bash
# Suite for `make check`: pluto's kernel_xfrm against real kernel ESP in
# a qemu VM (testing/vm/README.md).  SKIP_VM=1 leaves it out.
cd "$(dirname "$0")/../.." || exit 1
if [ "${SKIP_VM:-}" = 1 ]; then
	echo "vm-selftest: skipped (SKIP_VM=1)"
	echo "vm-selftest: 0 passed, 0 failed"
	exit 0
fi
if ! make -s -j2 vm-tools build/testing/unit/test_kernel_xfrm; then
	echo "vm-selftest: build failed"
	echo "vm-selftest: 0 passed, 1 failed"
	exit 1
fi
testing/vm/run-in-vm.sh --timeout 600 testing/vm/selftest-xfrm.sh build/testing/vm/xfrm-selftest
rc=$?
# 124 (timeout) and 125 (harness): the script's own summary is missing.
if [ "$rc" -ge 124 ]; then
	echo "vm-selftest: 0 passed, 1 failed"
fi
exit "$rc"

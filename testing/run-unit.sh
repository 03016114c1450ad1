#!/bin/sh
# Run unit-test programs; print their output and one total line.
#   testing/run-unit.sh BUILDDIR PROG...
# A program that dies without its summary line counts as one failure.
set -u
builddir=$1; shift
passed=0; failed=0
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	printf '%s\n' "$out"
	line=$(printf '%s\n' "$out" | grep -E '^[^ ]+: [0-9]+ passed, [0-9]+ failed$' | tail -n 1)
	if [ -z "$line" ]; then
		echo "$t: died (exit $rc) without a summary"
		failed=$((failed + 1))
		continue
	fi
	p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
	passed=$((passed + p)); failed=$((failed + f))
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && { echo "$t: exit $rc"; failed=$((failed + 1)); }
done
echo "unit($builddir): $passed passed, $failed failed"
[ "$failed" -eq 0 ]

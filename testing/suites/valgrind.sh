#!/bin/bash
# A few daemon scenarios of testing/pluto/ with every pluto under
# valgrind's memcheck (the normal build): the consoles must be the usual
# ones, and valgrind must find no memory error and no definite or
# indirect leak.  testing/check.sh reads the closing line,
# "valgrind: N passed, N failed".  Needs root.
#
#   testing/suites/valgrind.sh [NAME...]    default: the list below
#
# `ipsec start` puts $PLUTO_WRAPPER before the pluto command (the runner
# passes it into the consoles).  Each pluto writes valgrind.PID.log into
# a folder of the scenario's own; every such log must end with
# "ERROR SUMMARY: 0 errors" (leaks of the kinds named count as errors),
# and a scenario must leave one log per pluto it started (its
# HOST/pluto.log files), so that a pluto that was not run under valgrind,
# or that valgrind did not see exit, fails it.
cd "$(dirname "$0")/../.." || exit 1
suite=valgrind
out=OUTPUT/pluto-valgrind
logs=$PWD/OUTPUT/valgrind-logs

if ! command -v valgrind >/dev/null; then
	echo "$suite: valgrind not installed (mk/install-deps.sh)"
	echo "$suite: 0 passed, 1 failed"
	exit 1
fi
if ! make -s -j2 programs; then
	echo "$suite: build failed"
	echo "$suite: 0 passed, 1 failed"
	exit 1
fi

if [ $# -gt 0 ]; then
	names=("$@")
else
	# a full handshake and delete both ways, a refused one, resumption,
	# names resolved by libunbound (its resolver thread)
	names=(ikev2-psk-basic ikev2-psk-wrong resume-suspend ikev2-dns)
fi

# pluto under valgrind is some ten times slower, so a peer may
# retransmit a request before the answer comes: only the message
# counters of `ipsec status` may then differ from the expected console.
counters='s/^messages: [0-9]+ received, [0-9]+ sent, ([0-9]+ malformed), [0-9]+ retransmits answered$/messages: N received, N sent, \1, N retransmits answered/'
consoles_match_but_counters() {	# NAME: every console equal once counters are masked
	local want host
	for want in testing/pluto/"$1"/*.console.txt; do
		host=$(basename "$want" .console.txt)
		cmp -s <(sed -E "$counters" "$want") \
			<(sed -E "$counters" "$out/$1/$host.console.txt" 2>/dev/null) || return 1
	done
}

passed=0 failed=0 failures=()
for name in "${names[@]}"; do
	dir=$logs/$name
	rm -rf "$dir"; mkdir -p "$dir"
	result=$(PLUTO_WRAPPER="valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 --log-file=$dir/valgrind.%p.log" \
		testing/pluto/run.sh --timeout 180 --output "$out" "$name" 2>&1)
	rc=$?
	verdict=$(grep -E "^(ok|FAIL|XFAIL|SKIP) $name( |$)" <<<"$result" | head -n 1)
	why=''
	nlogs=$(compgen -G "$dir/valgrind.*.log" | wc -l)
	nplutos=$(compgen -G "$out/$name/*/pluto.log" | wc -l)
	note=''
	if [[ $verdict == "FAIL $name (console differs)" ]] && consoles_match_but_counters "$name"; then
		verdict="ok $name"; rc=0; note="; retransmissions changed only message counters"
	fi
	if [ "$rc" -ne 0 ] || [ -z "$verdict" ]; then
		why="scenario failed"
	elif [ "$nplutos" -eq 0 ] || [ "$nlogs" -lt "$nplutos" ]; then
		why="$nlogs valgrind logs for $nplutos plutos"
	else
		for f in "$dir"/valgrind.*.log; do
			if ! grep -q 'ERROR SUMMARY: 0 errors' "$f"; then
				why="valgrind: $(grep -h 'ERROR SUMMARY' "$f" || echo 'no summary (not finished?)') in $f"
				break
			fi
		done
	fi
	if [ -z "$why" ]; then
		passed=$((passed + 1))
		echo "$verdict ($nlogs plutos under valgrind$note)"
	else
		failed=$((failed + 1)); failures+=("$name")
		echo "FAIL $name ($why)"
		sed -n '/^FAIL\|^---\|^+++\|^[-+@]/p' <<<"$result" | head -n 40
		grep -h -B2 -A20 -E 'Invalid|uninitialised|definitely lost in|indirectly lost in' \
			"$dir"/valgrind.*.log 2>/dev/null | head -n 60
	fi
done
[ "$failed" -eq 0 ] || echo "$suite: failed: ${failures[*]}"
echo "$suite: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

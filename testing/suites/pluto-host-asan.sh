#!/bin/bash
# The host scenarios of testing/pluto/ with the ASan+UBSan build
# (build-asan): the same consoles must come out, and no sanitizer may
# report anything.  testing/check.sh reads the closing line,
# "pluto-host-asan: N passed, N failed".  Needs root.
#
#   testing/suites/pluto-host-asan.sh [NAME...]    default: every scenario
#
# pluto's stdio is /dev/null once `ipsec start` detaches it, so reports
# go to files: every scenario runs alone with ASAN_OPTIONS log_path in a
# folder of its own (the processes of all its hosts write asan.PROGRAM.PID
# there, log_exe_name=1).  UBSan (GCC's runtime, combined with ASan)
# ignores log_path and writes to stderr: pluto is started through
# PLUTO_WRAPPER=that folder's stderr.sh, which sends its stderr to
# pluto-stderr.PID there (whack's stderr is in the console anyway).
# atexit=1 makes every ASan process that exits write its allocator
# statistics there too: each host that ran pluto (left a HOST/pluto.log)
# ran `pluto --checkconfig` and the daemon, so there must be at least as
# many asan.pluto.* files with statistics, which shows the ASan pluto
# really ran (and not build/'s).  A scenario fails when the runner says
# so, or when any file there or under its results holds an ASan,
# LeakSanitizer or UBSan report.
cd "$(dirname "$0")/../.." || exit 1
suite=pluto-host-asan
out=OUTPUT/pluto-asan
logs=$PWD/OUTPUT/pluto-asan-logs

. testing/suites/scenario-suite.sh
suite_build VARIANT=asan programs

if [ $# -gt 0 ]; then
	names=("$@")
else
	names=()
	for d in testing/pluto/*/; do
		[ -f "$d/hosts" ] && names+=("$(basename "$d")")
	done
fi

report_re='ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: (AddressSanitizer|UndefinedBehaviorSanitizer)'
for name in "${names[@]}"; do
	dir=$logs/$name
	rm -rf "$dir"; mkdir -p "$dir"
	printf '#!/bin/sh\nexec "$@" 2>>"%s/pluto-stderr.$$"\n' "$dir" > "$dir/stderr.sh"
	chmod +x "$dir/stderr.sh"
	ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:atexit=1:log_exe_name=1:log_path=$dir/asan" \
		UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" PLUTO_WRAPPER="$dir/stderr.sh" \
		suite_run "$name" --builddir build-asan --output "$out"
	why=''
	if [ "$rc" -ne 0 ] || [ -z "$verdict" ]; then
		why="scenario failed"
	elif reports=$(grep -rlE "$report_re" "$dir" "$out/$name" 2>/dev/null) && [ -n "$reports" ]; then
		why="sanitizer report in $(echo "$reports" | head -n 1)"
	elif [[ $verdict != SKIP* ]] &&
		nplutos=$(compgen -G "$out/$name/*/pluto.log" | wc -l) &&
		nstats=$(grep -ls '^Stats:' "$dir"/asan.pluto.* | wc -l) &&
		[ "$nstats" -lt "$nplutos" ]; then
		why="$nstats ASan plutos for $nplutos pluto logs: was build-asan's pluto run?"
	fi
	suite_tally "$name" "$why"
	[ -z "$why" ] || grep -rhE -A12 "$report_re" "$dir" 2>/dev/null | head -n 40
done
suite_end

# Sourced (not run) by the suites that run testing/pluto scenarios one at
# a time under a tool (pluto-host-asan.sh, valgrind.sh); the caller sets
# $suite first.  check.sh runs only executable files: this one is not.

passed=0 failed=0 failures=() skipped=()

suite_build() {		# suite_build MAKE-ARGS...: build, or fail the suite
	make -s -j2 "$@" && return
	echo "$suite: build failed"
	echo "$suite: 0 passed, 1 failed"
	exit 1
}

# suite_run NAME RUNNER-ARGS...: run one scenario (the caller's
# environment passed on); sets result (the runner's output), rc and
# verdict (its "ok NAME", "XFAIL NAME (...)", ... line)
suite_run() {
	local name=$1; shift
	result=$(testing/pluto/run.sh "$@" "$name" 2>&1)
	rc=$?
	verdict=$(grep -E "^(ok|FAIL|XFAIL|SKIP) $name( |$)" <<<"$result" | head -n 1)
}

# suite_tally NAME WHY [NOTE]: counts the scenario passed when WHY is
# empty (printing the verdict and NOTE), failed otherwise (with the
# runner's diff); one the runner skipped (vm only) is neither
suite_tally() {
	if [ -z "$2" ] && [[ $verdict == SKIP* ]]; then
		skipped+=("$1")
		echo "$verdict"
	elif [ -z "$2" ]; then
		passed=$((passed + 1))
		echo "$verdict${3:+ ($3)}"
	else
		failed=$((failed + 1)); failures+=("$1")
		echo "FAIL $1 ($2)"
		sed -n '/^FAIL\|^---\|^+++\|^[-+@]/p' <<<"$result" | head -n 40
	fi
}

suite_end() {
	[ ${#skipped[@]} -eq 0 ] || echo "$suite: ${#skipped[@]} skipped (not run in host mode): ${skipped[*]}"
	[ "$failed" -eq 0 ] || echo "$suite: failed: ${failures[*]}"
	echo "$suite: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

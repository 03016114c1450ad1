#!/bin/bash
# Everything `make check` runs, in order, with one total line at the end:
#   1. build and unit tests, normal build
#   2. build and unit tests, ASan+UBSan build
#   3. libFuzzer targets, a short smoke run each
#   4. scenario suites (testing/pluto), when present
# Each step prints "<step>: N passed, N failed"; a step that cannot even
# build counts as one failure.  Output is also kept in OUTPUT/check.log.
set -u
cd "$(dirname "$0")/.."
mkdir -p OUTPUT
JOBS=${JOBS:-$(nproc)}
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
total_passed=0; total_failed=0

tally() {	# tally STEP-NAME < output
	local line p f
	line=$(grep -E '^[^ ]+: [0-9]+ passed, [0-9]+ failed$' | tail -n 1)
	if [ -z "$line" ]; then
		echo "check: step $1 produced no result: counted as failed"
		total_failed=$((total_failed + 1)); return
	fi
	p=$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$line")
	total_passed=$((total_passed + p)); total_failed=$((total_failed + f))
}

step() {	# step NAME COMMAND...
	local name=$1; shift
	echo "=== $name"
	"$@" 2>&1 | tee "OUTPUT/$name.log"
	tally "$name" < "OUTPUT/$name.log"
}

unit_variant() {
	if ! make -s -j"$JOBS" VARIANT="$1" all; then
		echo "unit-$1: build failed"; echo "unit-$1: 0 passed, 1 failed"; return
	fi
	make -s VARIANT="$1" unit
}

fuzz_smoke() {
	if ! make -s -j"$JOBS" fuzz; then
		echo "fuzz: build failed"; echo "fuzz: 0 passed, 1 failed"; return
	fi
	local p=0 f=0 t corpus
	for t in build-fuzz/testing/fuzz/fuzz_*; do
		[ -x "$t" ] || continue
		seeds=testing/fuzz/corpus/$(basename "$t")
		# libFuzzer writes new inputs into its first corpus directory:
		# give it a scratch copy so the source tree stays clean
		corpus=OUTPUT/fuzz/corpus-$(basename "$t")
		rm -rf "$corpus"; mkdir -p "$corpus"
		[ -d "$seeds" ] && cp -r "$seeds"/. "$corpus"/
		echo "fuzz: $(basename "$t") for ${FUZZ_SECONDS}s"
		if "$t" -max_total_time="$FUZZ_SECONDS" -print_final_stats=0 \
			-artifact_prefix=OUTPUT/fuzz/ "$corpus" \
			> "OUTPUT/fuzz/$(basename "$t").log" 2>&1; then
			p=$((p + 1)); echo "ok   $(basename "$t")"
		else
			f=$((f + 1)); echo "FAIL $(basename "$t") (see OUTPUT/fuzz/$(basename "$t").log)"
			tail -n 30 "OUTPUT/fuzz/$(basename "$t").log"
		fi
	done
	echo "fuzz: $p passed, $f failed"
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

{
step unit-normal unit_variant normal
step unit-asan unit_variant asan
step fuzz fuzz_smoke
for suite in testing/suites/*.sh; do
	[ -x "$suite" ] || continue
	step "$(basename "$suite" .sh)" "$suite"
done
} 2>&1 | tee OUTPUT/check.log
# the pipeline above runs in a subshell: recount from the step logs
total_passed=0; total_failed=0
for name in unit-normal unit-asan fuzz; do
	tally "$name" < "OUTPUT/$name.log"
done
for suite in testing/suites/*.sh; do
	[ -x "$suite" ] || continue
	tally "$(basename "$suite" .sh)" < "OUTPUT/$(basename "$suite" .sh).log"
done
echo "check: $total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]

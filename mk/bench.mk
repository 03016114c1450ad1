# Benchmarks (testing/bench/README.md); they need root (a network namespace).
#   make bench                       the full run: table, CSV, plot in OUTPUT/bench/
#   make bench BENCH_ARGS="N=500 STORM=2000"   smaller
# Timing never fails the target.

.PHONY: bench

bench: programs
	env BUILD=$(BUILDDIR) $(BENCH_ARGS) testing/bench/bench.sh

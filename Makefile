# Top-level, non-recursive build.  Sources are found by wildcard, so a new
# file in lib/*, programs/* or testing/* needs no Makefile edit.
#
#   make                 build libraries, programs and tests (build/)
#   make VARIANT=asan    the same with ASan+UBSan (build-asan/)
#   make check           install missing packages, build both variants,
#                        run every test, end with "N passed, N failed"
#   make fuzz            libFuzzer targets (clang, build-fuzz/)
#   make install         PREFIX=/usr/local DESTDIR=
#   make vm-selftest     kernel XFRM test inside a qemu VM (mk/vm.mk)
#   make bench           load tool benchmarks: resume vs full handshake (mk/bench.mk)

include mk/config.mk
include mk/rules.mk
include mk/tests.mk
include mk/fuzz.mk
include mk/install.mk
include mk/scenarios.mk
include mk/vm.mk
include mk/bench.mk

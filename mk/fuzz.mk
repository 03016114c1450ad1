# libFuzzer targets: testing/fuzz/fuzz_*.c, built with clang into
# build-fuzz/ by `make fuzz` (which re-invokes make with VARIANT=fuzz).

.PHONY: fuzz fuzz-targets

FUZZ_SRCS := $(sort $(wildcard testing/fuzz/fuzz_*.c))
FUZZ_TARGETS := $(patsubst %.c,$(BUILDDIR)/%,$(FUZZ_SRCS))

$(BUILDDIR)/testing/fuzz/fuzz_%: $(BUILDDIR)/testing/fuzz/fuzz_%.o $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

fuzz-targets: $(FUZZ_TARGETS)

fuzz:
	$(MAKE) VARIANT=fuzz fuzz-targets

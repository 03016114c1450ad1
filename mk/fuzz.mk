# libFuzzer targets: testing/fuzz/fuzz_*.c, built with clang into
# build-fuzz/ by `make fuzz` (which re-invokes make with VARIANT=fuzz).

.PHONY: fuzz fuzz-targets

FUZZ_SRCS := $(sort $(wildcard testing/fuzz/fuzz_*.c))
FUZZ_TARGETS := $(patsubst %.c,$(BUILDDIR)/%,$(FUZZ_SRCS))

$(BUILDDIR)/testing/fuzz/fuzz_%: $(BUILDDIR)/testing/fuzz/fuzz_%.o $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Targets that drive the daemon (fuzz_pluto_*, fuzz_resume_request) link
# it and the in-process responder and scripted peer of the unit tests
# (not pluto_craft.c: it needs the unit harness).
FUZZ_PLUTO_HARNESS := $(call objs,testing/unit/pluto_harness.c testing/unit/pluto_peer.c)
$(BUILDDIR)/testing/fuzz/fuzz_pluto_%.o: CPPFLAGS += -Iprograms/pluto -Itesting/unit
$(BUILDDIR)/testing/fuzz/fuzz_resume_request.o: CPPFLAGS += -Iprograms/pluto -Itesting/unit
$(BUILDDIR)/testing/fuzz/fuzz_pluto_%: $(BUILDDIR)/testing/fuzz/fuzz_pluto_%.o $(FUZZ_PLUTO_HARNESS) $(PLUTO_LIB) $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)
$(BUILDDIR)/testing/fuzz/fuzz_resume_request: $(BUILDDIR)/testing/fuzz/fuzz_resume_request.o $(FUZZ_PLUTO_HARNESS) $(PLUTO_LIB) $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

fuzz-targets: $(FUZZ_TARGETS)

fuzz:
	$(MAKE) VARIANT=fuzz fuzz-targets

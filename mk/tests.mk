# Unit tests: each testing/unit/test_*.c is one program linked with the
# harness (unit.c) and the libraries.  `make check` runs them in the
# normal and the ASan+UBSan build, then the fuzz smoke runs and the
# scenario suites, and prints one total line.

.PHONY: unit-tests check unit fuzz-smoke

UNIT_SRCS := $(sort $(wildcard testing/unit/test_*.c))
UNIT_TESTS := $(patsubst %.c,$(BUILDDIR)/%,$(UNIT_SRCS))
UNIT_HARNESS := $(call objs,testing/unit/unit.c)

comma := ,

# Tests may use daemon code: they link libpluto.a when pluto exists.
PLUTO_LIB := $(if $(wildcard programs/pluto/*.c),$(BUILDDIR)/programs/pluto/libpluto.a)

$(BUILDDIR)/testing/unit/test_%: $(BUILDDIR)/testing/unit/test_%.o $(UNIT_HARNESS) $(PLUTO_LIB) $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Tests of the daemon's exchanges run a responder in-process
# (pluto_harness.c) against a scripted initiator (pluto_peer.c).
PLUTO_HARNESS := $(call objs,testing/unit/pluto_harness.c testing/unit/pluto_peer.c testing/unit/pluto_craft.c)
$(BUILDDIR)/testing/unit/pluto_%.o: CPPFLAGS += -Iprograms/pluto
$(BUILDDIR)/testing/unit/test_pluto_%.o: CPPFLAGS += -Iprograms/pluto
# test_pluto_faults fails the daemon's NSS calls through link-time wrappers
NSS_FAULT_WRAPS := PK11_GenerateRandom PK11_Encrypt PK11_Decrypt PK11_HashBuf PK11_ExtractKeyValue \
	PK11_DigestBegin PK11_DigestOp PK11_DigestFinal PK11_ImportDERPrivateKeyInfoAndReturnKey \
	PK11_ImportSymKeyWithFlags PK11_ImportSymKey PK11_PubDeriveWithKDF \
	PK11_GenerateKeyPairWithOpFlags PK11_CreateContextBySymKey
$(BUILDDIR)/testing/unit/test_pluto_faults: LDFLAGS += $(patsubst %,-Wl$(comma)--wrap=%,$(NSS_FAULT_WRAPS))
$(BUILDDIR)/testing/unit/test_pluto_%: $(BUILDDIR)/testing/unit/test_pluto_%.o $(UNIT_HARNESS) $(PLUTO_HARNESS) $(PLUTO_LIB) $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# test_whack_client runs the whack built beside it
$(BUILDDIR)/testing/unit/test_whack_client: | $(BUILDDIR)/programs/whack/whack

unit-tests: $(UNIT_TESTS)

# Run this variant's unit tests (used by testing/check.sh).
unit: unit-tests
	testing/run-unit.sh $(BUILDDIR) $(UNIT_TESTS)

check:
	./mk/install-deps.sh
	testing/check.sh

.PHONY: demo
demo:
	$(MAKE) -s -j2 all
	testing/demo/demo.sh

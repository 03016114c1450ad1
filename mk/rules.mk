# Compilation rules with automatic header dependencies (-MMD), libraries
# and programs.

.DEFAULT_GOAL := all
# keep objects that chains of implicit rules would delete
.SECONDARY:
.PHONY: all clean programs libs

# Objects of a list of sources, in the variant's build directory.
objs = $(patsubst %.c,$(BUILDDIR)/%.o,$(1))

$(BUILDDIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

-include $(shell find $(BUILDDIR) -name '*.d' 2>/dev/null)

# Libraries: pure code, no I/O of their own, linked by everything.
LIBSWAN_SRCS := $(sort $(wildcard lib/libswan/*.c))
LIBIKEV2_SRCS := $(sort $(wildcard lib/libikev2/*.c))
LIBSWAN := $(BUILDDIR)/lib/libswan.a
LIBIKEV2 := $(BUILDDIR)/lib/libikev2.a
LIBS := $(LIBIKEV2) $(LIBSWAN)

$(LIBSWAN): $(call objs,$(LIBSWAN_SRCS))
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^
$(LIBIKEV2): $(call objs,$(LIBIKEV2_SRCS))
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

libs: $(LIBS)

# Programs: every programs/<name>/ holding C sources becomes <name>.
PROGRAM_DIRS := $(sort $(patsubst %/,%,$(dir $(wildcard programs/*/*.c))))
PROGRAM_NAMES := $(notdir $(PROGRAM_DIRS))
# Only directories with a <name>main.c give a program (until then, their
# code is only lib<name>.a, e.g. daemon parts written before the daemon).
PROGRAMS := $(foreach p,$(PROGRAM_NAMES),$(if $(wildcard programs/$(p)/$(p)main.c),$(BUILDDIR)/programs/$(p)/$(p)))

# A program's main() lives in programs/<name>/<name>main.c when the rest of
# its objects form a library (lib<name>.a) that tests and tools link too.
define program_rule
$(BUILDDIR)/programs/$(1)/lib$(1).a: $(call objs,$(filter-out programs/$(1)/$(1)main.c,$(sort $(wildcard programs/$(1)/*.c))))
	@mkdir -p $$(dir $$@)
	rm -f $$@ && $$(AR) rcs $$@ $$^
$(BUILDDIR)/programs/$(1)/$(1): $(call objs,$(wildcard programs/$(1)/$(1)main.c)) $(BUILDDIR)/programs/$(1)/lib$(1).a $(LIBS)
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(foreach p,$(PROGRAM_NAMES),$(eval $(call program_rule,$(p))))

programs: $(PROGRAMS)

all: libs programs unit-tests

clean:
	rm -rf build build-asan build-fuzz OUTPUT

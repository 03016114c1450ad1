# Flags, variants and external dependencies.

VARIANT ?= normal
ifeq ($(VARIANT),asan)
  BUILDDIR ?= build-asan
  VARIANT_CFLAGS := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
  VARIANT_LDFLAGS := -fsanitize=address,undefined
else ifeq ($(VARIANT),fuzz)
  BUILDDIR ?= build-fuzz
  CC := clang
  VARIANT_CFLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -DFUZZING
  VARIANT_LDFLAGS := -fsanitize=fuzzer,address,undefined
else
  BUILDDIR ?= build
  VARIANT_CFLAGS := -O2
  VARIANT_LDFLAGS :=
endif

PKG_CONFIG ?= pkg-config
DEP_PKGS := nss nspr libevent libcap-ng libunbound
DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEP_PKGS) 2>/dev/null)
DEP_LIBS := $(shell $(PKG_CONFIG) --libs $(DEP_PKGS) 2>/dev/null)

WARNINGS := -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wpointer-arith \
	-Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CFLAGS ?= -g
override CFLAGS += -std=gnu11 $(WARNINGS) $(VARIANT_CFLAGS) -D_GNU_SOURCE \
	-Iinclude $(DEP_CFLAGS)
override LDFLAGS += $(VARIANT_LDFLAGS)
LDLIBS += $(DEP_LIBS) -lm

# Tests inside a qemu VM with real kernel ESP (testing/vm/README.md).
#
#   make vm-selftest   kernel_xfrm against the VM's kernel (selftest-xfrm.sh)
#   make vm-proof      the iproute2-only ESP proof (esp-proof.sh)
# VARIANT=asan runs the ASan+UBSan build of the test program.

.PHONY: vm-tools vm-selftest vm-proof

XFRM_SELFTEST := $(BUILDDIR)/testing/vm/xfrm-selftest

$(XFRM_SELFTEST): $(call objs,testing/vm/xfrm-selftest.c) $(PLUTO_LIB) $(LIBS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

vm-tools: $(XFRM_SELFTEST)
all: vm-tools

vm-selftest: $(XFRM_SELFTEST)
	testing/vm/run-in-vm.sh --timeout 600 testing/vm/selftest-xfrm.sh $(XFRM_SELFTEST)

vm-proof:
	testing/vm/run-in-vm.sh --timeout 600 testing/vm/esp-proof.sh

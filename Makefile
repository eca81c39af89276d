# SPDX-License-Identifier: GPL-2.0-only
# gpuslice: the one entry point. `make help` lists the targets.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
BUILD ?= $(TOP)/build
export GPUSLICE_BUILD_DIR := $(BUILD)

# Kernel to build the modules for: KVER picks installed headers, KDIR any
# kernel build tree. Default: the running kernel.
KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build

CMAKE_BUILD_TYPE ?= RelWithDebInfo
USER_BUILD := $(BUILD)/user

.PHONY: all help deps modules modules-all userspace kselftests check \
	check-debug demo install dkms-check checkpatch clean

all: modules userspace

help:
	@echo "make modules [KVER=..|KDIR=..]  build the kernel modules (W=1) for one kernel"
	@echo "make modules-all                build them for Debian's 6.1 and 6.12 kernels"
	@echo "make userspace                  build libgpuslice, the gpuslice CLI and tests"
	@echo "make check                      all tests: unit, kselftests in VMs on 6.1 and 6.12, DKMS"
	@echo "make check-debug                kselftests on the 6.1 debug kernel (lockdep, KASAN, kmemleak)"
	@echo "make demo                       load the modules (host or VM) and show a simulated H100"
	@echo "make install                    install modules for KVER and the userspace tools"
	@echo "make checkpatch                 checkpatch.pl --strict over the kernel sources"
	@echo "make deps                       install the Debian packages the project needs"

deps:
	@$(TOP)/tools/install-deps

modules:
	@$(TOP)/tools/build-modules --kdir $(KDIR) $(KVER)

modules-all: deps
	@$(TOP)/tools/build-modules $$($(TOP)/tools/vm/kver 6.1)
	@$(TOP)/tools/build-modules $$($(TOP)/tools/vm/kver 6.12)

userspace:
	@cmake -S $(TOP) -B $(USER_BUILD) -DCMAKE_BUILD_TYPE=$(CMAKE_BUILD_TYPE) >/dev/null
	@cmake --build $(USER_BUILD) -j$$(nproc)

kselftests:
	@$(MAKE) -s -C $(TOP)/tests/kselftest

check: deps
	@$(TOP)/tools/check

check-debug: deps
	@$(TOP)/tools/check --debug

demo: deps
	@$(TOP)/tools/demo

install: modules userspace
	$(MAKE) -C $(KDIR) M=$(BUILD)/kernel/$(KVER)/kernel modules_install
	depmod -a $(KVER)
	cmake --install $(USER_BUILD)

dkms-check: deps
	@$(TOP)/tools/dkms-check

checkpatch:
	@$(TOP)/tools/checkpatch

clean:
	rm -rf $(BUILD)

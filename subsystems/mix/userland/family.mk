# Builds one family (FAMILY=mips|mipsel|arm|ppc|sparc|x86, or armv7: the guest tests only,
# compiled for ARMv7-A, next to the ARMv5TE `arm` build); run from Makefile.
# Sources are found by wildcard: adding a libc file or a program needs no edit here.
# Outputs are reproducible: no debug info, no build id, no ident string, sorted archive
# members written with deterministic timestamps (llvm-ar D), stripped.

ARCH_mips := mips
ARCH_mipsel := mips
ARCH_arm := arm
ARCH_armv7 := arm
ARCH_ppc := ppc
ARCH_sparc := sparc
ARCH_x86 := x86
ARCH := $(ARCH_$(FAMILY))
ifeq ($(ARCH),)
$(error unknown FAMILY '$(FAMILY)')
endif

TARGET_mips := --target=mips-linux-gnu -march=mips32r2 -mno-abicalls -G0 -msoft-float
TARGET_mipsel := --target=mipsel-linux-gnu -march=mips32r2 -mno-abicalls -G0 -msoft-float
TARGET_arm := --target=armv5te-linux-gnueabi -marm -mfloat-abi=soft
TARGET_armv7 := --target=armv7a-linux-gnueabi -marm -mfloat-abi=soft
TARGET_ppc := --target=powerpc-linux-gnu -msoft-float
TARGET_sparc := --target=sparc-linux-gnu -mcpu=v8 -fintegrated-as -msoft-float
TARGET_x86 := --target=i386-linux-gnu -march=i686 -mno-mmx -mno-sse
LINKER_sparc := --ld-path=/usr/bin/sparc64-linux-gnu-ld -Wl,-m,elf32_sparc
LINKER_default := -fuse-ld=lld
LINKER := $(or $(LINKER_$(FAMILY)),$(LINKER_default))

CC := clang
AR := llvm-ar
RESOURCE_INCLUDE := $(shell $(CC) -print-resource-dir)/include

CFLAGS := $(TARGET_$(FAMILY)) -O2 -std=gnu11 -ffreestanding -fno-builtin -fno-strict-aliasing -fno-pic -fno-stack-protector \
  -fno-ident -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-unwind-tables -nostdinc -isystem $(RESOURCE_INCLUDE) \
  -Iinclude -Ilibc/internal -Wall -Wno-unused-command-line-argument
LDFLAGS := $(TARGET_$(FAMILY)) $(LINKER) -nostdlib -static -s -Wl,--gc-sections -Wl,--build-id=none \
  -Wl,-z,noexecstack

B := $(OBJ)/$(FAMILY)
D := $(OUT)/$(FAMILY)

LIBC_C := $(sort $(wildcard libc/*.c libc/*/*.c arch/$(ARCH)/*.c))
LIBC_S := $(sort $(filter-out arch/$(ARCH)/crt0.S,$(wildcard arch/$(ARCH)/*.S)))
LIBC_OBJS := $(patsubst %.c,$(B)/%.o,$(LIBC_C)) $(patsubst %.S,$(B)/%.o,$(LIBC_S))
CRT0 := $(B)/arch/$(ARCH)/crt0.o
LIBC := $(B)/libc.a
HEADERS := $(wildcard include/*.h include/*/*.h libc/internal/*.h programs/*/*.h tests/*.h)

SINGLE := $(sort $(patsubst programs/%.c,%,$(wildcard programs/*.c)))
MULTI := $(sort $(patsubst programs/%/,%,$(dir $(wildcard programs/*/*.c))))
TESTS := $(sort $(patsubst tests/%.c,%,$(wildcard tests/*.c)))

PROGRAM_BINS := $(addprefix $(D)/,$(SINGLE) $(MULTI))
TEST_BINS := $(addprefix $(D)/tests/,$(TESTS))
EXTRA_BINS := $(if $(filter test,$(SINGLE) $(MULTI)),$(D)/[)

ifeq ($(FAMILY),armv7)
all: $(TEST_BINS)
else
all: $(PROGRAM_BINS) $(TEST_BINS) $(EXTRA_BINS)
endif

$(B)/%.o: %.c $(HEADERS) family.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(B)/%.o: %.S family.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(LIBC): $(LIBC_OBJS)
	@rm -f $@
	$(AR) rcsD $@ $(LIBC_OBJS)

$(D)/tests/%: $(B)/tests/%.o $(CRT0) $(LIBC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(CRT0) $< $(LIBC)

$(D)/%: $(B)/programs/%.o $(CRT0) $(LIBC)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(CRT0) $< $(LIBC)

define MULTI_RULE
$(D)/$(1): $(patsubst %.c,$(B)/%.o,$(sort $(wildcard programs/$(1)/*.c))) $(CRT0) $(LIBC)
	@mkdir -p $$(dir $$@)
	$(CC) $(LDFLAGS) -o $$@ $(CRT0) $(patsubst %.c,$(B)/%.o,$(sort $(wildcard programs/$(1)/*.c))) $(LIBC)
endef
$(foreach p,$(MULTI),$(eval $(call MULTI_RULE,$(p))))

$(D)/[: $(D)/test
	cp $< $@

.PHONY: all
.SECONDARY:

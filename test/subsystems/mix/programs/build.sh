#!/bin/sh
# Builds the MiX guest programs of this folder (big-endian MIPS) against the userland library,
# as test/nucleus/programs/build.sh does; run `npm run build:userland` first. The ELF files are
# committed next to their sources, so tests need no compiler.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
userland="$here/../../../../subsystems/mix/userland"
build="$userland/build/mips"
target="--target=mips-linux-gnu -march=mips32r2 -mno-abicalls -G0 -msoft-float"
cd "$here" # sources by their names only: __FILE__ goes into the binaries
for source in *.c; do
  name=$(basename "$source" .c)
  clang $target -O2 -std=gnu11 -ffreestanding -fno-builtin -fno-strict-aliasing -fno-pic \
    -fno-stack-protector -fno-ident -ffunction-sections -fdata-sections \
    -fno-asynchronous-unwind-tables -nostdinc -isystem "$(clang -print-resource-dir)/include" \
    -I"$userland/include" -I"$userland/tests" -Wall -c "$source" -o "$name.o"
  clang $target -fuse-ld=lld -nostdlib -static -s -Wl,--gc-sections -Wl,--build-id=none \
    -Wl,-z,noexecstack -o "$name.mips" "$build/arch/mips/crt0.o" "$name.o" "$build/libc.a"
  rm -f "$name.o"
done

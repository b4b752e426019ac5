#!/bin/sh
# Builds the nucleus guest programs of this folder (big-endian MIPS) against the userland
# library; run `npm run build:userland` first (it leaves crt0.o and libc.a under build/mips).
# The ELF files are committed next to their sources, so tests need no compiler.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
userland="$here/../../../subsystems/mix/userland"
build="$userland/build/mips"
target="--target=mips-linux-gnu -march=mips32r2 -mno-abicalls -G0 -msoft-float"
for source in "$here"/*.c; do
  name=$(basename "$source" .c)
  clang $target -O2 -std=gnu11 -ffreestanding -fno-builtin -fno-strict-aliasing -fno-pic \
    -fno-stack-protector -fno-ident -ffunction-sections -fdata-sections \
    -fno-asynchronous-unwind-tables -nostdinc -isystem "$(clang -print-resource-dir)/include" \
    -I"$userland/include" -Wall -c "$source" -o "$here/$name.o"
  clang $target -fuse-ld=lld -nostdlib -static -s -Wl,--gc-sections -Wl,--build-id=none \
    -Wl,-z,noexecstack -o "$here/$name.mips" "$build/arch/mips/crt0.o" "$here/$name.o" "$build/libc.a"
  rm -f "$here/$name.o"
done

#!/usr/bin/env bash
# Registers qemu-user with the kernel's binfmt_misc (as root) so that a guest program run under
# qemu-<family> can execve another guest binary of its family. A second registration of the same
# name fails harmlessly, and so this script may be run again.
set -euo pipefail
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
# i386 is absent on purpose: an x86-64 host kernel runs i386 binaries natively.
for name in qemu-mips qemu-mipsel qemu-arm qemu-ppc qemu-sparc; do
  conf=/usr/lib/binfmt.d/$name.conf
  if [ -e "/proc/sys/fs/binfmt_misc/$name" ]; then continue; fi
  if [ -r "$conf" ]; then
    cat "$conf" > /proc/sys/fs/binfmt_misc/register || echo "binfmt: could not register $name"
  else
    echo "binfmt: $conf not found (is qemu-user-binfmt installed?)"
  fi
done

/* Private to the library: the one system-call entry each family implements in
 * arch/<family>/syscall.S. __syscall returns the kernel's result, or -errno on failure
 * whatever the family's error convention (MIPS a3 flag, SPARC carry, PowerPC CR0.SO are
 * folded into a negative value by the stub). __sys_ret turns that into -1 + errno. */
#ifndef _LIBC_INTERNAL_SYSCALL_H
#define _LIBC_INTERNAL_SYSCALL_H

#include <bits/syscall.h>

long __syscall(long number, long a, long b, long c, long d, long e, long f);

long __sys_ret(long result);

#define __sys0(n) __syscall((n), 0, 0, 0, 0, 0, 0)
#define __sys1(n, a) __syscall((n), (long)(a), 0, 0, 0, 0, 0)
#define __sys2(n, a, b) __syscall((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define __sys3(n, a, b, c) __syscall((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define __sys4(n, a, b, c, d) __syscall((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define __sys5(n, a, b, c, d, e) __syscall((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)
#define __sys6(n, a, b, c, d, e, f) \
  __syscall((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))

#endif

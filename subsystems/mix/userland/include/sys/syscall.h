/* <sys/syscall.h>: the system-call numbers of the family being compiled (SYS_xxx). */
#ifndef _SYS_SYSCALL_H
#define _SYS_SYSCALL_H

#include <bits/syscall.h>

#endif

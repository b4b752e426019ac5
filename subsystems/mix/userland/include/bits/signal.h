/* Signal numbers and sigaction flags of each family's Linux ABI (kernel asm/signal.h):
 * i386, ARM and PowerPC share one numbering; MIPS and SPARC have their own. */
#ifndef _BITS_SIGNAL_H
#define _BITS_SIGNAL_H

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGIOT SIGABRT
#define SIGFPE 8
#define SIGKILL 9
#define SIGSEGV 11
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15

#if defined(__mips__)
#define SIGEMT 7
#define SIGBUS 10
#define SIGSYS 12
#define SIGUSR1 16
#define SIGUSR2 17
#define SIGCHLD 18
#define SIGPWR 19
#define SIGWINCH 20
#define SIGURG 21
#define SIGIO 22
#define SIGSTOP 23
#define SIGTSTP 24
#define SIGCONT 25
#define SIGTTIN 26
#define SIGTTOU 27
#define SIGVTALRM 28
#define SIGPROF 29
#define SIGXCPU 30
#define SIGXFSZ 31
#define SA_NOCLDSTOP 0x00000001
#define SA_SIGINFO 0x00000008
#define SA_NOCLDWAIT 0x00010000
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SIG_BLOCK 1
#define SIG_UNBLOCK 2
#define SIG_SETMASK 3
#define __SIGSET_KERNEL_BYTES 16
#elif defined(__sparc__)
#define SIGEMT 7
#define SIGBUS 10
#define SIGSYS 12
#define SIGURG 16
#define SIGSTOP 17
#define SIGTSTP 18
#define SIGCONT 19
#define SIGCHLD 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGIO 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGPWR 29
#define SIGUSR1 30
#define SIGUSR2 31
#define SA_ONSTACK 0x01
#define SA_RESTART 0x02
#define SA_RESETHAND 0x04
#define SA_NOCLDSTOP 0x08
#define SA_NODEFER 0x20
#define SA_NOCLDWAIT 0x100
#define SA_SIGINFO 0x200
#define SIG_BLOCK 1
#define SIG_UNBLOCK 2
#define SIG_SETMASK 4
#define __SIGSET_KERNEL_BYTES 8
#else
#define SIGBUS 7
#define SIGUSR1 10
#define SIGUSR2 12
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000
#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2
#define __SIGSET_KERNEL_BYTES 8
#endif

/* Used by the library, on the families whose kernel takes a return trampoline. */
#define SA_RESTORER 0x04000000
#define SIGCLD SIGCHLD
#define SIGPOLL SIGIO

#endif

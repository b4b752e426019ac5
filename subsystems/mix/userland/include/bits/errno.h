/* errno values of the Linux ABI of each family. 1..34 are common to all; the rest differ
 * on MIPS (IRIX numbering) and SPARC (SunOS numbering). Values from the kernel's
 * asm/errno.h of each architecture. Included by <errno.h> only. */
#ifndef _BITS_ERRNO_H
#define _BITS_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define ESRCH 3
#define EINTR 4
#define EIO 5
#define ENXIO 6
#define E2BIG 7
#define ENOEXEC 8
#define EBADF 9
#define ECHILD 10
#define EAGAIN 11
#define ENOMEM 12
#define EACCES 13
#define EFAULT 14
#define ENOTBLK 15
#define EBUSY 16
#define EEXIST 17
#define EXDEV 18
#define ENODEV 19
#define ENOTDIR 20
#define EISDIR 21
#define EINVAL 22
#define ENFILE 23
#define EMFILE 24
#define ENOTTY 25
#define ETXTBSY 26
#define EFBIG 27
#define ENOSPC 28
#define ESPIPE 29
#define EROFS 30
#define EMLINK 31
#define EPIPE 32
#define EDOM 33
#define ERANGE 34
#define EWOULDBLOCK EAGAIN

#if defined(__mips__)
#define EDEADLK 45
#define ENOLCK 46
#define ENAMETOOLONG 78
#define EOVERFLOW 79
#define EILSEQ 88
#define ENOSYS 89
#define ELOOP 90
#define ENOTEMPTY 93
#define ENOTSOCK 95
#define EOPNOTSUPP 122
#define ECONNRESET 131
#define ETIMEDOUT 145
#define ECONNREFUSED 146
#define EALREADY 149
#define EINPROGRESS 150
#define ECANCELED 158
#elif defined(__sparc__)
#define EINPROGRESS 36
#define EALREADY 37
#define ENOTSOCK 38
#define EOPNOTSUPP 45
#define ECONNRESET 54
#define ETIMEDOUT 60
#define ECONNREFUSED 61
#define ELOOP 62
#define ENAMETOOLONG 63
#define ENOTEMPTY 66
#define EDEADLK 78
#define ENOLCK 79
#define ENOSYS 90
#define EOVERFLOW 92
#define EILSEQ 122
#define ECANCELED 127
#else /* i386, ARM, PowerPC: the asm-generic numbering */
#define EDEADLK 35
#define ENAMETOOLONG 36
#define ENOLCK 37
#define ENOSYS 38
#define ENOTEMPTY 39
#define ELOOP 40
#define EOVERFLOW 75
#define EILSEQ 84
#define ENOTSOCK 88
#define EOPNOTSUPP 95
#define ECONNRESET 104
#define ETIMEDOUT 110
#define ECONNREFUSED 111
#define EALREADY 114
#define EINPROGRESS 115
#define ECANCELED 125
#endif

#define ENOTSUP EOPNOTSUPP

#endif

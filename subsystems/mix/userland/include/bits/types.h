/* The basic POSIX types, identical on every family (all are ILP32). time_t and off_t are
 * 32-bit because the library uses the 32-bit time and offset system calls (see
 * docs/userland.md). Included by the public headers that need them. */
#ifndef _BITS_TYPES_H
#define _BITS_TYPES_H

typedef __SIZE_TYPE__ size_t;
typedef __PTRDIFF_TYPE__ ssize_t;
typedef long off_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int mode_t;
typedef unsigned int nlink_t;
typedef unsigned long ino_t;
typedef unsigned long long dev_t;
typedef long time_t;
typedef long suseconds_t;
typedef unsigned int useconds_t;
typedef long clock_t;
typedef int clockid_t;
typedef long blksize_t;
typedef long blkcnt_t;

#endif

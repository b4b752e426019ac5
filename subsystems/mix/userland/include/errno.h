/* errno: one global (the guest programs are single-threaded). */
#ifndef _ERRNO_H
#define _ERRNO_H

#include <bits/errno.h>

extern int errno;

#endif

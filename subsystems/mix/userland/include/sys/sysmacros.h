/* <sys/sysmacros.h>: this library's dev_t is (major << 32) | minor, filled from statx's
 * separate major/minor fields. */
#ifndef _SYS_SYSMACROS_H
#define _SYS_SYSMACROS_H

#define makedev(ma, mi) (((unsigned long long)(ma) << 32) | (unsigned int)(mi))
#define major(dev) ((unsigned int)((unsigned long long)(dev) >> 32))
#define minor(dev) ((unsigned int)(dev))

#endif

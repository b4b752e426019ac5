/* <fnmatch.h>: shell-style pattern matching (*, ?, [set], [!set], backslash escapes). */
#ifndef _FNMATCH_H
#define _FNMATCH_H

#define FNM_NOMATCH 1
#define FNM_PATHNAME 0x1
#define FNM_NOESCAPE 0x2
#define FNM_PERIOD 0x4

int fnmatch(const char *pattern, const char *string, int flags);

#endif

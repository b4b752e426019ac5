/* Private to the library: state shared between its files. */
#ifndef _LIBC_INTERNAL_LIBC_H
#define _LIBC_INTERNAL_LIBC_H

/* Flushes every open stdio stream; called by exit(). */
void __stdio_flush_all(void);

/* Runs the atexit handlers, newest first; called by exit(). */
void __run_atexit(void);

#endif

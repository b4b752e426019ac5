/* Process system calls: fork, execve, wait, identities, process groups, sessions. */
#include <sys/wait.h>
#include <unistd.h>

#include "syscall.h"

#if defined(__sparc__)
long __sparc_fork(void);
pid_t fork(void) { return (pid_t)__sys_ret(__sparc_fork()); }
#else
pid_t fork(void) { return (pid_t)__sys_ret(__sys0(SYS_fork)); }
#endif

/* vfork is fork here: the child of a vfork shares the stack of a parent frame, which a C
 * wrapper cannot provide safely. */
pid_t vfork(void) { return fork(); }

int execve(const char *path, char *const argv[], char *const envp[]) {
  return (int)__sys_ret(__sys3(SYS_execve, path, argv, envp));
}

pid_t waitpid(pid_t pid, int *status, int options) {
  return (pid_t)__sys_ret(__sys4(SYS_wait4, pid, status, options, 0));
}

pid_t wait(int *status) { return waitpid(-1, status, 0); }

pid_t getpid(void) { return (pid_t)__sys0(SYS_getpid); }
pid_t getppid(void) { return (pid_t)__sys0(SYS_getppid); }
pid_t getpgrp(void) { return (pid_t)__sys0(SYS_getpgrp); }
pid_t getpgid(pid_t pid) { return (pid_t)__sys_ret(__sys1(SYS_getpgid, pid)); }
int setpgid(pid_t pid, pid_t pgid) { return (int)__sys_ret(__sys2(SYS_setpgid, pid, pgid)); }
pid_t setsid(void) { return (pid_t)__sys_ret(__sys0(SYS_setsid)); }
uid_t getuid(void) { return (uid_t)__sys0(SYS_getuid); }
uid_t geteuid(void) { return (uid_t)__sys0(SYS_geteuid); }
gid_t getgid(void) { return (gid_t)__sys0(SYS_getgid); }
gid_t getegid(void) { return (gid_t)__sys0(SYS_getegid); }
int setuid(uid_t uid) { return (int)__sys_ret(__sys1(SYS_setuid, uid)); }
int setgid(gid_t gid) { return (int)__sys_ret(__sys1(SYS_setgid, gid)); }

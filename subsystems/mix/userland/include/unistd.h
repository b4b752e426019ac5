/* <unistd.h>: POSIX system-call wrappers (libc/unistd/). */
#ifndef _UNISTD_H
#define _UNISTD_H

#include <bits/types.h>
#include <stddef.h>

#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4
#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif
#define _SC_PAGESIZE 30
#define _SC_CLK_TCK 2
#define _SC_OPEN_MAX 4

extern char **environ;
extern char *optarg;
extern int optind, opterr, optopt;

ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
int dup(int fd);
int dup2(int fd, int to);
int pipe(int fds[2]);
int pipe2(int fds[2], int flags);
int fsync(int fd);
int ftruncate(int fd, off_t length);
int truncate(const char *path, off_t length);

int access(const char *path, int mode);
int chdir(const char *path);
int fchdir(int fd);
char *getcwd(char *buf, size_t size);
int link(const char *from, const char *to);
int symlink(const char *target, const char *path);
ssize_t readlink(const char *path, char *buf, size_t size);
int unlink(const char *path);
int rmdir(const char *path);
int chown(const char *path, uid_t uid, gid_t gid);
int isatty(int fd);
char *ttyname(int fd);

pid_t fork(void);
pid_t vfork(void);
int execve(const char *path, char *const argv[], char *const envp[]);
int execv(const char *path, char *const argv[]);
int execvp(const char *file, char *const argv[]);
int execl(const char *path, const char *arg, ...);
int execlp(const char *file, const char *arg, ...);
_Noreturn void _exit(int status);

pid_t getpid(void);
pid_t getppid(void);
pid_t getpgrp(void);
pid_t getpgid(pid_t pid);
int setpgid(pid_t pid, pid_t pgid);
pid_t setsid(void);
uid_t getuid(void);
uid_t geteuid(void);
gid_t getgid(void);
gid_t getegid(void);
int setuid(uid_t uid);
int setgid(gid_t gid);
pid_t tcgetpgrp(int fd);
int tcsetpgrp(int fd, pid_t pgrp);

unsigned int sleep(unsigned int seconds);
int usleep(useconds_t usec);
unsigned int alarm(unsigned int seconds);
int pause(void);

void *sbrk(ssize_t increment);
int brk(void *end);
long sysconf(int name);
int getpagesize(void);
int gethostname(char *name, size_t size);
int getopt(int argc, char *const argv[], const char *optstring);
void sync(void);

/* The raw system-call entry: returns the result, or -1 with errno set. */
long syscall(long number, ...);

#endif

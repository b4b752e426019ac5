/*
 * touch: sets the access and modification times of each file to now, creating missing files
 * (empty, mode 0666 less the umask). -c does not create. The times are set by the utimensat
 * system call with a null time pair ("now"), made through syscall() as the library has no wrapper.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int no_create = 0, i = 1, status = 0;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
    if (strcmp(argv[i], "-c") == 0) no_create = 1;
    else if (strcmp(argv[i], "-a") != 0 && strcmp(argv[i], "-m") != 0) {
      fprintf(stderr, "usage: touch [-c] file...\n");
      return 2;
    }
  }
  if (i == argc) {
    fprintf(stderr, "usage: touch [-c] file...\n");
    return 2;
  }
  for (; i < argc; i++) {
    if (syscall(SYS_utimensat, AT_FDCWD, argv[i], (void *)0, 0) == 0) continue;
    if (errno != ENOENT) {
      fprintf(stderr, "touch: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    if (no_create) continue;
    int fd = open(argv[i], O_WRONLY | O_CREAT, 0666);
    if (fd < 0) {
      fprintf(stderr, "touch: %s: %s\n", argv[i], strerror(errno));
      status = 1;
      continue;
    }
    close(fd);
  }
  return status;
}

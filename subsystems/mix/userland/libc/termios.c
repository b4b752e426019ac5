/* Terminal attributes: tcgetattr/tcsetattr are TCGETS/TCSETS* ioctls on the kernel's own
 * struct termios of the family (see <bits/termios.h>); isatty is "tcgetattr works". */
#include <errno.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int tcgetattr(int fd, struct termios *t) { return ioctl(fd, TCGETS, t); }

int tcsetattr(int fd, int when, const struct termios *t) {
  unsigned long request = when == TCSANOW     ? TCSETS
                          : when == TCSADRAIN ? TCSETSW
                          : when == TCSAFLUSH ? TCSETSF
                                              : 0;
  if (!request) {
    errno = EINVAL;
    return -1;
  }
  return ioctl(fd, request, t);
}

void cfmakeraw(struct termios *t) {
  t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
  t->c_oflag &= ~(tcflag_t)OPOST;
  t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
  t->c_cflag = (t->c_cflag & ~(tcflag_t)CSIZE) | CS8;
  t->c_cc[VMIN] = 1;
  t->c_cc[VTIME] = 0;
}

speed_t cfgetospeed(const struct termios *t) { return t->c_cflag & 0xf; }

int isatty(int fd) {
  struct termios t;
  return tcgetattr(fd, &t) == 0;
}

pid_t tcgetpgrp(int fd) {
  pid_t pgrp;
  return ioctl(fd, TIOCGPGRP, &pgrp) < 0 ? -1 : pgrp;
}

int tcsetpgrp(int fd, pid_t pgrp) { return ioctl(fd, TIOCSPGRP, &pgrp); }

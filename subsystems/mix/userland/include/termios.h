/* <termios.h>: the subset a shell and line-oriented tools need. */
#ifndef _TERMIOS_H
#define _TERMIOS_H

#include <bits/termios.h>
#include <bits/types.h>

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int when, const struct termios *t);
void cfmakeraw(struct termios *t);
speed_t cfgetospeed(const struct termios *t);

#endif

/* The terminal record and ioctl numbers of each family's Linux ABI (kernel asm/termbits.h,
 * asm/ioctls.h). tcgetattr/tcsetattr pass struct termios to the kernel unchanged, so its
 * layout here is the kernel's: generic (i386, ARM), MIPS (c_line first, 23 c_cc), PowerPC
 * (c_cc before c_line, speeds at the end, different flag bits) and SPARC (17 c_cc). */
#ifndef _BITS_TERMIOS_H
#define _BITS_TERMIOS_H

typedef unsigned char cc_t;
typedef unsigned int speed_t;
typedef unsigned int tcflag_t;

/* Shared by every family. */
#define IGNBRK 0x001
#define BRKINT 0x002
#define IGNPAR 0x004
#define PARMRK 0x008
#define INPCK 0x010
#define ISTRIP 0x020
#define INLCR 0x040
#define IGNCR 0x080
#define ICRNL 0x100
#define IXANY 0x800
#define OPOST 0x01
#define OCRNL 0x08
#define B0 0x0
#define B9600 0xd
#define B19200 0xe
#define B38400 0xf
#define TCSANOW 0
#define TCSADRAIN 1
#define TCSAFLUSH 2

#if defined(__powerpc__)
#define NCCS 19
struct termios {
  tcflag_t c_iflag, c_oflag, c_cflag, c_lflag;
  cc_t c_cc[NCCS];
  cc_t c_line;
  speed_t c_ispeed, c_ospeed;
};
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VMIN 5
#define VEOL 6
#define VTIME 7
#define VWERASE 10
#define VSUSP 12
#define IXON 0x200
#define IXOFF 0x400
#define ONLCR 0x2
#define CSIZE 0x300
#define CS8 0x300
#define CREAD 0x800
#define ISIG 0x80
#define ICANON 0x100
#define ECHO 0x8
#define ECHOE 0x2
#define ECHOK 0x4
#define ECHONL 0x10
#define IEXTEN 0x400
#define TOSTOP 0x400000
#define TCGETS 0x402c7413
#define TCSETS 0x802c7414
#define TCSETSW 0x802c7415
#define TCSETSF 0x802c7416
#define TIOCGWINSZ 0x40087468
#define TIOCSPGRP 0x80047476
#define TIOCGPGRP 0x40047477
#else
/* MIPS, SPARC, i386 and ARM share these bits. */
#define IXON 0x400
#define IXOFF 0x1000
#define ONLCR 0x4
#define CSIZE 0x30
#define CS8 0x30
#define CREAD 0x80
#define ISIG 0x1
#define ICANON 0x2
#define ECHO 0x8
#define ECHOE 0x10
#define ECHOK 0x20
#define ECHONL 0x40
#if defined(__mips__)
#define NCCS 23
struct termios {
  tcflag_t c_iflag, c_oflag, c_cflag, c_lflag;
  cc_t c_line;
  cc_t c_cc[NCCS];
};
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VMIN 4
#define VTIME 5
#define VSUSP 10
#define VWERASE 14
#define VEOF 16
#define VEOL 17
#define IEXTEN 0x100
#define TOSTOP 0x8000
#define TCGETS 0x540d
#define TCSETS 0x540e
#define TCSETSW 0x540f
#define TCSETSF 0x5410
#define TIOCGWINSZ 0x40087468
#define TIOCSPGRP 0x80047476
#define TIOCGPGRP 0x40047477
#elif defined(__sparc__)
#define NCCS 17
struct termios {
  tcflag_t c_iflag, c_oflag, c_cflag, c_lflag;
  cc_t c_line;
  cc_t c_cc[NCCS];
};
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VEOL 5
#define VMIN VEOF
#define VTIME VEOL
#define VSUSP 10
#define VWERASE 14
#define IEXTEN 0x8000
#define TOSTOP 0x100
#define TCGETS 0x40245408
#define TCSETS 0x80245409
#define TCSETSW 0x8024540a
#define TCSETSF 0x8024540b
#define TIOCGWINSZ 0x40087468
#define TIOCSPGRP 0x80047482
#define TIOCGPGRP 0x40047483
#else
#define NCCS 19
struct termios {
  tcflag_t c_iflag, c_oflag, c_cflag, c_lflag;
  cc_t c_line;
  cc_t c_cc[NCCS];
};
#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSUSP 10
#define VEOL 11
#define VWERASE 14
#define IEXTEN 0x8000
#define TOSTOP 0x100
#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TIOCGPGRP 0x540f
#define TIOCSPGRP 0x5410
#define TIOCGWINSZ 0x5413
#endif
#endif

#endif

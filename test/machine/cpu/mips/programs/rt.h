/* A freestanding run-time for the MIPS differential programs: _start, raw Linux o32 system
 * calls, and a few print helpers. No libc: every program is compiled with -nostdlib. */
typedef unsigned int u32;
typedef int i32;
typedef unsigned long long u64;
typedef long long i64;

__asm__(".text\n.globl __start\n.set noreorder\n__start:\n"
        "  move $a0, $sp\n  addiu $sp, $sp, -24\n  jal start_c\n  nop\n1: b 1b\n  nop\n.set reorder\n");

static long sys6(long n, long a, long b, long c, long d, long e, long f) {
  register long v0 __asm__("$2") = n;
  register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b;
  register long a2 __asm__("$6") = c;
  register long a3 __asm__("$7") = d;
  long stack[2] = {e, f};
  __asm__ volatile("addiu $sp, $sp, -32\n sw %6, 16($sp)\n sw %7, 20($sp)\n syscall\n addiu $sp, $sp, 32"
                   : "+r"(v0), "+r"(a3)
                   : "r"(a0), "r"(a1), "r"(a2), "r"(a3), "r"(stack[0]), "r"(stack[1])
                   : "memory", "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24",
                     "$25", "hi", "lo");
  return a3 ? -v0 : v0;
}
#define sys3(n, a, b, c) sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)

static void put(const char *s, long n) { sys3(4004, 1, s, n); }
static long len(const char *s) { long n = 0; while (s[n]) n++; return n; }
static void puts_(const char *s) { put(s, len(s)); }
static void put_hex(u32 v) {
  char b[11] = "0x";
  for (int i = 0; i < 8; i++) b[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 15];
  b[10] = ' ';
  put(b, 11);
}
static void put_dec(i32 v) {
  char b[12];
  int i = 11;
  u32 u = v < 0 ? -(u32)v : (u32)v;
  b[i--] = ' ';
  do { b[i--] = '0' + u % 10; u /= 10; } while (u);
  if (v < 0) b[i--] = '-';
  put(b + i + 1, 11 - i);
}
static void nl(void) { put("\n", 1); }
static __attribute__((noreturn)) void exit_(int code) { for (;;) sys3(4246, code, 0, 0); }

void *memcpy(void *d, const void *s, unsigned long n) {
  char *dd = d; const char *ss = s;
  while (n--) *dd++ = *ss++;
  return d;
}
void *memset(void *d, int c, unsigned long n) {
  char *dd = d;
  while (n--) *dd++ = (char)c;
  return d;
}
int main(int argc, char **argv);
void start_c(long *sp) { exit_(main((int)sp[0], (char **)(sp + 1))); }

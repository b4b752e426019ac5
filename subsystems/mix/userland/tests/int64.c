/* 64-bit arithmetic through the compiler helpers (division, remainder, shifts) and the
 * 32-bit division helpers ARM needs; values come through volatile so nothing folds. */
#include <stdio.h>

#include "check.h"

int main(void) {
  volatile unsigned long long a = 0xfedcba9876543210ULL, b = 0x12345ULL;
  volatile long long sa = -123456789012345LL, sb = 1000;
  volatile int shift = 37;
  volatile unsigned int u = 4000000000u, v = 7;
  volatile int s = -100, t = 7;
  printf("udiv %llu umod %llu\n", a / b, a % b);
  printf("sdiv %lld smod %lld\n", sa / sb, sa % sb);
  printf("shl %llx lshr %llx ashr %llx\n", a << shift, a >> shift, (unsigned long long)(sa >> shift));
  printf("32-bit: %u %u %d %d\n", u / v, u % v, s / t, s % t);
  printf("mul %llx\n", a * b);
  CHECK((a / b) * b + a % b == a, "division identity (unsigned)");
  CHECK((sa / sb) * sb + sa % sb == sa, "division identity (signed)");
  volatile unsigned long long one = 1;
  for (int i = 0; i < 64; i += 9) printf("%llx ", one << i);
  printf("\n");
  return finish();
}

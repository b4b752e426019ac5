/* Integer arithmetic as clang -O2 emits it: mul/div with HI/LO, 64-bit add/mul/shift, CLZ,
 * byte swaps, sign extension, bit fields (EXT/INS), jump tables and recursion. */
#include "rt.h"

static volatile u32 seeds[8] = {0x12345678, 0xfffffffe, 7, 0x80000000, 0x7fffffff, 3, 0xdeadbeef, 1};

__attribute__((noinline)) static i32 fib(i32 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

struct bits { u32 a : 5, b : 11, c : 16; };

__attribute__((noinline)) static i32 dispatch(u32 op, i32 x) {
  switch (op) {
  case 0: return x + 1;
  case 1: return x * 3;
  case 2: return x ^ 0x55;
  case 3: return x >> 2;
  case 4: return -x;
  case 5: return x & 0xff0;
  case 6: return x | 1;
  default: return 0;
  }
}

int main(int argc, char **argv) {
  u32 h = 0;
  for (int i = 0; i < 8; i++) {
    for (int j = 0; j < 8; j++) {
      u32 a = seeds[i], b = seeds[j];
      i32 sa = (i32)a, sb = (i32)b;
      put_hex(a * b);
      put_hex((u32)(((u64)a * b) >> 32));
      put_hex((u32)(((i64)sa * sb) >> 32));
      if (b != 0) { put_hex(a / b); put_hex(a % b); }
      if (sb != 0 && !(sa == (i32)0x80000000 && sb == -1)) { put_dec(sa / sb); put_dec(sa % sb); }
      put_hex(a << (b & 31)); put_hex(a >> (b & 31)); put_hex((u32)(sa >> (b & 31)));
      u64 wide = ((u64)a << 32 | b) + ((u64)b << 17);
      put_hex((u32)(wide >> 32)); put_hex((u32)wide);
      put_hex((u32)(wide << (a & 63) >> 32));
      h = h * 31 + a - b;
    }
    nl();
  }
  for (int i = 0; i < 8; i++) {
    u32 a = seeds[i];
    put_dec(__builtin_clz(a | 1)); put_hex(__builtin_bswap32(a));
    put_dec((signed char)a); put_dec((short)a); put_dec((a << 7) | (a >> 25));
    struct bits bf = {0};
    bf.a = a; bf.b = a >> 5; bf.c = a >> 3;
    put_hex(bf.a + bf.b + bf.c);
    put_dec(dispatch(a % 8, (i32)a));
    nl();
  }
  put_dec(fib(20)); put_hex(h); nl();
  return 0;
}

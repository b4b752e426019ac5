/* 64-bit integer helpers that clang calls on 32-bit targets (compiler-rt names):
 * division and remainder everywhere, shifts on SPARC V8. Written with 32-bit operations
 * only, so they never call themselves. */
typedef unsigned long long u64;
typedef long long s64;
typedef unsigned int u32;

typedef union {
  u64 all;
  struct {
#if defined(__BIG_ENDIAN__) || defined(__MIPSEB__) || defined(__sparc__) || defined(__powerpc__)
    u32 high, low;
#else
    u32 low, high;
#endif
  } s;
} dword;

u64 __ashldi3(u64 a, int b);
u64 __lshrdi3(u64 a, int b);
s64 __ashrdi3(s64 a, int b);
u64 __udivmoddi4(u64 num, u64 den, u64 *rem);
u64 __udivdi3(u64 a, u64 b);
u64 __umoddi3(u64 a, u64 b);
s64 __divdi3(s64 a, s64 b);
s64 __moddi3(s64 a, s64 b);

u64 __ashldi3(u64 a, int b) {
  dword x = {.all = a};
  b &= 63;
  if (b == 0) return a;
  if (b >= 32) {
    x.s.high = x.s.low << (b - 32);
    x.s.low = 0;
  } else {
    x.s.high = (x.s.high << b) | (x.s.low >> (32 - b));
    x.s.low <<= b;
  }
  return x.all;
}

u64 __lshrdi3(u64 a, int b) {
  dword x = {.all = a};
  b &= 63;
  if (b == 0) return a;
  if (b >= 32) {
    x.s.low = x.s.high >> (b - 32);
    x.s.high = 0;
  } else {
    x.s.low = (x.s.low >> b) | (x.s.high << (32 - b));
    x.s.high >>= b;
  }
  return x.all;
}

s64 __ashrdi3(s64 a, int b) {
  dword x = {.all = (u64)a};
  b &= 63;
  if (b == 0) return a;
  if (b >= 32) {
    x.s.low = (u32)((int)x.s.high >> (b - 32));
    x.s.high = (u32)((int)x.s.high >> 31);
  } else {
    x.s.low = (x.s.low >> b) | (x.s.high << (32 - b));
    x.s.high = (u32)((int)x.s.high >> b);
  }
  return (s64)x.all;
}

/* Restoring division, one quotient bit per step, on the two 32-bit halves. */
u64 __udivmoddi4(u64 num, u64 den, u64 *rem) {
  dword n = {.all = num}, d = {.all = den}, q = {.all = 0}, r = {.all = 0};
  if (d.s.high == 0 && n.s.high == 0) {
    if (d.s.low == 0) {
      /* Division by zero: the hardware would trap; return all ones like compiler-rt. */
      if (rem) *rem = num;
      return ~0ULL;
    }
    q.s.low = n.s.low / d.s.low;
    if (rem) {
      r.s.low = n.s.low - q.s.low * d.s.low;
      *rem = r.all;
    }
    return q.all;
  }
  for (int i = 63; i >= 0; i--) {
    /* r = (r << 1) | bit i of n */
    r.s.high = (r.s.high << 1) | (r.s.low >> 31);
    u32 bit = i >= 32 ? (n.s.high >> (i - 32)) & 1 : (n.s.low >> i) & 1;
    r.s.low = (r.s.low << 1) | bit;
    if (r.s.high > d.s.high || (r.s.high == d.s.high && r.s.low >= d.s.low)) {
      u32 borrow = r.s.low < d.s.low;
      r.s.low -= d.s.low;
      r.s.high -= d.s.high + borrow;
      if (i >= 32)
        q.s.high |= 1u << (i - 32);
      else
        q.s.low |= 1u << i;
    }
  }
  if (rem) *rem = r.all;
  return q.all;
}

u64 __udivdi3(u64 a, u64 b) { return __udivmoddi4(a, b, 0); }

u64 __umoddi3(u64 a, u64 b) {
  u64 r;
  __udivmoddi4(a, b, &r);
  return r;
}

s64 __divdi3(s64 a, s64 b) {
  int neg = (a < 0) != (b < 0);
  u64 q = __udivmoddi4(a < 0 ? -(u64)a : (u64)a, b < 0 ? -(u64)b : (u64)b, 0);
  return neg ? -(s64)q : (s64)q;
}

s64 __moddi3(s64 a, s64 b) {
  u64 r;
  __udivmoddi4(a < 0 ? -(u64)a : (u64)a, b < 0 ? -(u64)b : (u64)b, &r);
  return a < 0 ? -(s64)r : (s64)r;
}

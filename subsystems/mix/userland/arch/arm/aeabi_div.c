/* ARM run-time ABI division helpers (RTABI section 4.3.1): ARMv5TE and ARMv7-A (before
 * the A15) have no divide instruction in ARM state, so clang calls these. The divmod forms
 * return {quotient, remainder} in {r0, r1}, which a 64-bit return value in a little-endian
 * r0:r1 pair provides. */
typedef unsigned int u32;
typedef unsigned long long u64;

u32 __aeabi_uidiv(u32 num, u32 den);
int __aeabi_idiv(int num, int den);
u64 __aeabi_uidivmod(u32 num, u32 den);
u64 __aeabi_idivmod(int num, int den);

static u32 udiv32(u32 num, u32 den, u32 *rem) {
  u32 q = 0, r = 0;
  if (den == 0) {
    *rem = num;
    return ~0u;
  }
  for (int i = 31; i >= 0; i--) {
    r = (r << 1) | ((num >> i) & 1);
    if (r >= den) {
      r -= den;
      q |= 1u << i;
    }
  }
  *rem = r;
  return q;
}

u32 __aeabi_uidiv(u32 num, u32 den) {
  u32 r;
  return udiv32(num, den, &r);
}

int __aeabi_idiv(int num, int den) {
  u32 r;
  u32 q = udiv32(num < 0 ? -(u32)num : (u32)num, den < 0 ? -(u32)den : (u32)den, &r);
  return (num < 0) != (den < 0) ? -(int)q : (int)q;
}

u64 __aeabi_uidivmod(u32 num, u32 den) {
  u32 r;
  u32 q = udiv32(num, den, &r);
  return ((u64)r << 32) | q;
}

u64 __aeabi_idivmod(int num, int den) {
  u32 r;
  u32 q = udiv32(num < 0 ? -(u32)num : (u32)num, den < 0 ? -(u32)den : (u32)den, &r);
  int quot = (num < 0) != (den < 0) ? -(int)q : (int)q;
  int rem = num < 0 ? -(int)r : (int)r;
  return ((u64)(u32)rem << 32) | (u32)quot;
}

long long __divmoddi4_signed(long long num, long long den, long long *rem);
u64 __udivmoddi4(u64 num, u64 den, u64 *rem);

/* Signed 64-bit division with remainder for __aeabi_ldivmod (truncating, C semantics). */
long long __divmoddi4_signed(long long num, long long den, long long *rem) {
  u64 r;
  u64 q = __udivmoddi4(num < 0 ? -(u64)num : (u64)num, den < 0 ? -(u64)den : (u64)den, &r);
  *rem = num < 0 ? -(long long)r : (long long)r;
  return (num < 0) != (den < 0) ? -(long long)q : (long long)q;
}

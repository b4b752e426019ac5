/* Floating-point conversions for the printf engine (%f %F %e %E %g %G) using integer
 * arithmetic only, so no FPU (or soft-float helper) is needed: the IEEE-754 double's bits
 * give m * 2^e, which is expanded exactly in decimal (m << e, or m * 5^-e with the point
 * moved -e places) in base-10^9 limbs, then rounded half-to-even at the requested digit.
 * Results therefore match glibc's (which also rounds the exact value). */
#include <stdint.h>
#include <string.h>

#include "format.h"

#define LIMB_BASE 1000000000u
#define MAX_LIMBS 130 /* 2^1024 and 5^1074 * 2^53 both fit in 130 nine-digit limbs */
#define MAX_DIGITS (MAX_LIMBS * 9 + 2)

/* Big number in base 10^9, least significant limb first. */
struct big {
  uint32_t limb[MAX_LIMBS];
  int n;
};

static void big_mul_small(struct big *b, uint32_t factor) {
  uint32_t carry = 0;
  for (int i = 0; i < b->n; i++) {
    uint64_t v = (uint64_t)b->limb[i] * factor + carry; /* < 2^61: factor <= 5^13 */
    carry = (uint32_t)(v / LIMB_BASE);
    b->limb[i] = (uint32_t)(v - (uint64_t)carry * LIMB_BASE);
  }
  while (carry) { /* the carry can exceed one limb (factor up to 5^13 > 10^9) */
    b->limb[b->n++] = carry % LIMB_BASE;
    carry /= LIMB_BASE;
  }
}

/* Writes the decimal digits of b (no leading zeros; "0" for zero) and returns the count. */
static int big_digits(const struct big *b, char *out) {
  int len = 0;
  for (int i = b->n - 1; i >= 0; i--) {
    char tmp[9];
    uint32_t v = b->limb[i];
    for (int k = 8; k >= 0; k--) {
      tmp[k] = (char)('0' + v % 10);
      v /= 10;
    }
    int start = 0;
    if (len == 0)
      while (start < 8 && tmp[start] == '0') start++;
    memcpy(out + len, tmp + start, (size_t)(9 - start));
    len += 9 - start;
  }
  if (len == 0) out[len++] = '0';
  return len;
}

/* Exact decimal expansion of a finite, non-negative double given by its exponent field and
 * mantissa: digits[0..n) with the decimal point after *point digits (may be <= 0 or > n). */
static int expand(uint32_t exp_field, uint64_t mantissa, char *digits, int *point) {
  uint64_t m = exp_field ? mantissa | (1ULL << 52) : mantissa;
  int e = exp_field ? (int)exp_field - 1075 : -1074;
  if (m == 0) {
    digits[0] = '0';
    *point = 1;
    return 1;
  }
  struct big b;
  b.n = 0;
  while (m) {
    uint64_t q = m / LIMB_BASE;
    b.limb[b.n++] = (uint32_t)(m - q * LIMB_BASE);
    m = q;
  }
  for (; e > 0; e -= e >= 29 ? 29 : e) big_mul_small(&b, 1u << (e >= 29 ? 29 : e));
  int shift = 0;
  for (; e < 0; e += e <= -13 ? 13 : -e) {
    int k = e <= -13 ? 13 : -e;
    uint32_t p = 1;
    for (int i = 0; i < k; i++) p *= 5;
    big_mul_small(&b, p);
    shift += k;
  }
  int n = big_digits(&b, digits);
  *point = n - shift;
  return n;
}

/* Rounds digits[0..n) half-to-even so that `keep` digits remain (keep may exceed n: then
 * zeros are appended). Returns the new length; a carry out of the first digit prepends a
 * '1' and increments *point. */
static int round_digits(char *digits, int n, int keep, int *point) {
  if (keep >= n) {
    while (n < keep) digits[n++] = '0';
    return n;
  }
  if (keep < 0) {
    digits[0] = '0';
    return 0;
  }
  int up = 0;
  if (digits[keep] > '5') {
    up = 1;
  } else if (digits[keep] == '5') {
    int tail = 0;
    for (int i = keep + 1; i < n; i++) tail |= digits[i] != '0';
    up = tail || (keep > 0 && (digits[keep - 1] - '0') % 2 == 1);
  }
  n = keep;
  if (up) {
    int i = n - 1;
    while (i >= 0 && digits[i] == '9') digits[i--] = '0';
    if (i >= 0) {
      digits[i]++;
    } else {
      memmove(digits + 1, digits, (size_t)n);
      digits[0] = '1';
      n++;
      (*point)++;
    }
  }
  return n;
}

static int put_exponent(char *out, int x, int upper) {
  int len = 0;
  out[len++] = upper ? 'E' : 'e';
  out[len++] = x < 0 ? '-' : '+';
  if (x < 0) x = -x;
  char tmp[4];
  int k = 0;
  do {
    tmp[k++] = (char)('0' + x % 10);
    x /= 10;
  } while (x);
  if (k < 2) tmp[k++] = '0';
  while (k) out[len++] = tmp[--k];
  return len;
}

int __format_float(char *out, int conv, int alt, int prec, unsigned long long bits, int *negative) {
  int upper = conv == 'F' || conv == 'E' || conv == 'G';
  uint32_t exp_field = (uint32_t)(bits >> 52) & 0x7ff;
  uint64_t mantissa = bits & ((1ULL << 52) - 1);
  *negative = (int)(bits >> 63);
  if (exp_field == 0x7ff) {
    memcpy(out, mantissa ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf"), 3);
    return 3;
  }
  char digits[MAX_DIGITS + FLOAT_MAX_PREC + 8];
  int point;
  int n = expand(exp_field, mantissa, digits, &point);
  if (prec < 0) prec = 6;
  if (prec > FLOAT_MAX_PREC) prec = FLOAT_MAX_PREC;
  int lower = conv | 32;
  if (lower == 'g') {
    if (prec == 0) prec = 1;
    /* The exponent %e would show with prec-1 digits after the point. */
    char probe[MAX_DIGITS + FLOAT_MAX_PREC + 8];
    int p2 = point, first = 0;
    while (first < n && digits[first] == '0') first++;
    memcpy(probe, digits + first, (size_t)(n - first));
    int pn = n - first;
    p2 -= first;
    round_digits(probe, pn > 0 ? pn : 1, prec, &p2);
    int x = pn > 0 ? p2 - 1 : 0;
    if (x < prec && x >= -4) {
      lower = 'f';
      prec = prec - 1 - x;
    } else {
      lower = 'e';
      prec = prec - 1;
    }
    if (!alt) alt = -1; /* strip trailing zeros below */
  }
  int len = 0;
  if (lower == 'f') {
    if (point <= 0) {
      memmove(digits + (1 - point), digits, (size_t)n);
      memset(digits, '0', (size_t)(1 - point));
      n += 1 - point;
      point = 1;
    }
    n = round_digits(digits, n, point + prec, &point);
    memcpy(out, digits, (size_t)point);
    len = point;
    if (prec > 0 || alt > 0) out[len++] = '.';
    memcpy(out + len, digits + point, (size_t)prec);
    len += prec;
  } else {
    int first = 0;
    while (first < n - 1 && digits[first] == '0') first++;
    char *d = digits + first;
    int dn = n - first;
    int x = point - first - 1;
    int p = point;
    dn = round_digits(d, dn, prec + 1, &p);
    if (p != point) x++;
    if (d[0] == '0') x = 0;
    out[len++] = d[0];
    if (prec > 0 || alt > 0) out[len++] = '.';
    memcpy(out + len, d + 1, (size_t)prec);
    len += prec;
    (void)dn;
    if (alt < 0) {
      while (len > 1 && out[len - 1] == '0') len--;
      if (out[len - 1] == '.') len--;
      alt = 0;
    }
    len += put_exponent(out + len, x, upper);
    return len;
  }
  if (alt < 0) {
    int has_point = memchr(out, '.', (size_t)len) != 0;
    if (has_point) {
      while (out[len - 1] == '0') len--;
      if (out[len - 1] == '.') len--;
    }
  }
  return len;
}

/* abs/div and a deterministic rand (a 31-bit linear congruential generator, seed 1 by
 * default, so runs are reproducible on every family). */
#include <stdlib.h>

int abs(int x) { return x < 0 ? -x : x; }
long labs(long x) { return x < 0 ? -x : x; }
long long llabs(long long x) { return x < 0 ? -x : x; }

div_t div(int num, int den) {
  div_t r = {num / den, num % den};
  return r;
}

ldiv_t ldiv(long num, long den) {
  ldiv_t r = {num / den, num % den};
  return r;
}

static unsigned long rand_state = 1;

void srand(unsigned int seed) { rand_state = seed; }

int rand(void) {
  rand_state = rand_state * 1103515245u + 12345u;
  return (int)((rand_state >> 1) & RAND_MAX);
}

/* Memory: byte/half/word loads and stores in both signs, unaligned (packed) accesses through
 * LWL/LWR/SWL/SWR, atomics through LL/SC, the brk heap and anonymous mmap. */
#include "rt.h"

struct __attribute__((packed)) odd { char c; u32 w; unsigned short h; u64 d; };

static char buffer[256];
static volatile int counter;

int main(int argc, char **argv) {
  for (int i = 0; i < 256; i++) buffer[i] = (char)(i * 7 + 3);
  struct odd *o = (struct odd *)(buffer + 1);
  for (int i = 0; i < 12; i++) {
    struct odd *p = (struct odd *)(buffer + i);
    put_hex(p->w); put_hex(p->h); put_hex((u32)(p->d >> 32)); put_hex((u32)p->d);
    p->w = 0xa1b2c3d4 + i;
    put_hex(p->w);
    nl();
  }
  signed char *sc = (signed char *)buffer;
  short *ss = (short *)buffer;
  for (int i = 0; i < 16; i++) { put_dec(sc[i * 9]); put_dec(ss[i * 3]); }
  nl();
  (void)o;
  for (int i = 0; i < 1000; i++) __atomic_fetch_add(&counter, 3, __ATOMIC_SEQ_CST);
  int expected = 3000;
  put_dec(__atomic_compare_exchange_n(&counter, &expected, 7, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
  put_dec(counter);
  nl();
  long base = sys3(4045, 0, 0, 0);
  long top = sys3(4045, base + 100000, 0, 0);
  put_dec(top - base);
  char *heap = (char *)base;
  for (int i = 0; i < 100000; i += 4096) heap[i] = (char)i;
  put_dec(heap[4096 * 3]);
  char *m = (char *)sys6(4210, 0, 65536, 3, 0x802, -1, 0);
  put_dec(m[100]);
  m[65535] = 9;
  put_dec(m[65535]);
  nl();
  return 5;
}

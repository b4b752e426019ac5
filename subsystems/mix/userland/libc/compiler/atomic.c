/* 4-byte atomic helpers that clang calls where the CPU has no compare-and-swap it can
 * inline: ARMv5TE (no ldrex/strex) and SPARC V8 (only ldstub and swap). Guest processes
 * are single-threaded, so plain loads and stores are atomic with respect to every other
 * thread of the process; a signal handler touching the same word mid-operation is the one
 * case these do not cover. */
#if defined(__arm__) || defined(__sparc__)

typedef unsigned int u32;

u32 __atomic_load_4(const volatile void *p, int order);
void __atomic_store_4(volatile void *p, u32 v, int order);
u32 __atomic_exchange_4(volatile void *p, u32 v, int order);
_Bool __atomic_compare_exchange_4(volatile void *p, void *expected, u32 desired, int success,
                                  int failure);
u32 __atomic_fetch_add_4(volatile void *p, u32 v, int order);
u32 __atomic_fetch_sub_4(volatile void *p, u32 v, int order);
u32 __atomic_fetch_and_4(volatile void *p, u32 v, int order);
u32 __atomic_fetch_or_4(volatile void *p, u32 v, int order);
u32 __atomic_fetch_xor_4(volatile void *p, u32 v, int order);

u32 __atomic_load_4(const volatile void *p, int order) {
  (void)order;
  return *(const volatile u32 *)p;
}

void __atomic_store_4(volatile void *p, u32 v, int order) {
  (void)order;
  *(volatile u32 *)p = v;
}

u32 __atomic_exchange_4(volatile void *p, u32 v, int order) {
  (void)order;
  u32 old = *(volatile u32 *)p;
  *(volatile u32 *)p = v;
  return old;
}

_Bool __atomic_compare_exchange_4(volatile void *p, void *expected, u32 desired, int success,
                                  int failure) {
  (void)success;
  (void)failure;
  u32 current = *(volatile u32 *)p;
  if (current == *(u32 *)expected) {
    *(volatile u32 *)p = desired;
    return 1;
  }
  *(u32 *)expected = current;
  return 0;
}

#define FETCH_OP(name, op)                                   \
  u32 __atomic_fetch_##name##_4(volatile void *p, u32 v, int order) { \
    (void)order;                                             \
    u32 old = *(volatile u32 *)p;                            \
    *(volatile u32 *)p = old op v;                           \
    return old;                                              \
  }

FETCH_OP(add, +)
FETCH_OP(sub, -)
FETCH_OP(and, &)
FETCH_OP(or, |)
FETCH_OP(xor, ^)

#endif

/* <assert.h>: assert prints the failed expression with its location and aborts; defining
 * NDEBUG before the include turns it off. Deliberately without an include guard (C rule). */
#undef assert
#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
_Noreturn void __assert_fail(const char *expr, const char *file, int line, const char *func);
#define assert(expr) ((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

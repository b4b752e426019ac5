/* Harness for random instruction blocks: argv[1] names a file holding 32 initial register
 * values and then the block's code words (guest byte order). The code runs in an RWX anonymous
 * mapping with $24 (t8) pointing at the data area: [0..31] registers in, [32..65] registers,
 * HI and LO out, [80..] a 256-byte scratch buffer the block may load from and store to. The block
 * (made by the test) saves and restores what the C caller needs. Prints the out area as hex. */
#include "rt.h"

static u32 file[4096];
static u32 area[80 + 64];

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  long fd = sys3(4005, argv[1], 0, 0);
  if (fd < 0) return 3;
  long n = sys3(4003, fd, file, sizeof file);
  if (n < 32 * 4) return 4;
  for (int i = 0; i < 32; i++) area[i] = file[i];
  for (int i = 0; i < 64; i++) area[80 + i] = 0x01010101u * (u32)(i + 1) ^ 0x80f00f08u;
  u32 *code = (u32 *)sys6(4210, 0, 65536, 7, 0x802, -1, 0);
  if ((long)code < 0 && (long)code > -4096) return 5;
  for (long i = 32; i < n / 4; i++) code[i - 32] = file[i];
  /* Three times: the CPU compiles a block the second time it starts there, so the third run
   * goes through compiled code; each run starts from the same registers, the scratch memory
   * carries over. */
  for (int round = 0; round < 3; round++) ((void (*)(u32 *))code)(area);
  for (int i = 32; i < 80 + 64; i++)
    if (i < 66 || i >= 80) put_hex(area[i]); /* skip the saved caller registers */
  nl();
  return 0;
}

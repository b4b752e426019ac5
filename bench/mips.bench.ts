// MIPS CPU speed: a CPU-bound C loop (compiled here with clang for mipsel) run under `chorus
// exec`'s engine and under qemu-mipsel on the same binary in the same run. Prints guest
// instructions per second for both and the time ratio (ours / qemu). Needs clang, ld.lld and
// qemu-mipsel; without them the benchmarks say so and do no work.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execElf } from '../src/exec/index.ts';
import type { Benchmark } from './harness.ts';

const SOURCE = String.raw`
typedef unsigned int u32;
__asm__(".text\n.globl __start\n__start:\n move $a0, $sp\n addiu $sp, $sp, -24\n jal start_c\n nop\n");
static long sys3(long n, long a, long b, long c) {
  register long v0 __asm__("$2") = n; register long a0 __asm__("$4") = a;
  register long a1 __asm__("$5") = b; register long a2 __asm__("$6") = c; register long a3 __asm__("$7");
  __asm__ volatile("syscall" : "+r"(v0), "=r"(a3) : "r"(a0), "r"(a1), "r"(a2)
    : "memory", "$1", "$3", "$8", "$9", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25", "hi", "lo");
  return v0;
}
static u32 table[256];
static unsigned char data[4096];
/* CRC-32 over a buffer, a sieve-like mark pass and a multiply-accumulate: loads, stores,
   shifts, branches and multiplies in a mix typical of integer C code. */
void start_c(long *sp) {
  long rounds = 0;
  for (char *p = (char *)sp[2]; p && *p; p++) rounds = rounds * 10 + (*p - '0');
  for (u32 i = 0; i < 256; i++) { u32 c = i; for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >> 1) : c >> 1; table[i] = c; }
  for (int i = 0; i < 4096; i++) data[i] = (unsigned char)(i * 13 + 7);
  u32 crc = 0xffffffff, acc = 1;
  for (long r = 0; r < rounds; r++) {
    for (int i = 0; i < 4096; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    for (int i = 3; i < 4096; i += 3) data[i] ^= (unsigned char)(data[i - 3] + r);
    for (int i = 0; i < 256; i++) acc = acc * 2654435761u + table[i];
  }
  char out[9];
  for (int i = 0; i < 8; i++) out[i] = "0123456789abcdef"[((crc ^ acc) >> (28 - 4 * i)) & 15];
  out[8] = '\n';
  sys3(4004, 1, (long)out, 9);
  sys3(4246, 0, 0, 0);
}
`;

const ROUNDS = '6000';
const has = (tool: string) => spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0;
const ready = has('clang') && has('ld.lld') && has('qemu-mipsel');

function build(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chorus-bench-mips-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'loop.c'), SOURCE);
  const output = join(dir, 'loop.mipsel');
  const flags = ['-O2', '-ffreestanding', '-fno-builtin', '-nostdlib', '-static', '-fno-pic'];
  const target = ['--target=mipsel-linux-gnu', '-march=mips32r2', '-mno-abicalls', '-G0', '-fuse-ld=lld'];
  const result = spawnSync('clang', [...flags, ...target, join(dir, 'loop.c'), '-o', output], {
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`clang failed: ${result.stderr}`);
  return output;
}

const binary = ready ? build() : '';
let instructions = 0;
let expectedOutput = '';
let oursBest = Number.POSITIVE_INFINITY;
let qemuBest = Number.POSITIVE_INFINITY;
let qemuRuns = 0;

function runOurs(): number {
  let stdout = '';
  const start = performance.now();
  const outcome = execElf({
    image: readFileSync(binary),
    argv: [binary, ROUNDS],
    streams: {
      stdout: (b) => (stdout += Buffer.from(b).toString()),
      stderr: () => {},
      stdin: () => new Uint8Array(0),
    },
  });
  oursBest = Math.min(oursBest, (performance.now() - start) / 1000);
  if (outcome.kind !== 'exited' || outcome.status !== 0)
    throw new Error(`guest failed: ${JSON.stringify(outcome)}`);
  instructions = outcome.cycles; // one instruction per cycle under exec
  expectedOutput = stdout;
  return instructions;
}

function runQemu(): number {
  const start = performance.now();
  const result = spawnSync('qemu-mipsel', ['-cpu', '24Kc', binary, ROUNDS], { encoding: 'utf8' });
  qemuBest = Math.min(qemuBest, (performance.now() - start) / 1000);
  if (result.status !== 0 || result.stdout !== expectedOutput)
    throw new Error('qemu-mipsel disagrees with chorus exec');
  if (++qemuRuns === 6) {
    console.log(
      `mips loop: ${instructions} guest instructions; chorus exec ${(instructions / oursBest / 1e6).toFixed(1)} M instr/s, ` +
        `qemu-mipsel ${(instructions / qemuBest / 1e6).toFixed(1)} M instr/s; time ratio ours/qemu ${(oursBest / qemuBest).toFixed(1)}x`,
    );
  }
  return instructions;
}

const unavailable = (name: string): Benchmark => ({
  name: `${name} [needs clang, ld.lld, qemu-mipsel]`,
  unit: 'guest instr',
  run: () => 0,
  runs: 1,
});

export const benchmarks: readonly Benchmark[] = ready
  ? [
      {
        name: 'mips: CPU-bound C loop under chorus exec (mipsel)',
        unit: 'guest instr',
        run: runOurs,
        runs: 3,
      },
      { name: 'mips: same binary under qemu-mipsel', unit: 'guest instr', run: runQemu, runs: 5 },
    ]
  : [unavailable('mips: CPU-bound C loop under chorus exec')];

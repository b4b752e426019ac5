// Random instruction blocks compared with qemu: fast-check builds blocks of integer MIPS32r2
// code (ALU, shifts, multiply-accumulate, bit-field, byte/half/word and unaligned loads and
// stores, forward branches with delay slots, likely branches); programs/blockrun.c runs each
// block under qemu-mips/qemu-mipsel -cpu 24Kc and under chorus exec, and the registers, HI, LO
// and the scratch memory it prints must be equal.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithOracles } from '../../../support/oracles.ts';
import { REPO_ROOT } from '../../../support/run-cli.ts';
import { clangArgs, type MipsFamily, runChorus, runQemu } from './support/guest.ts';
import { blockBody, epilogue, prologue } from './support/random-block.ts';

const FAMILIES: readonly MipsFamily[] = ['mips', 'mipsel'];

// Unbiased 32-bit values (fast-check otherwise favours small numbers), plus edge cases.
const interesting = fc.oneof(
  { weight: 4, arbitrary: fc.noBias(fc.integer({ min: 0, max: 0xffffffff })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffe, 0x8000, 0xffff, 0x80),
  },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 64 }) },
);

describeWithOracles(
  ['clang', 'ld.lld', 'qemu-mips', 'qemu-mipsel'],
  'MIPS: random instruction blocks against qemu-user',
  () => {
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'chorus-mips-blocks-'));
      for (const family of FAMILIES) {
        const source = join(REPO_ROOT, 'test/machine/cpu/mips/programs/blockrun.c');
        const result = spawnSync('clang', clangArgs(family, source, join(dir, `blockrun.${family}`)), {
          encoding: 'utf8',
        });
        if (result.status !== 0) throw new Error(`clang failed: ${result.stderr}`);
      }
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    for (const [index, family] of FAMILIES.entries()) {
      it(`MIPS vs qemu (${family}): random blocks leave the same registers, HI/LO and memory`, () => {
        fc.assert(
          fc.property(
            fc.array(interesting, { minLength: 32, maxLength: 32 }),
            blockBody(),
            (registers, body) => {
              const words = [...registers, ...prologue(), ...body, ...epilogue()];
              const bytes = new Uint8Array(4 * words.length);
              const view = new DataView(bytes.buffer);
              for (const [i, word] of words.entries()) view.setUint32(4 * i, word >>> 0, family === 'mipsel');
              writeFileSync(join(dir, 'block.bin'), bytes);
              const program = `./blockrun.${family}`;
              const oracle = runQemu(family, dir, program, ['block.bin']);
              const ours = runChorus(dir, program, ['block.bin']);
              expect(oracle.status).toBe(0);
              expect(ours.stdout).toBe(oracle.stdout);
              expect(ours.status).toBe(0);
            },
          ),
          { numRuns: 100, seed: 1000 + index },
        );
      });
    }
  },
);

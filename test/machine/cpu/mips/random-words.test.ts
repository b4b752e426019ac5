import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXC, STATUS } from '../../../../machine/cpu/mips/index.ts';
import { board, enterKernelAt, poke } from './support/machine.ts';

// Random 32-bit words as code: whatever they decode to (reserved encodings, CP0 and TLB
// instructions, wild loads, branches into the void), the CPU must raise architectural exceptions
// and never throw a host exception, in kernel and in user mode, in both byte orders.
describe('MIPS robustness: random instruction words', () => {
  for (const [mode, user] of [
    ['kernel', false],
    ['user', true],
  ] as const) {
    it(`MIPS fuzz (${mode} mode): random words never crash the host and $zero stays zero`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 64 }),
          fc.boolean(),
          (words, little) => {
            const { bus, cpus } = board(little ? 'little' : 'big', 1);
            const cpu = cpus[0]!;
            poke(bus, 0x1000, words);
            poke(bus, 0x0, words); // the refill and general vectors run random code too
            poke(bus, 0x180, words);
            let exceptions = 0;
            // Bound the run: after a few exceptions, stop (a random handler may loop forever).
            const count = (c: typeof cpu) => {
              exceptions++;
              if (exceptions > 50) c.requestStop();
            };
            cpu.setExceptionHandler('general', count);
            cpu.setExceptionHandler('tlbRefill', count);
            if (user) {
              cpu.tlb.write(0, 0, 0, (0 << 6) | 0x1e, (1 << 6) | 0x1e); // pages 0 and 0x1000 mapped one-to-one
              enterKernelAt(cpu, 0x1000);
              cpu.status = STATUS.UM;
              cpu.soft.modeChanged();
            } else enterKernelAt(cpu, 0x80001000);
            cpu.run(5_000);
            expect(cpu.r[0]).toBe(0);
            expect(Number.isInteger(cpu.pc) && cpu.pc === (cpu.pc | 0)).toBe(true);
            expect(cpu.cycle >= 5_000 || cpu.idle || cpu.stopRequested).toBe(true);
            expect((cpu.cause >>> 2) & 31).toBeLessThanOrEqual(EXC.Tr);
          },
        ),
        { numRuns: 300, seed: 12 },
      );
    });
  }
});

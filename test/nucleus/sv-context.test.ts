// What a subsystem's trap handler gets of the thread it runs on (nucleus/sv-context.ts): its
// saved registers (svGetContext/svSetContext) and its memory (svCopyIn/svCopyOut, with pages
// brought in as faults would). The test is a tiny UNIX: a native system actor connects the
// UNIX trap (0) and serves the handful of Linux o32 calls two of the userland's guest tests make
// (write, ioctl, brk, exit_group); their output must equal the tests' expected output.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseElf32 } from '../../machine/elf/index.ts';
import { buildBoard } from '../../machine/index.ts';
import type { Capability, GuestRegisters } from '../../nucleus/index.ts';
import { api, bootSite, K_EFAULT, K_EPRIV, K_OK, runSite } from '../../nucleus/index.ts';
import { DEFAULT_BOARD } from '../../src/site/default-site.ts';

const userland = new URL('../../subsystems/mix/userland/', import.meta.url);
const A3 = 7;
const V0 = 2;
const PAGE = 4096;
const ENOTTY = 25;
const ENOSYS = 89;

/** Runs userland test `name` under the tiny UNIX; returns what it wrote and its exit status. */
function runUnder(name: string) {
  const file = new Uint8Array(readFileSync(new URL(`bin/mips/tests/${name}`, userland)));
  const image = parseElf32(file);
  const dataEnd = Math.max(...image.segments.map((s) => s.vaddr + s.memSize));
  let brk = Math.ceil(dataEnd / PAGE) * PAGE;
  let out = '';
  let status = -1;
  const unknown = new Set<number>();

  /** Sets the o32 result: v0 and the error flag a3. */
  function* result(value: number): Generator<api.Request, number, unknown> {
    const regs = (yield* api.svGetContext(0)) as GuestRegisters;
    const gpr = [...regs.gpr];
    gpr[V0] = value < 0 ? -value : value;
    gpr[A3] = value < 0 ? 1 : 0;
    yield* api.svSetContext(0, { ...regs, gpr });
    return gpr[V0]!;
  }

  const unix = function* (args: readonly number[]): Generator<api.Request, number, unknown> {
    const regs = (yield* api.svGetContext(0)) as GuestRegisters;
    const number = regs.gpr[V0]!;
    const [a0 = 0, a1 = 0, a2 = 0] = args;
    switch (number) {
      case 4004: {
        const bytes = yield* api.svCopyIn(a1, a2);
        if (typeof bytes === 'number') return yield* result(-14);
        out += new TextDecoder().decode(bytes);
        return yield* result(a2);
      }
      case 4054:
        return yield* result(-ENOTTY);
      case 4045: {
        if (a0 > brk) {
          const self = yield* api.actorSelf();
          const end = Math.ceil(a0 / PAGE) * PAGE;
          if (end > brk)
            yield* api.rgnAllocate(self, { start: brk, size: end - brk, options: api.K_WRITABLE });
          brk = end;
        }
        return yield* result(a0 === 0 ? brk : a0);
      }
      case 4246:
      case 4001: {
        status = a0;
        yield* api.actorDelete(yield* api.actorSelf());
        return 0;
      }
      default:
        unknown.add(number);
        return yield* result(-ENOSYS);
    }
  };
  const board = buildBoard(DEFAULT_BOARD, { seed: 1 });
  const site = bootSite(board, {
    seed: 1,
    actors: [
      {
        name: 'unix',
        kind: 'system',
        threads: [
          {
            name: 'connect',
            priority: 1,
            body: function* () {
              yield* api.svTrapConnect(0, unix);
            },
          },
        ],
      },
    ],
    userActors: [{ name, file, priority: 50 }],
  });
  const stop = runSite(site, 500_000_000);
  return { stop, out, status, unknown, site };
}

describe('SUPERVISOR: a trap handler reads and changes its caller (registers, memory)', () => {
  for (const name of ['int64', 'string_ctype']) {
    it(`SUPERVISOR: the userland test "${name}" runs under a native UNIX trap handler with its expected output`, () => {
      const r = runUnder(name);
      expect(r.stop.kind).toBe('idle');
      const expected = readFileSync(new URL(`tests/${name}.expected`, userland), 'utf8');
      expect(r.out).toBe(expected);
      expect(r.status).toBe(0);
      expect([...r.unknown]).toEqual([]);
      expect(r.site.nucleus.faults).toEqual([]);
    });
  }

  it("SUPERVISOR: a user thread may not read another thread's context or copy to a bad address", () => {
    const seen: unknown[] = [];
    const board = buildBoard(DEFAULT_BOARD, { seed: 1 });
    const site = bootSite(board, {
      seed: 1,
      actors: [
        {
          name: 'maker',
          kind: 'system',
          threads: [
            {
              name: 'maker',
              priority: 10,
              body: function* () {
                const me = yield* api.threadSelf();
                seen.push(yield* api.svGetContext(0)); // a native thread has no guest registers
                const user = (yield* api.actorCreate('user', 'u')) as Capability;
                yield* api.threadCreate(user, 'u', 10, function* () {
                  seen.push(yield* api.svGetContext(me));
                  seen.push(yield* api.svCopyOut(0x1000, Uint8Array.of(1)));
                });
                yield* api.threadDelay(100);
                seen.push(K_OK);
              },
            },
          ],
        },
      ],
    });
    runSite(site, 50_000_000);
    expect(seen).toEqual([-1, K_EPRIV, K_EFAULT, K_OK]);
  });
});

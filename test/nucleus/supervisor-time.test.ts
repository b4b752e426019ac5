// Timers, supervisor calls and panics on a booted MIPS site.
import { describe, expect, it } from 'vitest';
import type { Capability, Fault, Semaphore, Timer } from '../../nucleus/index.ts';
import { api, K_EBUSY, K_EINVAL, K_EPRIV, K_ETIMEOUT, K_NOTIMEOUT, K_OK } from '../../nucleus/index.ts';
import { actor, boot } from './support.ts';

const TIMER0 = 0x1f003010; // global timer channel 0 (irq 1): LOAD, COUNT, CTRL, STATUS

describe('NUCLEUS: timers', () => {
  it('NUCLEUS: a periodic timer expires every period without drift; a deleted timer is refused', () => {
    const times: number[] = [];
    const seen: number[] = [];
    const b = boot([
      actor('a', [
        {
          name: 't',
          priority: 10,
          body: function* () {
            const sem = (yield* api.semInit(0)) as Semaphore;
            const timer = (yield* api.timerCreate(yield* api.actorSelf(), sem)) as Timer;
            const start = yield* api.sysTime();
            seen.push(yield* api.timerSet(timer, 100, 100));
            for (let i = 0; i < 5; i++) {
              yield* api.semP(sem, K_NOTIMEOUT);
              times.push((yield* api.sysTime()) - start);
            }
            seen.push(yield* api.timerDelete(timer));
            seen.push(yield* api.timerSet(timer, 100, 0));
            seen.push(yield* api.semP(sem, 300));
          },
        },
      ]),
    ]);
    b.run();
    expect(seen).toEqual([K_OK, K_OK, K_EINVAL, K_ETIMEOUT]);
    // Expiries at 100, 200, ... µs; each wake-up is late only by the nucleus paths (< 15 µs).
    times.forEach((t, i) => {
      expect(t).toBeGreaterThanOrEqual((i + 1) * 100);
      expect(t).toBeLessThan((i + 1) * 100 + 15);
    });
  });

  it('NUCLEUS: a one-shot timer expires once', () => {
    const seen: number[] = [];
    const b = boot([
      actor('a', [
        {
          name: 't',
          priority: 10,
          body: function* () {
            const sem = (yield* api.semInit(0)) as Semaphore;
            const timer = (yield* api.timerCreate(yield* api.actorSelf(), sem)) as Timer;
            yield* api.timerSet(timer, 50);
            seen.push(yield* api.semP(sem, 1_000));
            seen.push(yield* api.semP(sem, 1_000));
          },
        },
      ]),
    ]);
    b.run();
    expect(seen).toEqual([K_OK, K_ETIMEOUT]);
  });
});

describe('NUCLEUS: supervisor', () => {
  it('NUCLEUS: svTrapConnect takes one handler per trap (K_EBUSY on a second), user actors get K_EPRIV', () => {
    const seen: unknown[] = [];
    const handler = function* () {
      yield* api.compute(1);
      return 0;
    };
    const b = boot([
      actor('sys', [
        {
          name: 't',
          priority: 10,
          body: function* () {
            seen.push(yield* api.svTrapConnect(3, handler));
            seen.push(yield* api.svTrapConnect(3, handler));
            seen.push(yield* api.svTrapConnect(256, handler));
            const user = (yield* api.actorCreate('user', 'u')) as Capability;
            yield* api.threadCreate(user, 'u', 5, function* () {
              seen.push('user', yield* api.svTrapConnect(4, handler));
              seen.push('user disconnect', yield* api.svTrapDisconnect(3));
            });
            yield* api.threadDelay(100);
            seen.push(yield* api.svTrapDisconnect(3));
            seen.push(yield* api.svTrapConnect(3, handler));
          },
        },
      ]),
    ]);
    b.run();
    expect(seen).toEqual([K_OK, K_EBUSY, K_EINVAL, 'user', K_EPRIV, 'user disconnect', K_EINVAL, K_OK, K_OK]);
  });

  it('NUCLEUS: svIntrConnect chains handlers until one claims the interrupt, which wakes a driver thread', () => {
    const calls: string[] = [];
    const b = boot([
      actor('driver', [
        {
          name: 'irq',
          priority: 5,
          body: function* () {
            const sem = (yield* api.semInit(0)) as Semaphore;
            yield* api.svIntrConnect(1, () => {
              calls.push('first declines');
              return false;
            });
            yield* api.svIntrConnect(1, (ctx) => {
              calls.push(`second claims on cpu${ctx.cpu}`);
              b.site.board.bus.write32(TIMER0 + 0xc, 1); // acknowledge STATUS.expired
              ctx.semV(sem);
              return true;
            });
            b.site.board.bus.write32(TIMER0, 10_000); // LOAD: 10000 ticks
            b.site.board.bus.write32(TIMER0 + 8, 1 | 4); // CTRL: enable, interrupt, one-shot
            calls.push(`semP ${yield* api.semP(sem, 1_000)}`);
          },
        },
      ]),
    ]);
    b.run();
    expect(calls).toEqual(['first declines', 'second claims on cpu0', 'semP 0']);
    expect(b.site.nucleus.unclaimedInterrupts).toBe(0);
  });

  it('NUCLEUS: an interrupt no handler claims is masked and reported, and the site goes idle', () => {
    const b = boot([
      actor('driver', [
        {
          name: 'irq',
          priority: 5,
          body: function* () {
            yield* api.svIntrConnect(1, () => false);
            b.site.board.bus.write32(TIMER0, 1_000);
            b.site.board.bus.write32(TIMER0 + 8, 1 | 4);
            yield* api.compute(1);
          },
        },
      ]),
    ]);
    expect(b.run().kind).toBe('idle');
    expect(b.site.nucleus.unclaimedInterrupts).toBe(1);
    expect(b.console()).toContain('nucleus: interrupt 1 not claimed by any handler; line masked');
  });

  it('NUCLEUS: svExcHandler receives the fault record of a thread of its actor', () => {
    const faults: Fault[] = [];
    const codes: number[] = [];
    const b = boot([
      actor('mgr', [
        {
          name: 'main',
          priority: 5,
          body: function* () {
            const self = yield* api.actorSelf();
            codes.push(yield* api.svExcHandler(self, (f) => faults.push(f) > 0, 1));
            codes.push(yield* api.svExcHandler(self, undefined, 9));
            yield* api.threadCreate(self, 'victim', 6, function* () {
              yield* api.compute(5);
              throw new RangeError('bad index');
            });
          },
        },
      ]),
    ]);
    b.run();
    expect(codes).toEqual([K_OK, K_EINVAL]);
    expect(faults).toEqual([{ actor: 'mgr', thread: 2, kind: 'host exception', detail: 'bad index' }]);
  });

  it('NUCLEUS: a nucleus panic stops the run with site, cycle, CPU, thread and reason', () => {
    const b = boot([
      actor('a', [
        {
          name: 'doomed',
          priority: 5,
          body: function* () {
            yield* api.compute(100);
            b.site.nucleus.panic('test', 'forced invariant failure');
          },
        },
      ]),
    ]);
    const stop = b.run();
    expect(stop.kind).toBe('panic');
    if (stop.kind !== 'panic') return;
    expect(stop.message).toMatch(
      /^nucleus panic at test: forced invariant failure \(site default, cycle \d+, cpu[01], thread 1 \(doomed\)\)$/,
    );
  });
});

describe('NUCLEUS: handlers that fail', () => {
  it('NUCLEUS: an interrupt handler that throws is reported and counts as not claiming the interrupt', () => {
    const b = boot([
      actor('driver', [
        {
          name: 'irq',
          priority: 5,
          body: function* () {
            yield* api.svIntrConnect(1, () => {
              throw new Error('driver bug');
            });
            b.site.board.bus.write32(TIMER0, 1_000);
            b.site.board.bus.write32(TIMER0 + 8, 1 | 4);
            yield* api.compute(1);
          },
        },
      ]),
    ]);
    expect(b.run().kind).toBe('idle');
    expect(b.console()).toContain('nucleus: a handler failed: driver bug\n');
    expect(b.site.nucleus.unclaimedInterrupts).toBe(1);
  });
});

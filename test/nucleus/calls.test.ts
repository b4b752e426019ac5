// Nucleus calls on a booted two-CPU MIPS site, driven by native threads: results, error codes,
// blocking with timeouts, aborts, suspension, priorities and cross-CPU preemption.
import { describe, expect, it } from 'vitest';
import type { Capability, EventFlags, Mutex, Semaphore, ThreadStat } from '../../nucleus/index.ts';
import {
  api,
  K_EABORT,
  K_EBUSY,
  K_EINVAL,
  K_EPRIV,
  K_ETIMEOUT,
  K_EUNKNOWN,
  K_NOBLOCK,
  K_NOTIMEOUT,
  K_OK,
} from '../../nucleus/index.ts';
import { actor, boot } from './support.ts';

describe('NUCLEUS: calls from native threads', () => {
  it('NUCLEUS: boot prints the banner with version, family, CPUs, memory and seed', () => {
    const b = boot([], { seed: 7 });
    expect(b.run().kind).toBe('idle');
    expect(b.console().split('\n').slice(0, 2)).toEqual([
      'Chorus nucleus 0.1 on site default',
      '  family mips (big-endian), 2 CPUs at 100 MHz, 64 MiB RAM, seed 7',
    ]);
  });

  it('NUCLEUS: semP times out with K_ETIMEOUT after the timeout, K_NOBLOCK fails at once', () => {
    const seen: number[] = [];
    const b = boot([
      actor('a', [
        {
          name: 't',
          priority: 10,
          body: function* () {
            const sem = (yield* api.semInit(0)) as Semaphore;
            seen.push(yield* api.semP(sem, K_NOBLOCK));
            const t0 = yield* api.sysTime();
            seen.push(yield* api.semP(sem, 500));
            seen.push((yield* api.sysTime()) - t0);
            seen.push((yield* api.semInit(-1)) as number);
          },
        },
      ]),
    ]);
    b.run();
    expect(seen.slice(0, 2)).toEqual([K_ETIMEOUT, K_ETIMEOUT]);
    expect(seen[2]).toBeGreaterThanOrEqual(500);
    expect(seen[2]).toBeLessThan(530); // the timeout plus the nucleus paths of the clock and the switch
    expect(seen[3]).toBe(K_EINVAL);
  });

  it('NUCLEUS: threadAbort ends a threadDelay with K_EABORT; a pending abort fails the next wait', () => {
    const seen: (string | number)[] = [];
    let sleeper = 0;
    const b = boot(
      [
        actor('a', [
          {
            name: 'sleeper',
            priority: 20,
            body: function* () {
              sleeper = yield* api.threadSelf();
              seen.push('sleep', yield* api.threadDelay(K_NOTIMEOUT));
              yield* api.threadAbort(0);
              seen.push('again', yield* api.threadDelay(100));
            },
          },
          {
            name: 'aborter',
            priority: 30,
            body: function* () {
              yield* api.threadDelay(50);
              seen.push('abort', yield* api.threadAbort(sleeper));
              seen.push('unknown', yield* api.threadAbort(999));
            },
          },
        ]),
      ],
      { cpus: 1 },
    );
    expect(b.run().kind).toBe('idle');
    // The aborted sleeper (priority 20) preempts the aborter (30) before its call returns.
    expect(seen).toEqual(['sleep', K_EABORT, 'again', K_EABORT, 'abort', K_OK, 'unknown', K_EUNKNOWN]);
  });

  it('NUCLEUS: a thread created inactive runs only after threadActivate; threadResume of it or of a running thread is K_EINVAL', () => {
    const seen: string[] = [];
    const b = boot(
      [
        actor('a', [
          {
            name: 'boss',
            priority: 5,
            body: function* () {
              const li = yield* api.threadCreate(
                yield* api.actorSelf(),
                'worker',
                50,
                function* () {
                  yield* api.compute(1);
                  seen.push('worker runs');
                },
                false,
              );
              seen.push(`created ${li > 0}`);
              yield* api.threadDelay(100);
              seen.push('resume');
              seen.push(`resume inactive ${yield* api.threadResume(li)}`);
              seen.push(`activate ${yield* api.threadActivate(li)}`);
              seen.push(`activate again ${yield* api.threadActivate(li)}`);
              seen.push(`resume self ${yield* api.threadResume(yield* api.threadSelf())}`);
            },
          },
        ]),
      ],
      { cpus: 1 },
    );
    b.run();
    expect(seen).toEqual([
      'created true',
      'resume',
      `resume inactive ${K_EINVAL}`,
      `activate ${K_OK}`,
      `activate again ${K_EINVAL}`,
      `resume self ${K_EINVAL}`,
      'worker runs',
    ]);
  });

  it('NUCLEUS: actor capabilities: privilege, wrong key and deleted actors are refused', () => {
    const seen: unknown[] = [];
    const b = boot([
      actor('sys', [
        {
          name: 't',
          priority: 10,
          body: function* () {
            const user = (yield* api.actorCreate('user', 'u')) as Capability;
            seen.push(typeof user.key);
            yield* api.threadCreate(user, 'u0', 10, function* () {
              seen.push('user creates system', yield* api.actorCreate('system', 'nope'));
            });
            yield* api.threadDelay(100);
            seen.push('bad kind', yield* api.actorCreate('root' as never, 'x'));
            seen.push('wrong key', yield* api.actorStop({ ...user, key: (user.key + 1) >>> 0 }));
            seen.push('stat', ((yield* api.actorStat(user)) as { threads: number }).threads);
            seen.push('delete', yield* api.actorDelete(user));
            seen.push('stale', yield* api.actorStat(user));
            seen.push('create in deleted', yield* api.threadCreate(user, 'x', 1, function* () {}));
          },
        },
      ]),
    ]);
    b.run();
    expect(seen).toEqual([
      'number',
      'user creates system',
      K_EPRIV,
      'bad kind',
      K_EINVAL,
      'wrong key',
      K_EUNKNOWN,
      'stat',
      0,
      'delete',
      K_OK,
      'stale',
      K_EUNKNOWN,
      'create in deleted',
      K_EUNKNOWN,
    ]);
  });

  it('NUCLEUS: a woken high-priority thread preempts the other CPU through an IPI', () => {
    const log: string[] = [];
    let sem: Semaphore | undefined;
    const b = boot([
      actor('a', [
        {
          name: 'urgent',
          priority: 1,
          body: function* () {
            sem = (yield* api.semInit(0)) as Semaphore;
            yield* api.semP(sem, K_NOTIMEOUT);
            const stat = (yield* api.threadStat(0)) as ThreadStat;
            log.push(`urgent runs, ${stat.state}`);
          },
        },
        {
          name: 'low',
          priority: 100,
          body: function* () {
            yield* api.compute(200_000);
            log.push('low done');
          },
        },
        {
          name: 'mid',
          priority: 50,
          body: function* () {
            yield* api.compute(1_000);
            yield* api.semV(sem!);
            yield* api.compute(100_000);
            log.push('mid done');
          },
        },
      ]),
    ]);
    b.run();
    // urgent takes the CPU of the lowest thread (low), so mid finishes before low.
    expect(log).toEqual(['urgent runs, running', 'mid done', 'low done']);
    expect(b.site.board.interruptController.stats()['cpu0.ipisSent']).toBeGreaterThan(0);
  });

  it('NUCLEUS: mutex with priority inheritance raises the owner to the waiter priority', () => {
    const seen: unknown[] = [];
    let m: Mutex | undefined;
    let ownerLi = 0;
    const b = boot(
      [
        actor('a', [
          {
            name: 'owner',
            priority: 100,
            body: function* () {
              ownerLi = yield* api.threadSelf();
              m = yield* api.mutexInit(true);
              yield* api.mutexGet(m);
              seen.push('try', yield* api.mutexTry(m));
              yield* api.threadDelay(100);
              seen.push('raised', ((yield* api.threadStat(0)) as ThreadStat).priority);
              seen.push('rel', yield* api.mutexRel(m));
              seen.push('after', ((yield* api.threadStat(0)) as ThreadStat).priority);
            },
          },
          {
            name: 'waiter',
            priority: 3,
            body: function* () {
              yield* api.threadDelay(50);
              seen.push('not owner', yield* api.mutexRel(m!));
              seen.push('get', yield* api.mutexGet(m!));
              seen.push('owner now', ((yield* api.threadStat(ownerLi)) as ThreadStat).priority);
            },
          },
        ]),
      ],
      { cpus: 1 },
    );
    b.run();
    expect(seen).toEqual([
      'try',
      K_EBUSY,
      'not owner',
      K_EINVAL,
      'raised',
      3,
      'get',
      K_OK,
      'owner now',
      100,
      'rel',
      K_OK,
      'after',
      100,
    ]);
  });

  it('NUCLEUS: eventWait AND waits for every bit, OR for any; eventClear clears', () => {
    const seen: unknown[] = [];
    let ev: EventFlags | undefined;
    const b = boot([
      actor('a', [
        {
          name: 'and',
          priority: 10,
          body: function* () {
            ev = yield* api.eventInit();
            seen.push('and', yield* api.eventWait(ev, 0b11, true, K_NOTIMEOUT));
            seen.push('or timeout', yield* api.eventWait(ev, 0b100, false, 50));
            yield* api.eventClear(ev, 0b1);
            seen.push('or', yield* api.eventWait(ev, 0b101, false, K_NOBLOCK));
          },
        },
        {
          name: 'poster',
          priority: 20,
          body: function* () {
            yield* api.threadDelay(10);
            yield* api.eventPost(ev!, 0b1);
            seen.push('posted 1');
            yield* api.threadDelay(10);
            yield* api.eventPost(ev!, 0b10);
          },
        },
      ]),
    ]);
    b.run();
    expect(seen).toEqual(['posted 1', 'and', 0b11, 'or timeout', K_ETIMEOUT, 'or', K_ETIMEOUT]);
  });

  it('NUCLEUS: a host exception in a native thread stops that thread, is reported, and the site goes on', () => {
    const seen: string[] = [];
    const b = boot([
      actor('bad', [
        {
          name: 'crash',
          priority: 10,
          body: function* () {
            yield* api.compute(10);
            throw new Error('boom');
          },
        },
      ]),
      actor('good', [
        {
          name: 'ok',
          priority: 10,
          body: function* () {
            yield* api.threadDelay(100);
            seen.push('still running');
          },
        },
      ]),
    ]);
    expect(b.run().kind).toBe('idle');
    expect(seen).toEqual(['still running']);
    expect(b.console()).toContain(
      'fault: thread 1 (crash) of actor bad: host exception: boom; thread stopped',
    );
    expect(b.site.nucleus.threads.size).toBe(0);
  });
});

describe('NUCLEUS: round-robin slice', () => {
  it('NUCLEUS: threads of one priority with a slice share the CPU in turn; without one the first keeps it', () => {
    const run = (sliceMicros: number) => {
      const order: string[] = [];
      const worker = (name: string) => ({
        name,
        priority: 40,
        body: function* () {
          yield* api.threadScheduler(0, undefined, sliceMicros);
          for (let i = 0; i < 3; i++) {
            yield* api.compute(20_000); // 200 µs
            order.push(name);
          }
        },
      });
      boot([actor('rr', [worker('a'), worker('b')])], { cpus: 1 }).run();
      return order.join('');
    };
    expect(run(0)).toBe('aaabbb');
    expect(run(100)).toBe('ababab');
  });
});

describe('NUCLEUS: deletion releases what a thread holds', () => {
  it('NUCLEUS: deleting an actor whose thread owns a mutex hands the mutex to its waiter', () => {
    const seen: unknown[] = [];
    let m: Mutex | undefined;
    const b = boot(
      [
        actor('main', [
          {
            name: 'boss',
            priority: 5,
            body: function* () {
              m = yield* api.mutexInit();
              const doomed = (yield* api.actorCreate('system', 'doomed')) as Capability;
              yield* api.threadCreate(doomed, 'owner', 10, function* () {
                yield* api.mutexGet(m!);
                yield* api.threadDelay(K_NOTIMEOUT);
              });
              yield* api.threadDelay(50);
              yield* api.threadCreate(yield* api.actorSelf(), 'waiter', 10, function* () {
                seen.push('waiter got', yield* api.mutexGet(m!));
              });
              yield* api.threadDelay(50);
              seen.push('delete', yield* api.actorDelete(doomed));
            },
          },
        ]),
      ],
      { cpus: 1 },
    );
    expect(b.run().kind).toBe('idle');
    expect(seen).toEqual(['delete', K_OK, 'waiter got', K_OK]);
  });
});

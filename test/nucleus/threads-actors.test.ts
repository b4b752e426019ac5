// More calls with their error cases: actorStop/actorStart, threadDelete of a waiting thread,
// semV's longest waiter, threadScheduler, threadStat, threadAborted.
import { describe, expect, it } from 'vitest';
import type { Capability, Semaphore, ThreadStat } from '../../nucleus/index.ts';
import { api, K_EINVAL, K_EUNKNOWN, K_NOTIMEOUT, K_OK } from '../../nucleus/index.ts';
import { actor, boot } from './support.ts';

describe('NUCLEUS: actors and threads', () => {
  it('NUCLEUS: actorStop holds every thread of the actor until actorStart', () => {
    const log: string[] = [];
    let ticks = 0;
    const b = boot(
      [
        actor('ctl', [
          {
            name: 'ctl',
            priority: 5,
            body: function* () {
              const other = (yield* api.actorCreate('system', 'ticker')) as Capability;
              yield* api.threadCreate(other, 'tick', 10, function* () {
                for (;;) {
                  ticks++;
                  yield* api.threadDelay(10);
                }
              });
              yield* api.threadDelay(100);
              log.push(`stop ${yield* api.actorStop(other)}`);
              const atStop = ticks;
              yield* api.threadDelay(100);
              log.push(`held ${ticks === atStop}`);
              log.push(`start ${yield* api.actorStart(other)}`);
              yield* api.threadDelay(100);
              log.push(`runs again ${ticks > atStop}`);
              log.push(`stat ${JSON.stringify(yield* api.actorStat(other))}`);
              yield* api.actorDelete(other);
              log.push(`start deleted ${yield* api.actorStart(other)}`);
            },
          },
        ]),
      ],
      { cpus: 1 },
    );
    expect(b.run().kind).toBe('idle');
    expect(log).toEqual([
      `stop ${K_OK}`,
      'held true',
      `start ${K_OK}`,
      'runs again true',
      'stat {"kind":"system","name":"ticker","threads":1,"stopped":false}',
      `start deleted ${K_EUNKNOWN}`,
    ]);
  });

  it('NUCLEUS: semV wakes the longest waiter; deleting a waiting thread takes it off the queue', () => {
    const order: string[] = [];
    const b = boot(
      [
        actor('a', [
          {
            name: 'ctl',
            priority: 5,
            body: function* () {
              const self = yield* api.actorSelf();
              const sem = (yield* api.semInit(0)) as Semaphore;
              const lis: number[] = [];
              for (const name of ['first', 'second', 'third']) {
                lis.push(
                  yield* api.threadCreate(self, name, 10, function* () {
                    yield* api.semP(sem, K_NOTIMEOUT);
                    order.push(name);
                  }),
                );
                yield* api.threadDelay(50); // each reaches semP before the next is created
              }
              order.push(`delete second ${yield* api.threadDelete(lis[1]!)}`);
              for (let i = 0; i < 3; i++) yield* api.semV(sem);
              yield* api.threadDelay(50);
              order.push(`count left ${sem.count}`);
            },
          },
        ]),
      ],
      { cpus: 1 },
    );
    b.run();
    expect(order).toEqual([`delete second ${K_OK}`, 'first', 'third', 'count left 1']);
  });

  it('NUCLEUS: threadScheduler reads and sets priorities and refuses bad ones; threadStat reports state', () => {
    const seen: unknown[] = [];
    const b = boot([
      actor('a', [
        {
          name: 'ctl',
          priority: 5,
          body: function* () {
            const self = yield* api.actorSelf();
            const li = yield* api.threadCreate(
              self,
              'sleeper',
              100,
              function* () {
                yield* api.threadDelay(K_NOTIMEOUT);
              },
              true,
            );
            yield* api.threadDelay(50);
            seen.push(yield* api.threadScheduler(li));
            seen.push(yield* api.threadScheduler(li, 256));
            seen.push(yield* api.threadScheduler(li, 42));
            const stat = (yield* api.threadStat(li)) as ThreadStat;
            seen.push(stat.state, stat.priority, stat.name, stat.actor);
            seen.push(yield* api.threadStat(12345));
            seen.push(yield* api.threadAborted());
            yield* api.threadAbort(0);
            seen.push(yield* api.threadAborted(), yield* api.threadAborted());
            yield* api.threadDelete(li);
            seen.push(yield* api.threadScheduler(li));
          },
        },
      ]),
    ]);
    b.run();
    expect(seen).toEqual([
      100,
      K_EINVAL,
      100,
      'blocked',
      42,
      'sleeper',
      'a',
      K_EUNKNOWN,
      0,
      1,
      0,
      K_EUNKNOWN,
    ]);
  });
});

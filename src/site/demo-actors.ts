// The native system actors `chorus boot` starts on the default site to show the nucleus at work:
// a "client" actor hands numbered jobs to a "server" actor through two semaphores, the server's
// two worker threads (on whichever CPUs the scheduler gives them) compute and report, and a
// low-priority "monitor" thread wakes periodically with threadDelay and prints the time.
import type { InitialActor, Semaphore } from '../../nucleus/index.ts';
import { api, K_NOTIMEOUT } from '../../nucleus/index.ts';

const JOBS = 6;

export function demoActors(): InitialActor[] {
  const shared: { jobs?: Semaphore; done?: Semaphore } = {};
  let next = 0;
  const worker = (name: string) =>
    function* () {
      for (;;) {
        const r = yield* api.semP(shared.jobs!, 2_000);
        if (r !== 0) break; // no more work within 2 ms: the worker ends
        const job = next++;
        yield* api.compute(20_000 + job * 5_000);
        const t = yield* api.sysTime();
        yield* api.consoleWrite(`[${t} us] server/${name}: job ${job} done\n`);
        yield* api.semV(shared.done!);
      }
      yield* api.consoleWrite(`server/${name}: idle, exiting\n`);
    };
  return [
    {
      name: 'client',
      kind: 'system',
      threads: [
        {
          name: 'main',
          priority: 20,
          body: function* () {
            shared.jobs = (yield* api.semInit(0)) as Semaphore;
            shared.done = (yield* api.semInit(0)) as Semaphore;
            for (let i = 0; i < JOBS; i++) yield* api.semV(shared.jobs);
            yield* api.consoleWrite(`client: posted ${JOBS} jobs\n`);
            for (let i = 0; i < JOBS; i++) yield* api.semP(shared.done, K_NOTIMEOUT);
            yield* api.consoleWrite(`[${yield* api.sysTime()} us] client: all ${JOBS} jobs done\n`);
          },
        },
      ],
    },
    {
      name: 'server',
      kind: 'system',
      threads: [
        { name: 'w1', priority: 30, body: worker('w1') },
        { name: 'w2', priority: 30, body: worker('w2') },
      ],
    },
    {
      name: 'monitor',
      kind: 'system',
      threads: [
        {
          name: 'tick',
          priority: 200,
          body: function* () {
            for (let i = 0; i < 3; i++) {
              yield* api.threadDelay(1_000);
              yield* api.consoleWrite(`[${yield* api.sysTime()} us] monitor: tick ${i}\n`);
            }
          },
        },
      ],
    },
  ];
}

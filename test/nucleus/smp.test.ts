// The scheduler on a booted four-CPU site: whenever a high-priority monitor thread looks, the
// threads running are the four highest-priority runnable ones, and every thread finishes.
import { describe, expect, it } from 'vitest';
import type { Thread } from '../../nucleus/index.ts';
import { api } from '../../nucleus/index.ts';
import { actor, boot } from './support.ts';

describe('NUCLEUS: SMP', () => {
  it('NUCLEUS: on four CPUs the running set is the four highest-priority runnable threads', () => {
    const checks: string[] = [];
    const finished: string[] = [];
    const workers = [60, 20, 50, 10, 70, 30, 80, 40].map((priority, i) => ({
      name: `w${i}`,
      priority,
      body: function* () {
        yield* api.compute(30_000 + 10_000 * i);
        finished.push(`w${i}`);
      },
    }));
    const b = boot(
      [
        actor('load', workers),
        actor('monitor', [
          {
            name: 'monitor',
            priority: 0,
            body: function* () {
              for (let i = 0; i < 12; i++) {
                yield* api.threadDelay(100);
                const sched = b.site.nucleus.scheduler;
                const running = sched.running.filter((t): t is Thread => t !== undefined);
                const runnable = [...b.site.nucleus.threads.values()].filter(
                  (t) => t.state === 'running' || t.state === 'ready',
                );
                const best = runnable
                  .map((t) => t.priority)
                  .sort((x, y) => x - y)
                  .slice(0, 4);
                const got = running.map((t) => t.priority).sort((x, y) => x - y);
                checks.push(got.join(',') === best.join(',') ? 'ok' : `running ${got} but best ${best}`);
              }
            },
          },
        ]),
      ],
      { cpus: 4 },
    );
    expect(b.run().kind).toBe('idle');
    expect(checks).toEqual(new Array(12).fill('ok'));
    expect(finished.sort()).toEqual(['w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7']);
    // Every CPU ran threads.
    const stats = b.site.board.machine.stats().cpus;
    for (const cpu of stats) expect(cpu.busyCycles).toBeGreaterThan(30_000);
  });
});

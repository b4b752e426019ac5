// Timer calls (reference §4, time): timerCreate, timerSet (one-shot or periodic, in
// microseconds) and timerDelete. Expiry is handled by Nucleus.onClock on the per-CPU clocks.
import { K_EINVAL, K_EUNKNOWN, K_OK } from './errors.ts';
import type { Nucleus } from './nucleus.ts';
import type { Thread } from './objects.ts';
import { isCap, Semaphore, Timer } from './objects.ts';
import type { Outcome } from './outcome.ts';
import { resume } from './outcome.ts';

type Handler = (n: Nucleus, caller: Thread, args: readonly unknown[]) => Outcome;

const isMicros = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export const TIMER_CALLS = {
  timerCreate(n, _t, [cap, sem]) {
    n.charged += n.costs.sync;
    const actor = isCap(cap) ? n.actorOf(cap) : undefined;
    if (actor === undefined) return resume(K_EUNKNOWN);
    if (!(sem instanceof Semaphore)) return resume(K_EINVAL);
    return resume(new Timer(actor, sem));
  },
  /** Arms the timer `delay` µs from now, then every `period` µs (0: once); delay 0 disarms it. */
  timerSet(n, _t, [timer, delay, period]) {
    n.charged += n.costs.sync;
    if (!(timer instanceof Timer) || timer.deleted || !isMicros(delay) || !isMicros(period))
      return resume(K_EINVAL);
    n.setTimer(
      timer,
      delay === 0 ? Number.POSITIVE_INFINITY : n.now() + Math.max(1, n.microsToCycles(delay)),
    );
    timer.period = n.microsToCycles(period);
    return resume(K_OK);
  },
  timerDelete(n, _t, [timer]) {
    n.charged += n.costs.sync;
    if (!(timer instanceof Timer) || timer.deleted) return resume(K_EINVAL);
    timer.deleted = true;
    n.setTimer(timer, Number.POSITIVE_INFINITY);
    return resume(K_OK);
  },
} satisfies Record<string, Handler>;

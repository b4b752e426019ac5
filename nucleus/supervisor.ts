// Supervisor calls (reference §6): connecting trap handlers (one per trap number per site,
// K_EBUSY on a second), per-actor exception handler slots, and interrupt handlers chained per
// line (each says whether it claimed the interrupt). Only system and supervisor actors may use
// them (K_EPRIV otherwise).

import { K_EBUSY, K_EINVAL, K_EPRIV, K_EUNKNOWN, K_OK } from './errors.ts';
import { NUCLEUS_TRAP } from './guest-abi.ts';
import type { Nucleus } from './nucleus.ts';
import type { Capability, ExceptionHandler, InterruptHandler, Thread, TrapHandler } from './objects.ts';
import type { Outcome } from './outcome.ts';
import { resume } from './outcome.ts';

type Handler = (n: Nucleus, caller: Thread, args: readonly unknown[]) => Outcome;

export const TRAPS = 256;
export const EXCEPTION_SLOTS = 4;

const isCap = (v: unknown): v is Capability =>
  typeof v === 'object' && v !== null && 'serial' in v && 'key' in v;
const privileged = (t: Thread) => t.actor.kind !== 'user';
const inRange = (v: unknown, n: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < n;

export const SUPERVISOR_CALLS = {
  svTrapConnect(n, t, [trap, handler]) {
    n.charged += n.costs.threadControl;
    if (!privileged(t)) return resume(K_EPRIV);
    if (!inRange(trap, TRAPS) || typeof handler !== 'function') return resume(K_EINVAL);
    if (trap === NUCLEUS_TRAP || n.trapHandlers.has(trap)) return resume(K_EBUSY);
    n.trapHandlers.set(trap, { actor: t.actor, handler: handler as TrapHandler });
    return resume(K_OK);
  },
  svTrapDisconnect(n, t, [trap]) {
    n.charged += n.costs.threadControl;
    const entry = inRange(trap, TRAPS) ? n.trapHandlers.get(trap) : undefined;
    if (entry === undefined || entry.actor !== t.actor) return resume(K_EINVAL);
    n.trapHandlers.delete(trap as number);
    return resume(K_OK);
  },
  svExcHandler(n, t, [cap, handler, slot]) {
    n.charged += n.costs.threadControl;
    if (!privileged(t)) return resume(K_EPRIV);
    const actor = isCap(cap) ? n.actorOf(cap) : undefined;
    if (actor === undefined) return resume(K_EUNKNOWN);
    if (!inRange(slot, EXCEPTION_SLOTS) || (handler !== undefined && typeof handler !== 'function'))
      return resume(K_EINVAL);
    actor.excHandlers[slot] = handler as ExceptionHandler | undefined;
    return resume(K_OK);
  },
  /** Adds a handler at the end of line `irq`'s chain; returns its connection id. */
  svIntrConnect(n, t, [irq, handler]) {
    n.charged += n.costs.threadControl;
    if (!privileged(t)) return resume(K_EPRIV);
    if (!inRange(irq, n.interruptLines) || typeof handler !== 'function') return resume(K_EINVAL);
    return resume(n.interrupts.connect(irq, t.actor, handler as InterruptHandler));
  },
  svIntrDisconnect(n, t, [id]) {
    n.charged += n.costs.threadControl;
    return resume(typeof id === 'number' && n.interrupts.disconnect(id, t.actor) ? K_OK : K_EINVAL);
  },
} satisfies Record<string, Handler>;

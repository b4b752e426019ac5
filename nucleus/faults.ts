// Faults of threads and of handlers actors give the nucleus. A faulting thread (a host exception
// in a native body, a guest exception nobody took) goes to its actor's exception handlers; if
// none deals with it the thread is stopped and the fault reported on the console. A handler
// that throws counts as "not handled". A guest interrupt handler that faults has not claimed its
// interrupt; its interrupt thread goes on (interrupt-chains.ts). The nucleus and the other
// threads always go on.
import { NucleusPanic } from './errors.ts';
import type { FaultWords } from './guest-handlers.ts';
import { enterGuestException, releaseUpcall, upcallFault } from './guest-handlers.ts';
import { interruptFault } from './interrupt-chains.ts';
import type { Nucleus } from './nucleus.ts';
import type { Fault, FaultContinuation, Thread } from './objects.ts';
import { LEAVE } from './outcome.ts';

/** Thread `t` on CPU k faulted; `at` is the guest's fault record. Returns the cycles spent. */
export function threadFault(
  n: Nucleus,
  k: number,
  t: Thread,
  kind: string,
  detail: string,
  at?: FaultWords,
): number {
  const fault: Fault = { actor: t.actor.name, thread: t.li, kind, detail };
  n.faults.push(fault);
  if (t.upcall !== undefined && !t.upcall.exception) return upcallFault(n, t, kind, detail);
  // A guest interrupt handler that faults has not claimed its interrupt; its thread goes on.
  if (t.upcall === undefined && interruptFault(n, t, kind, detail)) return n.costs.call;
  releaseUpcall(t); // a fault in a guest exception handler stops the thread
  if (at !== undefined) {
    const cycles = enterGuestException(n, t, at);
    if (cycles >= 0) return cycles;
  }
  for (const handler of t.actor.excHandlers) {
    if (handler === undefined) continue;
    let resumeWith: FaultContinuation | undefined;
    const handled = guardedCall(n, () => {
      const r = handler(at === undefined ? fault : { ...fault, at });
      if (typeof r === 'function') resumeWith = r;
      return r !== false;
    });
    if (!handled) continue;
    if (resumeWith !== undefined && t.guest !== undefined && t.body === undefined) {
      // The thread goes on in the continuation, as in a native trap handler (runner.ts).
      t.body = resumeWith();
      t.inTrap = true;
      t.handlerActor = t.actor;
      t.result = undefined;
      return n.costs.call;
    }
    break;
  }
  n.hal.consoleWrite(
    `fault: thread ${t.li} (${t.name}) of actor ${t.actor.name}: ${kind}: ${detail}; thread stopped\n`,
  );
  return n.enter(k, t, () => {
    n.killThread(t);
    return LEAVE;
  });
}

/**
 * Calls a handler given by an actor (exception or interrupt handler). A host exception in it is
 * reported on the console and counts as "not handled": it never unwinds the nucleus.
 */
export function guardedCall(n: Nucleus, handler: () => boolean): boolean {
  try {
    return handler() === true;
  } catch (error) {
    if (error instanceof NucleusPanic) throw error;
    n.hal.consoleWrite(
      `nucleus: a handler failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return false;
  }
}

// The thread runner: what a CPU does in native mode. It advances the native continuation of the
// thread the scheduler gave CPU k: spends its compute(n) cycles, enters the nucleus for each call
// (then the dispatcher), ends the thread when its body returns, and turns a host exception in
// the body into a fault. A trap handler (svTrapConnect) is run the same way on the trapping
// guest thread, which returns to its guest code when the handler returns.
import type { Request } from './api/index.ts';
import { CALLS } from './calls.ts';
import { codeName, NucleusPanic } from './errors.ts';
import { enterGuestTrap } from './guest-handlers.ts';
import type { Nucleus } from './nucleus.ts';
import type { Thread } from './objects.ts';
import { LEAVE } from './outcome.ts';

/**
 * Runs CPU k's threads for about `budget` cycles; returns the cycles used. Returns early when
 * the CPU has no thread to run (the HAL then idles it until an interrupt).
 */
export function runThreads(n: Nucleus, k: number, budget: number): number {
  let used = 0;
  const sched = n.scheduler;
  const start = n.hal.now(k);
  n.cpu = k;
  // Stop at the budget or when CPU k's clock is due, so its interrupt is taken on time.
  while (used < budget && start + used < n.deadlines.armed[k]!) {
    n.cpu = k;
    n.elapsed = used;
    const t = sched.running[k];
    if (t === undefined || t.body === undefined) break; // idle, or guest code: the HAL runs it
    if (t.computeLeft > 0) {
      const spend = Math.min(t.computeLeft, budget - used);
      t.computeLeft -= spend;
      t.runCycles += spend;
      used += spend;
      continue;
    }
    let step: IteratorResult<Request, unknown>;
    try {
      step = t.body!.next(t.result);
    } catch (error) {
      if (error instanceof NucleusPanic) throw error;
      used += n.fault(k, t, 'host exception', error instanceof Error ? error.message : String(error));
      continue;
    }
    if (step.done === true && t.pageFault !== undefined) {
      // The page came in (or not): the thread retries its instruction, or the fault goes on.
      const at = t.pageFault;
      t.pageFault = undefined;
      t.body = undefined;
      const code = typeof step.value === 'number' ? step.value : 0;
      const where = `at pc 0x${hex(at.pc)}, address 0x${hex(at.address)}`;
      if (code < 0)
        used += n.fault(
          k,
          t,
          'page fault',
          `${where}: the page could not be brought in (${codeName(code)})`,
          at,
        );
      continue;
    }
    if (step.done === true && t.inTrap) {
      // A trap handler finished: the thread goes back to its guest code with the result.
      t.inTrap = false;
      t.handlerActor = undefined;
      t.body = undefined;
      n.hal.guestReturn(t.guest, typeof step.value === 'number' ? step.value : 0);
      used += n.costs.call;
      continue;
    }
    if (step.done === true) {
      used += n.enter(k, t, () => {
        n.killThread(t);
        return LEAVE;
      });
      continue;
    }
    const request = step.value;
    if (request.op === 'compute') {
      t.computeLeft = request.cycles > 0 ? Math.floor(request.cycles) : 0;
      t.result = undefined;
      continue;
    }
    const handler = CALLS[request.name];
    used += n.enter(k, t, () => handler(n, t, request.args));
  }
  n.elapsed = 0;
  return used;
}

/**
 * Thread `t` on CPU k trapped with `trap` (its guest context already saved, past the trap
 * instruction): the handler connected with svTrapConnect becomes the thread's native
 * continuation. Returns the cycles of the entry; false when no handler is connected.
 */
export function enterTrap(
  n: Nucleus,
  k: number,
  t: Thread,
  trap: number,
  args: readonly number[],
): number | false {
  const entry = n.trapHandlers.get(trap);
  if (entry === undefined) return false;
  n.cpu = k;
  if (entry.gate !== undefined) return enterGuestTrap(n, t, trap, entry.actor, entry.gate, args);
  t.body = entry.handler(args);
  t.inTrap = true;
  t.handlerActor = entry.actor;
  t.result = undefined;
  return n.costs.call;
}

const hex = (v: number) => (v >>> 0).toString(16).padStart(8, '0');

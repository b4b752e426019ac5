// The nucleus calls, by Chorus name (reference §2): each checks its arguments and capabilities,
// changes nucleus state, charges its path's cost, and returns the caller's Outcome. None of them
// switches threads: wake-ups go through Nucleus.ready and the dispatcher acts once afterwards.
import type { ActorStat, CallName, GuestStart, ThreadBody, ThreadStat } from './api/index.ts';
import {
  K_EABORT,
  K_EBUSY,
  K_EINVAL,
  K_EPRIV,
  K_ETIMEOUT,
  K_EUNKNOWN,
  K_NOBLOCK,
  K_NOTIMEOUT,
  K_OK,
} from './errors.ts';
import { IPC_CALLS } from './ipc/calls.ts';
import type { Nucleus } from './nucleus.ts';
import type { ActorKind, Thread } from './objects.ts';
import { Actor, EventFlags, isCap, Mutex, Semaphore } from './objects.ts';
import type { Outcome } from './outcome.ts';
import { block, isTimeout, LEAVE, resume } from './outcome.ts';
import { SUPERVISOR_CALLS } from './supervisor.ts';
import { SV_CONTEXT_CALLS } from './sv-context.ts';
import { TIMER_CALLS } from './timers.ts';
import { releaseSpace, VM_CALLS } from './vm/calls.ts';
import { vmGrant, vmInstall } from './vm/fault.ts';
import { PAGEOUT_CALLS } from './vm/pageout.ts';
import { vmTouch } from './vm/paging.ts';

type Handler = (n: Nucleus, caller: Thread, args: readonly unknown[]) => Outcome;

const KINDS: readonly ActorKind[] = ['user', 'system', 'supervisor'];
/** Which kinds of actor each kind may create (a user actor cannot create privileged ones). */
const MAY_CREATE: Readonly<Record<ActorKind, readonly ActorKind[]>> = {
  user: ['user'],
  system: ['user', 'system'],
  supervisor: ['user', 'system', 'supervisor'],
};

const isGuestStart = (v: unknown): v is GuestStart =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as GuestStart).entry === 'number' &&
  typeof (v as GuestStart).stack === 'number';

function threadOf(n: Nucleus, li: unknown, caller: Thread): Thread | undefined {
  if (li === 0) return caller; // Chorus: K_MYSELF
  return typeof li === 'number' ? n.threads.get(li) : undefined;
}

/** Stops `t` running until threadResume; the caller leaves its CPU when it suspends itself. */
function suspend(n: Nucleus, t: Thread): void {
  t.suspendCount++;
  if (t.state === 'ready' || t.state === 'running') {
    n.detach(t);
    t.state = 'suspended';
  }
}

function unsuspend(n: Nucleus, t: Thread): void {
  if (t.suspendCount === 0) return;
  t.suspendCount--;
  if (t.suspendCount === 0 && t.state === 'suspended') n.ready(t);
}

/** Sets a thread's effective priority, requeueing or rescheduling as its state needs. */
export function setPriority(n: Nucleus, t: Thread, priority: number): void {
  if (t.priority === priority) return;
  if (t.state === 'ready') {
    n.scheduler.unready(t);
    t.priority = priority;
    n.ready(t);
    return;
  }
  t.priority = priority;
  if (t.state === 'running') {
    n.requestReschedule(t.cpu);
    const target = n.scheduler.preemptionTarget();
    if (target >= 0) n.requestReschedule(target);
  }
}

function eventSatisfied(bits: number, mask: number, all: boolean): boolean {
  return all ? (bits & mask) === mask : (bits & mask) !== 0;
}

export const CALLS: Readonly<Record<CallName, Handler>> = {
  ...TIMER_CALLS,
  ...SUPERVISOR_CALLS,
  ...IPC_CALLS,
  ...SV_CONTEXT_CALLS,
  ...VM_CALLS,
  vmInstall,
  vmGrant,
  vmTouch,
  ...PAGEOUT_CALLS,
  // --- actors ---
  actorCreate(n, t, [kind, name]) {
    n.charged += n.costs.actorCreate;
    if (!KINDS.includes(kind as ActorKind) || typeof name !== 'string') return resume(K_EINVAL);
    if (!MAY_CREATE[t.actor.kind].includes(kind as ActorKind)) return resume(K_EPRIV);
    const actor = new Actor(n.newCapability(), kind as ActorKind, name);
    n.bootActor(actor);
    return resume(actor.cap);
  },
  actorDelete(n, t, [cap]) {
    n.charged += n.costs.actorDelete;
    const actor = isCap(cap) ? n.actorOf(cap) : undefined;
    if (actor === undefined) return resume(K_EUNKNOWN);
    actor.deleted = true;
    n.disconnectActor(actor);
    for (const thread of [...actor.threads]) n.killThread(thread);
    n.ipc.actorGone(actor);
    releaseSpace(n, actor);
    n.actors.delete(actor.cap.serial);
    return actor === t.actor ? LEAVE : resume(K_OK);
  },
  actorStop(n, t, [cap]) {
    n.charged += n.costs.threadControl;
    const actor = isCap(cap) ? n.actorOf(cap) : undefined;
    if (actor === undefined) return resume(K_EUNKNOWN);
    if (actor.stopped) return resume(K_OK);
    actor.stopped = true;
    for (const thread of actor.threads) suspend(n, thread);
    return actor === t.actor ? LEAVE : resume(K_OK);
  },
  actorStart(n, _t, [cap]) {
    n.charged += n.costs.threadControl;
    const actor = isCap(cap) ? n.actorOf(cap) : undefined;
    if (actor === undefined) return resume(K_EUNKNOWN);
    if (!actor.stopped) return resume(K_OK);
    actor.stopped = false;
    for (const thread of actor.threads) unsuspend(n, thread);
    return resume(K_OK);
  },
  actorSelf(n, t) {
    n.charged += n.costs.threadSelf;
    return resume(t.actor.cap);
  },
  actorStat(n, _t, [cap]) {
    const actor = isCap(cap) ? n.actorOf(cap) : undefined;
    if (actor === undefined) return resume(K_EUNKNOWN);
    const stat: ActorStat = {
      kind: actor.kind,
      name: actor.name,
      threads: actor.threads.size,
      stopped: actor.stopped,
    };
    return resume(stat);
  },

  // --- threads ---
  threadCreate(n, _t, [cap, name, priority, body, active]) {
    n.charged += n.costs.threadCreate;
    const actor = isCap(cap) ? n.actorOf(cap) : undefined;
    if (actor === undefined) return resume(K_EUNKNOWN);
    if (typeof name !== 'string' || !n.validPriority(priority)) return resume(K_EINVAL);
    if (isGuestStart(body))
      return resume(n.createGuestThread(actor, name, priority, body, active !== false).li);
    if (typeof body !== 'function') return resume(K_EINVAL);
    const thread = n.createThread(actor, name, priority, (body as ThreadBody)(), active !== false);
    return resume(thread.li);
  },
  threadDelete(n, t, [li]) {
    n.charged += n.costs.threadDelete;
    const target = threadOf(n, li, t);
    if (target === undefined) return resume(K_EUNKNOWN);
    n.killThread(target);
    return target === t ? LEAVE : resume(K_OK);
  },
  threadSuspend(n, t, [li]) {
    n.charged += n.costs.threadControl;
    const target = threadOf(n, li, t);
    if (target === undefined) return resume(K_EUNKNOWN);
    suspend(n, target);
    if (target === t) {
      t.result = K_OK;
      return LEAVE;
    }
    return resume(K_OK);
  },
  threadResume(n, t, [li]) {
    n.charged += n.costs.threadControl;
    const target = threadOf(n, li, t);
    if (target === undefined) return resume(K_EUNKNOWN);
    if (target.suspendCount - (target.inactive ? 1 : 0) === 0) return resume(K_EINVAL);
    unsuspend(n, target);
    return resume(K_OK);
  },
  /** Starts a thread created inactive (K_EINVAL when it is not). */
  threadActivate(n, t, [li]) {
    n.charged += n.costs.threadControl;
    const target = threadOf(n, li, t);
    if (target === undefined) return resume(K_EUNKNOWN);
    if (!target.inactive) return resume(K_EINVAL);
    target.inactive = false;
    unsuspend(n, target);
    return resume(K_OK);
  },
  threadAbort(n, t, [li]) {
    n.charged += n.costs.threadControl;
    const target = threadOf(n, li, t);
    if (target === undefined) return resume(K_EUNKNOWN);
    n.abort(target);
    return resume(K_OK);
  },
  /** Whether an abort is pending for the caller (and clears it): for loops that poll. */
  threadAborted(n, t) {
    n.charged += n.costs.threadSelf;
    return resume(n.takeAbort(t) ? 1 : 0);
  },
  threadSelf(n, t) {
    n.charged += n.costs.threadSelf;
    return resume(t.li);
  },
  threadDelay(n, t, [micros]) {
    n.charged += n.costs.sync;
    if (!isTimeout(micros)) return resume(K_EINVAL);
    if (n.takeAbort(t)) return resume(K_EABORT);
    if (micros === K_NOBLOCK) return resume(K_OK);
    return block(n, t, { kind: 'delay' }, micros);
  },
  threadScheduler(n, t, [li, priority, sliceMicros]) {
    n.charged += n.costs.threadControl;
    const target = threadOf(n, li, t);
    if (target === undefined) return resume(K_EUNKNOWN);
    const old = target.basePriority;
    if (sliceMicros !== undefined) {
      if (typeof sliceMicros !== 'number' || !(sliceMicros >= 0)) return resume(K_EINVAL);
      target.slice = n.microsToCycles(sliceMicros);
      if (target.state === 'running') n.requestReschedule(target.cpu);
    }
    if (priority === undefined) return resume(old);
    if (!n.validPriority(priority)) return resume(K_EINVAL);
    const inherited = target.priority < target.basePriority;
    target.basePriority = priority;
    setPriority(n, target, inherited ? Math.min(priority, target.priority) : priority);
    return resume(old);
  },
  threadStat(n, t, [li]) {
    const target = threadOf(n, li, t);
    if (target === undefined) return resume(K_EUNKNOWN);
    const stat: ThreadStat = {
      li: target.li,
      name: target.name,
      actor: target.actor.name,
      state: target.state,
      priority: target.priority,
      basePriority: target.basePriority,
      runCycles: target.runCycles,
    };
    return resume(stat);
  },

  // --- semaphores: V wakes the longest waiter (reference §3) ---
  semInit(n, _t, [count]) {
    n.charged += n.costs.sync;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) return resume(K_EINVAL);
    return resume(new Semaphore(count));
  },
  semP(n, t, [sem, micros]) {
    n.charged += n.costs.sync;
    if (!(sem instanceof Semaphore) || !isTimeout(micros)) return resume(K_EINVAL);
    if (n.takeAbort(t)) return resume(K_EABORT);
    if (sem.count > 0) {
      sem.count--;
      return resume(K_OK);
    }
    if (micros === K_NOBLOCK) return resume(K_ETIMEOUT);
    sem.waiters.push(t);
    return block(n, t, { kind: 'sem', sem }, micros);
  },
  semV(n, _t, [sem]) {
    n.charged += n.costs.sync;
    if (!(sem instanceof Semaphore)) return resume(K_EINVAL);
    n.semPost(sem);
    return resume(K_OK);
  },

  // --- mutexes, with optional priority inheritance ---
  mutexInit(n, _t, [inherit]) {
    n.charged += n.costs.sync;
    return resume(new Mutex(inherit === true));
  },
  mutexGet(n, t, [mutex]) {
    n.charged += n.costs.sync;
    if (!(mutex instanceof Mutex) || mutex.owner === t) return resume(K_EINVAL);
    if (mutex.owner === undefined) {
      mutex.owner = t;
      t.held.add(mutex);
      return resume(K_OK);
    }
    mutex.waiters.push(t);
    const owner = mutex.owner;
    if (mutex.inherit && t.priority < owner.priority) setPriority(n, owner, t.priority);
    return block(n, t, { kind: 'mutex', mutex }, K_NOTIMEOUT);
  },
  mutexTry(n, t, [mutex]) {
    n.charged += n.costs.sync;
    if (!(mutex instanceof Mutex)) return resume(K_EINVAL);
    if (mutex.owner !== undefined) return resume(K_EBUSY);
    mutex.owner = t;
    t.held.add(mutex);
    return resume(K_OK);
  },
  mutexRel(n, t, [mutex]) {
    n.charged += n.costs.sync;
    if (!(mutex instanceof Mutex) || mutex.owner !== t) return resume(K_EINVAL);
    t.held.delete(mutex);
    if (t.priority !== t.basePriority) setPriority(n, t, t.basePriority);
    n.handOver(mutex);
    return resume(K_OK);
  },

  // --- event flags ---
  eventInit(n) {
    n.charged += n.costs.sync;
    return resume(new EventFlags());
  },
  eventPost(n, _t, [event, mask]) {
    n.charged += n.costs.sync;
    if (!(event instanceof EventFlags) || typeof mask !== 'number') return resume(K_EINVAL);
    event.bits = (event.bits | mask) >>> 0;
    for (const waiter of [...event.waiters]) {
      const w = waiter.wait;
      if (w.kind === 'event' && eventSatisfied(event.bits, w.mask, w.all)) {
        event.waiters.splice(event.waiters.indexOf(waiter), 1);
        n.endWait(waiter, event.bits);
      }
    }
    return resume(K_OK);
  },
  eventClear(n, _t, [event, mask]) {
    n.charged += n.costs.sync;
    if (!(event instanceof EventFlags) || typeof mask !== 'number') return resume(K_EINVAL);
    event.bits = (event.bits & ~mask) >>> 0;
    return resume(K_OK);
  },
  eventWait(n, t, [event, mask, all, micros]) {
    n.charged += n.costs.sync;
    if (!(event instanceof EventFlags) || typeof mask !== 'number' || mask === 0 || !isTimeout(micros))
      return resume(K_EINVAL);
    if (n.takeAbort(t)) return resume(K_EABORT);
    if (eventSatisfied(event.bits, mask, all === true)) return resume(event.bits);
    if (micros === K_NOBLOCK) return resume(K_ETIMEOUT);
    event.waiters.push(t);
    return block(n, t, { kind: 'event', event, mask, all: all === true }, micros);
  },

  // --- time and console ---
  sysTime(n) {
    n.charged += n.costs.sysTime;
    return resume(n.cyclesToMicros(n.now()));
  },
  consoleWrite(n, _t, [text]) {
    if (typeof text !== 'string') return resume(K_EINVAL);
    n.hal.consoleWrite(text);
    return resume(text.length);
  },
};

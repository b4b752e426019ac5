// A process's life: fork makes a new actor, duplicates the parent's regions copy-on-write
// (rgnDup) and starts a thread in it from the parent's registers with the child's result
// (v0 = 0, a3 = 0); exit makes the caller a zombie holding its wait status and deletes its
// actor; wait4 reaps a zombie child, blocking on the caller's thread until one exits. vfork and
// clone are not here yet (ENOSYS), nor signals that end a process.
import type { Capability, Semaphore } from '../../../nucleus/index.ts';
import { api, K_NOTIMEOUT } from '../../../nucleus/index.ts';
import { A3, ERRNO, SP, V0 } from './abi.ts';
import type { Call, CallContext, CallEntry, PmState } from './context.ts';
import { writeWords } from './context.ts';
import { closeAll } from './fds.ts';
import type { Process } from './processes.ts';
import { requestFaultHandler } from './signal-faults.ts';
import { postSignal, SIG } from './signal-post.ts';

const WNOHANG = 1;

/**
 * Makes `process` a zombie with `status` (the Linux wait encoding) and wakes the wait4 of its
 * parent (and of pid 1 when it inherits zombies). The caller deletes the actor afterwards.
 */
export function* becomeZombie(pm: PmState, process: Process, status: number): Call<void> {
  // Its descriptors close first, so pipe peers see end of file or EPIPE.
  yield* closeAll(process);
  const parent = pm.table.get(process.ppid);
  for (const waiter of pm.table.exit(process, status))
    if (waiter.state === 'running') yield* api.semV(waiter.childExited);
  if (parent !== undefined)
    yield* postSignal(pm, parent, SIG.SIGCHLD, status === 0 || (status & 0x7f) === 0 ? 1 : 2, process.pid);
}

/** exit(code), exit_group(code): status code << 8; the caller's thread ends with its actor. */
function* exit({ pm, process, args: [code] }: CallContext): Call<number> {
  yield* becomeZombie(pm, process, (code! & 0xff) << 8);
  yield* api.actorDelete(process.actor);
  return 0; // not reached: deleting its own actor ends the calling thread
}

function* fork(call: CallContext): Call<number> {
  const { pm, process, registers } = call;
  const child = yield* api.actorCreate('user', `pid${process.pid}-child`);
  if (typeof child === 'number') return -ERRNO.EAGAIN;
  const undo = function* (errno: number): Call<number> {
    yield* api.actorDelete(child as Capability);
    return -errno;
  };
  if ((yield* api.rgnDup(process.actor, child)) < 0) return yield* undo(ERRNO.ENOMEM);
  yield* requestFaultHandler(pm, child);
  const childExited = yield* api.semInit(0);
  if (typeof childExited === 'number') return yield* undo(ERRNO.EAGAIN);
  const gpr = [...registers.gpr];
  gpr[V0] = 0;
  gpr[A3] = 0;
  const context = { ...registers, gpr };
  const li = yield* api.threadCreateGuest(child, 'main', pm.priority, {
    entry: registers.pc,
    stack: gpr[SP]!,
    context,
  });
  if (li < 0) return yield* undo(ERRNO.EAGAIN);
  return pm.table.add(child, process.pid, process.brk, childExited as Semaphore, process).pid;
}

/** The children of `parent` that `pid` selects (-1 or 0: any; > 0: that one). */
function selected(pm: PmState, parent: Process, pid: number): Process[] {
  const children = [...parent.children].map((c) => pm.table.get(c)!);
  return pid > 0 ? children.filter((c) => c.pid === pid) : children;
}

/**
 * wait4(pid, status, options, rusage), waitpid(pid, status, options): reaps a zombie child;
 * ECHILD when none matches, 0 with WNOHANG while they all run. Process groups (pid < -1) are
 * treated as "any child" until groups exist; rusage is left untouched.
 */
function* wait4(call: CallContext): Call<number> {
  const { pm, process } = call;
  const [pid, statusAddress, options] = call.args;
  for (;;) {
    const candidates = selected(pm, process, pid! | 0);
    if (candidates.length === 0) return -ERRNO.ECHILD;
    const zombie = candidates.find((c) => c.state === 'zombie');
    if (zombie !== undefined) {
      if (statusAddress !== 0 && (yield* writeWords(call, statusAddress!, [zombie.status])) < 0)
        return -ERRNO.EFAULT;
      pm.table.reap(zombie);
      return zombie.pid;
    }
    if ((options! & WNOHANG) !== 0) return 0;
    yield* api.semP(process.childExited, K_NOTIMEOUT);
  }
}

export const LIFECYCLE_CALLS: readonly (readonly [number, CallEntry])[] = [
  [4001, { name: 'exit', handler: exit }],
  [4002, { name: 'fork', handler: fork }],
  [4007, { name: 'waitpid', handler: wait4 }],
  [4114, { name: 'wait4', handler: wait4 }],
  [4246, { name: 'exit_group', handler: exit }],
];

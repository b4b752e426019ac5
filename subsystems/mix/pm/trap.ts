// The PM's trap entry: the UNIX trap's native handler. It runs on the trapping thread (the
// nucleus makes it that thread's continuation), finds the calling process by its actor, decodes
// the o32 call (number in v0, a0..a3, and for six-argument calls two words on the user stack),
// runs the handler from the call table and puts the result in v0/a3. A caller the PM does not
// know is refused with ESRCH (the first process is adopted at its first call); an unknown call
// number is ENOSYS, reported on the console once per number.
import type { Capability, GuestRegisters, TrapHandler } from '../../../nucleus/index.ts';
import { api } from '../../../nucleus/index.ts';
import { A3, ERRNO, SP, V0 } from './abi.ts';
import type { Call, PmState } from './context.ts';
import { readWords } from './context.ts';
import type { Process } from './processes.ts';
import { requestFaultHandler } from './signal-faults.ts';
import { deliverSignals } from './signals.ts';
import { CALL_TABLE } from './table.ts';

/** Sets the o32 result of the trapping thread: v0 and the error flag a3. Returns v0. */
function* setResult(value: number): Call<number> {
  const registers = (yield* api.svGetContext(0)) as GuestRegisters;
  const gpr = [...registers.gpr];
  gpr[V0] = value < 0 ? -value : value >>> 0;
  gpr[A3] = value < 0 ? 1 : 0;
  yield* api.svSetContext(0, { ...registers, gpr });
  // The nucleus also writes the handler's return value to v0 on the way back.
  return gpr[V0]! | 0;
}

/**
 * The first process is loaded by the nucleus at boot (loadUserActor), so the PM meets it at its
 * first system call: the actor named as the PM's first process becomes pid 1 while there is none.
 */
function* adoptFirst(pm: PmState, actor: Capability): Call<Process | undefined> {
  if (pm.table.get(1) !== undefined || pm.first === undefined) return undefined;
  const stat = yield* api.actorStat(actor);
  if (typeof stat === 'number' || stat.name !== pm.first.name) return undefined;
  const childExited = yield* api.semInit(0);
  if (typeof childExited === 'number') return undefined;
  yield* requestFaultHandler(pm, actor);
  return pm.table.add(actor, 0, pm.first.brk, childExited);
}

/** The trap handler of a PM whose state is `pm`. */
export function unixTrap(pm: PmState): TrapHandler {
  return function* (args: readonly number[]): Call<number> {
    const registers = yield* api.svGetContext(0);
    if (typeof registers === 'number') return registers;
    const number = registers.gpr[V0]! >>> 0;
    const actor = yield* api.actorSelf();
    const process = pm.table.ofActor(actor) ?? (yield* adoptFirst(pm, actor));
    if (process === undefined) return yield* setResult(-ERRNO.ESRCH);
    const entry = CALL_TABLE.get(number);
    if (entry === undefined) {
      if (!pm.unknown.has(number)) {
        pm.unknown.add(number);
        yield* api.consoleWrite(
          `pm: system call ${number} is not implemented (ENOSYS), from pid ${process.pid}\n`,
        );
      }
      return yield* setResult(-ERRNO.ENOSYS);
    }
    const call = { pm, process, args: [...args], registers };
    if (entry.sixArgs === true) {
      // The fifth and sixth arguments are on the caller's stack; a bad stack leaves them 0.
      const extra = yield* readWords(call, (registers.gpr[SP]! + 16) >>> 0, 2);
      call.args.push(extra?.[0] ?? 0, extra?.[1] ?? 0);
    }
    const result = entry.handler(call);
    const value = typeof result === 'number' ? result : yield* result;
    const v0 = entry.restores === true ? value : yield* setResult(value);
    // Pending signals are delivered on the way back to user mode.
    return (yield* deliverSignals(pm, process)) ?? v0;
  };
}

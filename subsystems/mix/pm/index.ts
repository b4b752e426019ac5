// Front door of the MiX process manager (PM): a native system actor that connects the UNIX trap
// and serves the Linux MIPS o32 system calls of processes on the caller's thread (trap.ts), with
// a per-process table (processes.ts) and a call table (table.ts) gathered from one file per
// feature. `pmBoot` gives the boot options of a site whose first process the PM runs. Imports
// only the nucleus's front door.
import type { InitialActor, InitialUserActor } from '../../../nucleus/index.ts';
import { api } from '../../../nucleus/index.ts';
import { UNIX_TRAP, Words } from './abi.ts';
import type { PmState } from './context.ts';
import { elfBreak } from './elf-break.ts';
import { ProcessTable } from './processes.ts';
import { serveFaultHandlers } from './signal-faults.ts';
import { unixTrap } from './trap.ts';

export type { PmState } from './context.ts';
export type { Process, ProcessState } from './processes.ts';
export { ProcessTable } from './processes.ts';
export { CALL_TABLE } from './table.ts';
export { EPOCH_SECONDS } from './time.ts';

export interface PmOptions {
  /** The first process: a static ELF executable of the site's family (MIPS o32), pid 1. */
  readonly first: { readonly name: string; readonly file: Uint8Array };
  /** The priority of processes' threads; default 50. */
  readonly priority?: number;
}

/** Receives the PM's state once it runs (for tests and tools). */
export interface PmProbe {
  state: PmState | undefined;
}

/** The PM's thread priority: above every process, so the trap is connected before they run. */
const PM_PRIORITY = 1;

/** The PM as an initial system actor; its thread connects the UNIX trap and ends. */
export function pmActor(options: PmOptions, probe?: PmProbe): InitialActor {
  const layout = elfBreak(options.first.file);
  const state: PmState = {
    table: new ProcessTable(),
    words: new Words(layout?.bigEndian ?? true),
    unknown: new Set(),
    first: layout === undefined ? undefined : { name: options.first.name, brk: layout.brk },
    priority: options.priority ?? 50,
  };
  return {
    name: 'pm',
    kind: 'system',
    threads: [
      {
        name: 'pm',
        priority: PM_PRIORITY,
        body: function* () {
          if (probe !== undefined) probe.state = state;
          const r = yield* api.svTrapConnect(UNIX_TRAP, unixTrap(state));
          yield* api.consoleWrite(
            r === 0 ? 'pm: process manager up\n' : `pm: cannot connect the UNIX trap (${r})\n`,
          );
          // The thread stays to give process actors their exception handler (signal-faults.ts).
          if (r === 0) yield* serveFaultHandlers(state);
        },
      },
    ],
  };
}

/** The actors and user actors of a site running the PM and its first process. */
export function pmBoot(
  options: PmOptions,
  probe?: PmProbe,
): { actors: InitialActor[]; userActors: InitialUserActor[] } {
  return {
    actors: [pmActor(options, probe)],
    userActors: [{ name: options.first.name, file: options.first.file, priority: options.priority ?? 50 }],
  };
}

// Front door of src/exec: `chorus exec` runs one static Linux ELF on one simulated CPU with a
// small Linux-ABI shim, like qemu-user. Today the MIPS family (big and little endian) is wired.
// Results are data: the guest's exit status, or a one-line fault or error; no host exception
// escapes from `execElf`.
import { ExecError, type ExecOptions, ExecProcess } from './process.ts';

export type { HostStreams } from './host-files.ts';
export type { ExecArch, ExecOptions } from './process.ts';
export { EXEC_FREQUENCY_HZ, ExecError, ExecProcess } from './process.ts';

export type ExecOutcome =
  /** The guest exited (status 0..255) or died of a signal (128 + signal, with `fault`). */
  | { readonly kind: 'exited'; readonly status: number; readonly fault?: string; readonly cycles: number }
  /** The cycle limit was reached first. */
  | { readonly kind: 'limit'; readonly cycles: number }
  /** The executable or the options were wrong (exit status 2). */
  | { readonly kind: 'error'; readonly message: string };

/** Loads and runs a program; never throws for anything the guest or its file can do. */
export function execElf(options: ExecOptions): ExecOutcome {
  let process: ExecProcess;
  try {
    process = new ExecProcess(options);
  } catch (error) {
    if (error instanceof ExecError) return { kind: 'error', message: error.message };
    throw error;
  }
  const status = process.run();
  const cycles = process.cpu.cycle;
  if (status === undefined) return { kind: 'limit', cycles };
  return process.faultMessage === undefined
    ? { kind: 'exited', status, cycles }
    : { kind: 'exited', status, fault: process.faultMessage, cycles };
}

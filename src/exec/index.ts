// Front door of src/exec: `chorus exec` runs a static Linux ELF like qemu-user does: a small
// multi-process Linux-ABI user-mode emulator (kernel.ts schedules the processes, process.ts is
// one of them, syscalls-*.ts the system calls). Today the MIPS family (big and little endian)
// is wired. Results are data: the first process's exit status, or a one-line fault or error;
// no host exception escapes from `execElf`.
import { ExecKernel, type ExecOptions } from './kernel.ts';
import { ExecError } from './process.ts';

export type { HostStreams } from './host-files.ts';
export type { ExecArch, ExecOptions } from './kernel.ts';
export { EXEC_FREQUENCY_HZ, ExecKernel } from './kernel.ts';
export { ExecError, ExecProcess } from './process.ts';

export type ExecOutcome =
  /** The guest exited (status 0..255) or died of a signal (128 + signal, with `fault`). */
  | { readonly kind: 'exited'; readonly status: number; readonly fault?: string; readonly cycles: number }
  /** The cycle limit was reached first. */
  | { readonly kind: 'limit'; readonly cycles: number }
  /** The executable or the options were wrong (exit status 2). */
  | { readonly kind: 'error'; readonly message: string };

/** Loads and runs a program; never throws for anything the guest or its file can do. */
export function execElf(options: ExecOptions): ExecOutcome {
  let kernel: ExecKernel;
  try {
    kernel = new ExecKernel(options);
  } catch (error) {
    if (error instanceof ExecError) return { kind: 'error', message: error.message };
    throw error;
  }
  const status = kernel.run();
  const cycles = kernel.now;
  if (status === undefined) {
    if (kernel.stopMessage !== undefined)
      return { kind: 'exited', status: 1, fault: kernel.stopMessage, cycles };
    return { kind: 'limit', cycles };
  }
  const fault = kernel.init.faultMessage;
  return fault === undefined ? { kind: 'exited', status, cycles } : { kind: 'exited', status, fault, cycles };
}

// The MIPS o32 rt_sigframe as Linux builds it on the user stack (arch/mips/kernel/signal.c):
// an argument save area (4 words), 2 pad words, the siginfo (128 bytes) and a ucontext whose
// sigcontext holds the interrupted registers (each in a 64-bit slot, zero-extended as a 32-bit
// kernel stores them), HI/LO and the PC, followed by the signal mask to restore. rt_sigreturn
// reads the context back from the frame, so a handler may edit it (e.g. sc_pc to skip the
// faulting instruction); a handler that leaves by siglongjmp simply abandons the frame.
import type { MipsCpu } from '../../machine/cpu/mips/index.ts';
import type { AddressSpace } from './address-space.ts';

/** Offset of the siginfo in the frame (after rs_ass[4] and rs_pad[2]). */
export const FRAME_INFO = 24;
/** Offset of the ucontext: uc_flags, uc_link, uc_stack (3 words), then uc_mcontext at +24. */
export const FRAME_UCONTEXT = FRAME_INFO + 128;
const MCONTEXT = FRAME_UCONTEXT + 24;
/** sigcontext fields (o32): sc_pc at 8, sc_regs[32] at 16, sc_mdhi at 552, sc_mdlo at 560. */
const SC_PC = MCONTEXT + 8;
const SC_REGS = MCONTEXT + 16;
const SC_MDHI = MCONTEXT + 552;
const SC_MDLO = MCONTEXT + 560;
/** uc_sigmask follows the 592-byte sigcontext (128 bytes). */
const UC_SIGMASK = MCONTEXT + 592;
export const FRAME_SIZE = UC_SIGMASK + 128;

/** The guest's word offset of the low half of a 64-bit slot at `at`. */
const low = (space: AddressSpace, at: number) => (space.littleEndian ? at : at + 4);

/**
 * Writes a frame at `frame` for the context in `cpu` (EPC is where it resumes): siginfo words
 * {signo, code, errno, pid|addr, uid} and the mask to restore. False if the stack is not writable.
 */
export function writeSignalFrame(
  space: AddressSpace,
  frame: number,
  cpu: MipsCpu,
  info: readonly number[],
  mask: readonly [number, number],
): boolean {
  const bytes = new Uint8Array(FRAME_SIZE);
  const view = new DataView(bytes.buffer);
  const le = space.littleEndian;
  const put = (at: number, value: number) => view.setUint32(at, value >>> 0, le);
  info.forEach((word, i) => {
    put(FRAME_INFO + 4 * i, word);
  });
  put(low(space, SC_PC), cpu.epc);
  for (let i = 0; i < 32; i++) put(low(space, SC_REGS + 8 * i), cpu.r[i]!);
  put(low(space, SC_MDHI), cpu.hi);
  put(low(space, SC_MDLO), cpu.lo);
  put(UC_SIGMASK, mask[0]);
  put(UC_SIGMASK + 4, mask[1]);
  return space.write(frame, bytes);
}

/**
 * rt_sigreturn: restores registers 1..31, HI, LO and EPC from the frame at `frame`; returns
 * the saved signal mask, or undefined if the frame cannot be read.
 */
export function readSignalFrame(
  space: AddressSpace,
  frame: number,
  cpu: MipsCpu,
): [number, number] | undefined {
  const bytes = space.read(frame, FRAME_SIZE);
  if (bytes === undefined) return undefined;
  const view = new DataView(bytes.buffer);
  const le = space.littleEndian;
  const get = (at: number) => view.getInt32(at, le);
  for (let i = 1; i < 32; i++) cpu.r[i] = get(low(space, SC_REGS + 8 * i));
  cpu.hi = get(low(space, SC_MDHI));
  cpu.lo = get(low(space, SC_MDLO));
  cpu.epc = get(low(space, SC_PC));
  return [get(UC_SIGMASK), get(UC_SIGMASK + 4)];
}

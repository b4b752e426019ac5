// The MIPS o32 rt_sigframe as Linux builds it on the user stack (arch/mips/kernel/signal.c): an
// argument save area (4 words), 2 pad words, the siginfo (128 bytes) and a ucontext whose
// sigcontext holds the interrupted registers (each in a 64-bit slot, zero-extended as a 32-bit
// kernel stores them), HI/LO and the PC, then the signal mask to restore. rt_sigreturn reads the
// context back from the frame, so a handler may edit it; a handler that leaves by siglongjmp
// simply abandons its frame. The handler returns through a two-instruction trampoline the PM
// maps in the process (MIPS has no SA_RESTORER: the kernel provides the return path).
import type { GuestRegisters } from '../../../nucleus/index.ts';
import type { Words } from './abi.ts';

/** Offset of the siginfo in the frame (after rs_ass[4] and rs_pad[2]). */
export const FRAME_INFO = 24;
/** Offset of the ucontext: uc_flags, uc_link, uc_stack (3 words), then uc_mcontext at +24. */
export const FRAME_UCONTEXT = FRAME_INFO + 128;
const MCONTEXT = FRAME_UCONTEXT + 24;
/** sigcontext (o32): sc_pc at 8, sc_regs[32] at 16, sc_mdhi at 552, sc_mdlo at 560. */
const SC_PC = MCONTEXT + 8;
const SC_REGS = MCONTEXT + 16;
const SC_MDHI = MCONTEXT + 552;
const SC_MDLO = MCONTEXT + 560;
/** uc_sigmask follows the 592-byte sigcontext. */
const UC_SIGMASK = MCONTEXT + 592;
export const FRAME_SIZE = UC_SIGMASK + 128;

/** Where the sigreturn trampoline page lives: above the stack (which ends at 0x7fff0000). */
export const TRAMPOLINE = 0x7fff_2000;
/** addiu v0, zero, 4193 (rt_sigreturn); syscall. */
export const TRAMPOLINE_CODE = [0x2402_1061, 0x0000_000c];

/** The word index (in the frame's words) of the low half of the 64-bit slot at byte `at`. */
const low = (words: Words, at: number) => (words.bigEndian ? at + 4 : at) / 4;

/** The frame's bytes for `registers` (pc: where the process resumes), siginfo words and mask. */
export function encodeFrame(
  words: Words,
  registers: GuestRegisters,
  info: readonly number[],
  mask: readonly [number, number],
): Uint8Array {
  const frame = new Array<number>(FRAME_SIZE / 4).fill(0);
  info.forEach((word, i) => {
    frame[FRAME_INFO / 4 + i] = word;
  });
  frame[low(words, SC_PC)] = registers.pc;
  for (let i = 0; i < 32; i++) frame[low(words, SC_REGS + 8 * i)] = registers.gpr[i] ?? 0;
  frame[low(words, SC_MDHI)] = registers.extra[0] ?? 0;
  frame[low(words, SC_MDLO)] = registers.extra[1] ?? 0;
  frame[UC_SIGMASK / 4] = mask[0];
  frame[UC_SIGMASK / 4 + 1] = mask[1];
  return words.encode(frame);
}

/** The registers and the mask to restore that a frame's bytes hold. */
export function decodeFrame(
  words: Words,
  bytes: Uint8Array,
): { registers: GuestRegisters; mask: [number, number] } {
  const frame = words.decode(bytes);
  const gpr: number[] = [];
  for (let i = 0; i < 32; i++) gpr.push(i === 0 ? 0 : frame[low(words, SC_REGS + 8 * i)]! | 0);
  return {
    registers: {
      gpr,
      pc: frame[low(words, SC_PC)]! | 0,
      extra: [frame[low(words, SC_MDHI)]! | 0, frame[low(words, SC_MDLO)]! | 0],
    },
    mask: [frame[UC_SIGMASK / 4]! >>> 0, frame[UC_SIGMASK / 4 + 1]! >>> 0],
  };
}

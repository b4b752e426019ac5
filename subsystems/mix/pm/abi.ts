// The Linux MIPS o32 system-call ABI as the PM decodes it: the call number in v0, arguments in
// a0..a3 and the fifth and sixth at 16($sp) and 20($sp); the result in v0 with a3 = 0, or the
// positive errno in v0 with a3 = 1 (Linux arch/mips/kernel/scall32-o32.S). Call numbers are
// syscall_o32.tbl's plus 4000; errno values are MIPS's own (asm/errno.h), which differ from the
// generic ones above 34.

export const V0 = 2;
export const A0 = 4;
export const A3 = 7;
export const SP = 29;

/** The UNIX trap: `syscall` with a zero code field. */
export const UNIX_TRAP = 0;

export const ERRNO = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EINTR: 4,
  EBADF: 9,
  ECHILD: 10,
  EAGAIN: 11,
  ENOMEM: 12,
  EFAULT: 14,
  EINVAL: 22,
  ENOTTY: 25,
  ENOSYS: 89,
} as const;

/** 32-bit words in guest memory, in the site's byte order. */
export class Words {
  constructor(readonly bigEndian: boolean) {}

  /** `words` as bytes in guest order. */
  encode(words: readonly number[]): Uint8Array {
    const bytes = new Uint8Array(words.length * 4);
    const view = new DataView(bytes.buffer);
    for (const [i, word] of words.entries()) view.setUint32(i * 4, word >>> 0, !this.bigEndian);
    return bytes;
  }

  /** The words of `bytes` (a multiple of four long). */
  decode(bytes: Uint8Array): number[] {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out: number[] = [];
    for (let i = 0; i + 4 <= bytes.length; i += 4) out.push(view.getUint32(i, !this.bigEndian));
    return out;
  }

  /** A 64-bit value as two words in the guest's order (o32 long long). */
  split64(value: number): [number, number] {
    const hi = Math.floor(value / 4294967296) >>> 0;
    const lo = value >>> 0;
    return this.bigEndian ? [hi, lo] : [lo, hi];
  }

  /** Two words (as `split64` lays them out) as one 64-bit value. */
  join64(first: number, second: number): number {
    const [hi, lo] = this.bigEndian ? [first, second] : [second, first];
    return (hi | 0) * 4294967296 + (lo >>> 0);
  }
}

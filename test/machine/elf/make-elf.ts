// Builds minimal static ELF32 executables in memory for tests: one PT_LOAD segment holding the
// given 32-bit words at `vaddr`, entry at its start, in either byte order.
export interface ElfBuild {
  readonly endianness: 'big' | 'little';
  readonly words: readonly number[];
  readonly vaddr?: number;
  readonly machine?: number;
  readonly type?: number;
  /** Extra zero bytes after the code in memory (.bss). */
  readonly bss?: number;
}

export function makeElf({
  endianness,
  words,
  vaddr = 0x400000,
  machine = 8,
  type = 2,
  bss = 0,
}: ElfBuild): Uint8Array {
  const little = endianness === 'little';
  const codeOffset = 0x100;
  const bytes = new Uint8Array(codeOffset + 4 * words.length);
  const view = new DataView(bytes.buffer);
  bytes.set([0x7f, 0x45, 0x4c, 0x46, 1, little ? 1 : 2, 1]);
  view.setUint16(16, type, little);
  view.setUint16(18, machine, little);
  view.setUint32(20, 1, little);
  view.setUint32(24, vaddr, little); // e_entry
  view.setUint32(28, 52, little); // e_phoff
  view.setUint16(40, 52, little); // e_ehsize
  view.setUint16(42, 32, little); // e_phentsize
  view.setUint16(44, 1, little); // e_phnum
  // PT_LOAD
  view.setUint32(52, 1, little);
  view.setUint32(56, codeOffset, little);
  view.setUint32(60, vaddr, little);
  view.setUint32(64, vaddr, little);
  view.setUint32(68, 4 * words.length, little);
  view.setUint32(72, 4 * words.length + bss, little);
  view.setUint32(76, 5, little);
  view.setUint32(80, 0x1000, little);
  words.forEach((word, i) => {
    view.setUint32(codeOffset + 4 * i, word >>> 0, little);
  });
  return bytes;
}

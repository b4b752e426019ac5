// What the PM needs of a process's ELF file itself: where its data ends (the initial program
// break, rounded up to a page as Linux does) and its byte order. Only the ELF32 header and
// program headers are read; loading the segments is the nucleus's loadUserActor.

const PT_LOAD = 1;
const PAGE = 4096;

export interface ElfBreak {
  readonly bigEndian: boolean;
  /** The first page boundary past every PT_LOAD segment. */
  readonly brk: number;
}

/** The break and byte order of ELF32 `file`, or undefined when it is not one. */
export function elfBreak(file: Uint8Array): ElfBreak | undefined {
  if (file.length < 52 || file[0] !== 0x7f || file[1] !== 0x45 || file[2] !== 0x4c || file[3] !== 0x46)
    return undefined;
  if (file[4] !== 1) return undefined; // ELFCLASS32
  const bigEndian = file[5] === 2;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const phoff = view.getUint32(28, !bigEndian);
  const phentsize = view.getUint16(42, !bigEndian);
  const phnum = view.getUint16(44, !bigEndian);
  let end = 0;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 32 > file.length) return undefined;
    if (view.getUint32(at, !bigEndian) !== PT_LOAD) continue;
    const vaddr = view.getUint32(at + 8, !bigEndian);
    const memsz = view.getUint32(at + 20, !bigEndian);
    end = Math.max(end, vaddr + memsz);
  }
  return { bigEndian, brk: Math.ceil(end / PAGE) * PAGE };
}

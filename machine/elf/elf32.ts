// ELF32 reader for static executables (ET_EXEC) of either byte order: the header fields and the
// PT_LOAD segments a loader needs, with one clear error per way a file can be wrong (not ELF,
// wrong class or type, wrong machine, truncated). Reference: System V ABI, "ELF Header" and
// "Program Header". It reads bytes only; placing segments in memory is the caller's job.

/** e_machine values of the families this project runs. */
export const ELF_MACHINE = { sparc: 2, i386: 3, mips: 8, ppc: 20, arm: 40 } as const;

const PT_LOAD = 1;
const ET_EXEC = 2;
const HEADER_SIZE = 52;
const PHDR_SIZE = 32;

/** A bad ELF file: the message names what is wrong, never a host detail. */
export class ElfError extends Error {
  override name = 'ElfError';
}

export interface ElfSegment {
  /** Virtual address of the segment's first byte. */
  readonly vaddr: number;
  /** Bytes present in the file (the rest up to memSize is zero, e.g. .bss). */
  readonly data: Uint8Array;
  readonly memSize: number;
  /** PF_X = 1, PF_W = 2, PF_R = 4. */
  readonly flags: number;
}

export interface Elf32Image {
  readonly endianness: 'big' | 'little';
  readonly machine: number;
  /** e_flags (on MIPS: ABI and ISA level). */
  readonly flags: number;
  readonly entry: number;
  /** Virtual address of the program header table when a segment covers it, else 0. */
  readonly phdrAddress: number;
  readonly phentsize: number;
  readonly phnum: number;
  readonly segments: readonly ElfSegment[];
}

/**
 * Parses a static ELF32 executable. `expectedMachine`, when given, must match e_machine.
 * Throws ElfError for anything the loader cannot use.
 */
export function parseElf32(file: Uint8Array, expectedMachine?: number): Elf32Image {
  if (file.length < 4 || file[0] !== 0x7f || file[1] !== 0x45 || file[2] !== 0x4c || file[3] !== 0x46)
    throw new ElfError('not an ELF file (bad magic number)');
  if (file.length < HEADER_SIZE) throw new ElfError(`truncated ELF header (${file.length} bytes, need 52)`);
  if (file[4] !== 1) throw new ElfError(`not a 32-bit ELF file (EI_CLASS ${file[4]})`);
  const dataEncoding = file[5];
  if (dataEncoding !== 1 && dataEncoding !== 2)
    throw new ElfError(`unknown ELF byte order (EI_DATA ${dataEncoding})`);
  const little = dataEncoding === 1;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const u16 = (offset: number) => view.getUint16(offset, little);
  const u32 = (offset: number) => view.getUint32(offset, little);

  const type = u16(16);
  const machine = u16(18);
  if (expectedMachine !== undefined && machine !== expectedMachine)
    throw new ElfError(`wrong machine: e_machine ${machine}, expected ${expectedMachine}`);
  if (type !== ET_EXEC) throw new ElfError(`not a static executable (e_type ${type}, expected ET_EXEC)`);
  const entry = u32(24);
  const phoff = u32(28);
  const flags = u32(36);
  const phentsize = u16(42);
  const phnum = u16(44);
  if (phnum === 0) throw new ElfError('no program headers');
  if (phentsize < PHDR_SIZE) throw new ElfError(`bad program header size ${phentsize}`);
  if (phoff + phnum * phentsize > file.length)
    throw new ElfError(
      `truncated: program headers end at ${phoff + phnum * phentsize}, file has ${file.length} bytes`,
    );

  const segments: ElfSegment[] = [];
  let phdrAddress = 0;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (u32(at) !== PT_LOAD) continue;
    const offset = u32(at + 4);
    const vaddr = u32(at + 8);
    const fileSize = u32(at + 16);
    const memSize = u32(at + 20);
    if (offset + fileSize > file.length)
      throw new ElfError(
        `truncated: segment ${i} needs bytes up to ${offset + fileSize}, file has ${file.length}`,
      );
    if (fileSize > memSize) throw new ElfError(`segment ${i}: file size larger than memory size`);
    if (vaddr + memSize > 0x1_0000_0000)
      throw new ElfError(`segment ${i} wraps past the 32-bit address space`);
    if (phoff >= offset && phoff + phnum * phentsize <= offset + fileSize)
      phdrAddress = vaddr + (phoff - offset);
    segments.push({ vaddr, data: file.subarray(offset, offset + fileSize), memSize, flags: u32(at + 24) });
  }
  if (segments.length === 0) throw new ElfError('no loadable segments');
  return {
    endianness: little ? 'little' : 'big',
    machine,
    flags,
    entry,
    phdrAddress,
    phentsize,
    phnum,
    segments,
  };
}

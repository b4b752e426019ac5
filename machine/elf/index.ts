// Front door of machine/elf: reading static ELF32 executables for the loaders of every family.
export type { Elf32Image, ElfSegment } from './elf32.ts';
export { ELF_MACHINE, ElfError, parseElf32 } from './elf32.ts';

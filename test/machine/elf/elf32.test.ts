import { describe, expect, it } from 'vitest';
import { ELF_MACHINE, ElfError, parseElf32 } from '../../../machine/elf/index.ts';
import { makeElf } from './make-elf.ts';

describe('ELF32 loader', () => {
  for (const endianness of ['big', 'little'] as const) {
    it(`ELF: a ${endianness}-endian static executable gives its entry, byte order and segments`, () => {
      const image = parseElf32(makeElf({ endianness, words: [0x11223344, 5], bss: 8 }), ELF_MACHINE.mips);
      expect(image.endianness).toBe(endianness);
      expect(image.entry).toBe(0x400000);
      expect(image.machine).toBe(ELF_MACHINE.mips);
      expect(image.segments).toHaveLength(1);
      const segment = image.segments[0]!;
      expect([segment.vaddr, segment.data.length, segment.memSize, segment.flags]).toEqual([
        0x400000, 8, 16, 5,
      ]);
      expect(Array.from(segment.data.subarray(0, 4))).toEqual(
        endianness === 'big' ? [0x11, 0x22, 0x33, 0x44] : [0x44, 0x33, 0x22, 0x11],
      );
    });
  }

  const bad: [string, Uint8Array, RegExp][] = [
    ['an empty file', new Uint8Array(0), /not an ELF file/],
    ['a text file', new TextEncoder().encode('#!/bin/sh\necho hi\n'), /not an ELF file/],
    [
      'a header cut short',
      makeElf({ endianness: 'big', words: [0] }).subarray(0, 30),
      /truncated ELF header/,
    ],
    [
      'program headers cut off',
      makeElf({ endianness: 'big', words: [0] }).subarray(0, 60),
      /truncated: program headers end at 84/,
    ],
    [
      'a segment past the end of the file',
      makeElf({ endianness: 'little', words: [1, 2, 3, 4] }).subarray(0, 0x104),
      /truncated: segment 0 needs bytes up to 272/,
    ],
    [
      'a shared object',
      makeElf({ endianness: 'big', words: [0], type: 3 }),
      /not a static executable \(e_type 3/,
    ],
    [
      'an ARM executable',
      makeElf({ endianness: 'little', words: [0], machine: 40 }),
      /wrong machine: e_machine 40, expected 8/,
    ],
  ];
  for (const [name, file, message] of bad) {
    it(`ELF: ${name} is refused with a clear ElfError`, () => {
      let error: unknown;
      try {
        parseElf32(file, ELF_MACHINE.mips);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ElfError);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('ELF: a 64-bit file is refused as not 32-bit', () => {
    const file = makeElf({ endianness: 'little', words: [0] });
    file[4] = 2;
    expect(() => parseElf32(file)).toThrow(/not a 32-bit ELF file/);
  });
});

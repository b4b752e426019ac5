// Random instruction blocks for the differential test against qemu: fast-check arbitraries for
// straight-line and forward-branching MIPS32r2 integer code, and the prologue/epilogue that let
// programs/blockrun.c run a block and print the registers it leaves. Register $24 holds the data
// area (see blockrun.c) and is never a destination; exceptions are avoided by construction
// (no ADD/SUB/ADDI, no DIV, no traps, aligned accesses inside the scratch buffer).
import fc from 'fast-check';

/** Registers a block may read and write ($0 included: writes to it must vanish). */
const REGS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 25];
const BASE = 24;
const SCRATCH = 320; // byte offset of the scratch buffer in the data area
const SAVE = 66; // word index of the caller's saved registers
const SAVED = [16, 17, 18, 19, 20, 21, 22, 23, 28, 30, 31, 29];

const R = (rs: number, rt: number, rd: number, sa: number, funct: number, op = 0) =>
  ((op << 26) | (rs << 21) | (rt << 16) | (rd << 11) | (sa << 6) | funct) >>> 0;
const I = (op: number, rs: number, rt: number, imm: number) =>
  ((op << 26) | (rs << 21) | (rt << 16) | (imm & 0xffff)) >>> 0;
const lw = (rt: number, word: number) => I(35, BASE, rt, 4 * word);
const sw = (rt: number, word: number) => I(43, BASE, rt, 4 * word);

/** Loads the registers from the area (HI from word 26, LO from word 27), saving the caller's. */
export function prologue(): number[] {
  const code = [R(4, 0, BASE, 0, 33)]; // addu $24, $a0, $zero
  SAVED.forEach((reg, i) => {
    code.push(sw(reg, SAVE + i));
  });
  code.push(lw(1, 26), R(1, 0, 0, 0, 17), lw(1, 27), R(1, 0, 0, 0, 19)); // mthi, mtlo
  for (const reg of REGS) if (reg !== 0) code.push(lw(reg, reg));
  return code;
}

/** Stores the registers, HI and LO to words 32.., restores the caller's and returns. */
export function epilogue(): number[] {
  const code: number[] = [];
  for (const reg of REGS) if (reg !== 0) code.push(sw(reg, 32 + reg));
  code.push(R(0, 0, 1, 0, 16), sw(1, 64), R(0, 0, 1, 0, 18), sw(1, 65)); // mfhi, mflo
  SAVED.forEach((reg, i) => {
    code.push(lw(reg, SAVE + i));
  });
  code.push(R(31, 0, 0, 0, 8), 0); // jr $ra; nop
  return code;
}

const reg = fc.constantFrom(...REGS);
const imm16 = fc.integer({ min: 0, max: 0xffff });
const sa = fc.integer({ min: 0, max: 31 });

/** One non-branch instruction. */
const simple: fc.Arbitrary<number> = fc.oneof(
  fc
    .tuple(fc.constantFrom(33, 35, 36, 37, 38, 39, 42, 43, 4, 6, 7, 10, 11), reg, reg, reg)
    .map(([funct, rs, rt, rd]) => R(rs, rt, rd, 0, funct)),
  fc
    .tuple(fc.constantFrom(0, 2, 3), reg, reg, sa, fc.boolean())
    .map(([funct, rt, rd, s, rotate]) => R(funct === 2 && rotate ? 1 : 0, rt, rd, s, funct)),
  fc.tuple(reg, reg, reg).map(([rs, rt, rd]) => R(rs, rt, rd, 1, 6)), // rotrv
  fc.tuple(fc.constantFrom(24, 25), reg, reg).map(([funct, rs, rt]) => R(rs, rt, 0, 0, funct)), // mult(u)
  fc.tuple(fc.constantFrom(16, 18), reg).map(([funct, rd]) => R(0, 0, rd, 0, funct)), // mfhi/mflo
  fc.tuple(fc.constantFrom(17, 19), reg).map(([funct, rs]) => R(rs, 0, 0, 0, funct)), // mthi/mtlo
  fc.tuple(fc.constantFrom(0, 1, 4, 5), reg, reg).map(([funct, rs, rt]) => R(rs, rt, 0, 0, funct, 28)), // madd..
  fc.tuple(reg, reg, reg).map(([rs, rt, rd]) => R(rs, rt, rd, 0, 2, 28)), // mul
  fc.tuple(fc.constantFrom(32, 33), reg, reg).map(([funct, rs, rd]) => R(rs, rd, rd, 0, funct, 28)), // clz/clo
  fc.tuple(fc.constantFrom(16, 24, 2), reg, reg).map(([op, rt, rd]) => R(0, rt, rd, op, 32, 31)), // seb/seh/wsbh
  fc
    .tuple(reg, reg, fc.integer({ min: 0, max: 31 }), fc.integer({ min: 1, max: 32 }), fc.boolean())
    .filter(([, , pos, size]) => pos + size <= 32)
    .map(([rs, rt, pos, size, insert]) =>
      insert ? R(rs, rt, pos + size - 1, pos, 4, 31) : R(rs, rt, size - 1, pos, 0, 31),
    ),
  fc
    .tuple(fc.constantFrom(9, 10, 11, 12, 13, 14), reg, reg, imm16)
    .map(([op, rs, rt, imm]) => I(op, rs, rt, imm)),
  fc.tuple(reg, imm16).map(([rt, imm]) => I(15, 0, rt, imm)), // lui
  // loads and stores inside the scratch buffer, aligned to their size
  fc
    .tuple(fc.constantFrom(32, 33, 35, 36, 37, 40, 41, 43), reg, fc.integer({ min: 0, max: 252 }))
    .map(([op, rt, off]) => {
      const size = op === 35 || op === 43 ? 4 : op === 33 || op === 37 || op === 41 ? 2 : 1;
      return I(op, BASE, rt, SCRATCH + off - (off % size));
    }),
  fc
    .tuple(fc.constantFrom(34, 38, 42, 46), reg, fc.integer({ min: 0, max: 255 }))
    .map(([op, rt, off]) => I(op, BASE, rt, SCRATCH + off)),
  fc.tuple(reg, reg, reg).map(([rs, rt, rd]) => R(rs, rt, rd, 0, 10)), // movz
);

type Item =
  | { readonly kind: 'simple'; readonly word: number }
  | { readonly kind: 'branch'; readonly make: (offset: number) => number; readonly skip: number };

const branch: fc.Arbitrary<Item> = fc
  .tuple(
    fc.constantFrom(4, 5, 6, 7, 20, 21, 22, 23, 1),
    reg,
    reg,
    fc.constantFrom(0, 1, 2, 3, 16, 17),
    fc.integer({ min: 0, max: 6 }),
  )
  .map(([op, rs, rt, regimm, skip]) => ({
    kind: 'branch' as const,
    skip,
    make: (offset: number) =>
      op === 1
        ? I(1, rs, regimm, offset)
        : op === 6 || op === 7 || op === 22 || op === 23
          ? I(op, rs, 0, offset)
          : I(op, rs, rt, offset),
  }));

/** A block body of `min`..`max` items: simple instructions and forward branches with filled delay slots. */
export function blockBody(min = 4, max = 40): fc.Arbitrary<number[]> {
  const item: fc.Arbitrary<Item> = fc.oneof(
    { weight: 6, arbitrary: simple.map((word) => ({ kind: 'simple' as const, word })) },
    { weight: 1, arbitrary: branch },
  );
  return fc
    .tuple(
      fc.array(item, { minLength: min, maxLength: max }),
      fc.array(simple, { minLength: max, maxLength: max }),
    )
    .map(([items, fillers]) => {
      const words: number[] = [];
      const pending: { at: number; skip: number; make: (offset: number) => number }[] = [];
      let filler = 0;
      for (const it of items) {
        if (it.kind === 'simple') words.push(it.word);
        else {
          pending.push({ at: words.length, skip: it.skip, make: it.make });
          words.push(0, fillers[filler++ % fillers.length]!); // branch placeholder, then its delay slot
        }
      }
      for (const { at, skip, make } of pending) {
        const target = Math.min(at + 2 + skip, words.length); // forward, at most to the epilogue
        words[at] = make(target - at - 1);
      }
      // A branch in a delay slot is unpredictable: a later branch placeholder may sit right after
      // an earlier one's delay slot, never inside it, since each branch carries its own filler.
      return words;
    });
}

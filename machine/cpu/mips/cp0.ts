// MIPS32 coprocessor 0: register numbers, the bit layouts of Status, Cause, EntryHi/EntryLo and
// Config, exception codes and vector offsets, declared once (MIPS32 Privileged Resource
// Architecture, chapters 8 and 9). Everything else reads fields through these names.

/** CP0 register numbers (select 0 unless noted). */
export const CP0 = {
  Index: 0,
  Random: 1,
  EntryLo0: 2,
  EntryLo1: 3,
  Context: 4, // select 2: UserLocal
  PageMask: 5,
  Wired: 6,
  HWREna: 7,
  BadVAddr: 8,
  Count: 9,
  EntryHi: 10,
  Compare: 11,
  Status: 12,
  Cause: 13,
  EPC: 14,
  PRId: 15, // select 1: EBase
  Config: 16, // selects 1..3: Config1..Config3
  ErrorEPC: 30,
} as const;

/** Status register fields. */
export const STATUS = {
  IE: 1 << 0,
  EXL: 1 << 1,
  ERL: 1 << 2,
  /** KSU = 2 (UM) means user mode when EXL and ERL are clear. */
  UM: 1 << 4,
  KSU_MASK: 3 << 3,
  IM_SHIFT: 8,
  IM_MASK: 0xff << 8,
  BEV: 1 << 22,
  CU0: 1 << 28,
  CU1: 1 << 29,
  /** Bits software may write: CU3..0, BEV, IM, KSU, ERL, EXL, IE (RP/FR/RE/MX/PX/SR/NMI left 0). */
  WRITABLE: 0xf0000000 | (1 << 22) | (0xff << 8) | (3 << 3) | 7,
} as const;

/** Cause register fields. */
export const CAUSE = {
  EXC_SHIFT: 2,
  EXC_MASK: 0x1f << 2,
  IP_SHIFT: 8,
  IP_MASK: 0xff << 8,
  /** IP1..IP0, the software interrupts, are the only IP bits software writes. */
  IP_SOFT: 3 << 8,
  /** IP7: the Count/Compare timer (also hardware line 5). */
  IP_TIMER: 1 << 15,
  IV: 1 << 23,
  CE_SHIFT: 28,
  TI: 1 << 30,
  BD: 1 << 31,
  WRITABLE: (3 << 8) | (1 << 23),
} as const;

/** Cause.ExcCode values. */
export const EXC = {
  Int: 0,
  Mod: 1,
  TLBL: 2,
  TLBS: 3,
  AdEL: 4,
  AdES: 5,
  IBE: 6,
  DBE: 7,
  Sys: 8,
  Bp: 9,
  RI: 10,
  CpU: 11,
  Ov: 12,
  Tr: 13,
  /** Machine check: raised for the board when a device caught the driver misusing it. */
  MCheck: 24,
} as const;

export const EXC_NAMES: readonly string[] = [
  'interrupt',
  'TLB modified',
  'TLB miss/invalid on load or fetch',
  'TLB miss/invalid on store',
  'address error on load or fetch',
  'address error on store',
  'bus error on fetch',
  'bus error on data access',
  'syscall',
  'breakpoint',
  'reserved instruction',
  'coprocessor unusable',
  'integer overflow',
  'trap',
  ...Array<string>(10).fill('reserved exception'),
  'machine check',
];

/** EntryLo fields: PFN in bits 25..6, C in 5..3, D, V, G. */
export const ENTRYLO = {
  G: 1 << 0,
  V: 1 << 1,
  D: 1 << 2,
  PFN_SHIFT: 6,
  WRITABLE: 0x03ffffff,
} as const;

/** EntryHi: VPN2 in bits 31..13, ASID in 7..0. */
export const ENTRYHI = { ASID_MASK: 0xff, VPN2_MASK: 0xffffe000 | 0 } as const;

/** PageMask: bits 28..13 select the page size (0 = 4 KiB). */
export const PAGEMASK_WRITABLE = 0x1fffe000;

/** Vector offsets from the exception base (EBase, or 0xbfc00200 with Status.BEV). */
export const VECTOR_OFFSET = { tlbRefill: 0x000, general: 0x180, interrupt: 0x200 } as const;
export const BEV_BASE = 0xbfc00200 | 0;
export const RESET_VECTOR = 0xbfc00000 | 0;

/** PRId of a MIPS 24Kc (company 1, processor 0x93), the model qemu's -cpu 24Kc also reports. */
export const PRID_24KC = 0x00019300;

/** Config0: M (Config1 present), BE for big-endian, AR = 1 (release 2), MT = 1 (TLB), K0 = 3. */
export function config0(bigEndian: boolean): number {
  return 0x80000000 | (bigEndian ? 1 << 15 : 0) | (1 << 10) | (1 << 7) | 3 | 0;
}

/** Config1: M, MMU size - 1 in bits 30..25, no FPU (FP = 0). */
export function config1(tlbEntries: number): number {
  return 0x80000000 | ((tlbEntries - 1) << 25) | 0;
}

/** Config2: M (Config3 present). Config3: ULRI (UserLocal register implemented). */
export const CONFIG2 = 0x80000000 | 0;
export const CONFIG3 = 1 << 13;

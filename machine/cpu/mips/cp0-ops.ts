// The CP0 instructions: MFC0/MTC0 with each register's writable bits, DI/EI, the TLB
// instructions (TLBR, TLBWI, TLBWR, TLBP), ERET and WAIT (MIPS32 PRA chapters 8-9). In user mode
// without Status.CU0 they raise Coprocessor Unusable (CE = 0).
import { CAUSE, CP0, ENTRYHI, ENTRYLO, EXC, PAGEMASK_WRITABLE, STATUS } from './cp0.ts';
import type { MipsCpu } from './cpu.ts';

/** Reads CP0 register (reg, sel); unimplemented registers read as zero. */
export function readCp0(cpu: MipsCpu, reg: number, sel: number): number {
  switch (reg) {
    case CP0.Index:
      return cpu.cp0Index;
    case CP0.Random:
      return cpu.random;
    case CP0.EntryLo0:
      return cpu.entryLo0;
    case CP0.EntryLo1:
      return cpu.entryLo1;
    case CP0.Context:
      return sel === 2 ? cpu.userLocal : cpu.context;
    case CP0.PageMask:
      return cpu.pageMask;
    case CP0.Wired:
      return cpu.wired;
    case CP0.HWREna:
      return cpu.hwrEna;
    case CP0.BadVAddr:
      return cpu.badVAddr;
    case CP0.Count:
      return cpu.count;
    case CP0.EntryHi:
      return cpu.entryHi;
    case CP0.Compare:
      return cpu.compare;
    case CP0.Status:
      return cpu.status;
    case CP0.Cause:
      return cpu.cause;
    case CP0.EPC:
      return cpu.epc;
    case CP0.PRId:
      return sel === 1 ? cpu.ebase : cpu.prid;
    case CP0.Config:
      return sel === 0
        ? cpu.config0
        : sel === 1
          ? cpu.config1
          : sel === 2
            ? cpu.config2
            : sel === 3
              ? cpu.config3
              : 0;
    case CP0.ErrorEPC:
      return cpu.errorEpc;
    default:
      return 0;
  }
}

/** Writes CP0 register (reg, sel), keeping read-only bits; side effects as the PRA describes. */
export function writeCp0(cpu: MipsCpu, reg: number, sel: number, value: number): void {
  switch (reg) {
    case CP0.Index:
      cpu.cp0Index = (cpu.cp0Index & 0x80000000) | (value & 0x3f);
      return;
    case CP0.EntryLo0:
      cpu.entryLo0 = value & ENTRYLO.WRITABLE;
      return;
    case CP0.EntryLo1:
      cpu.entryLo1 = value & ENTRYLO.WRITABLE;
      return;
    case CP0.Context:
      if (sel === 2) cpu.userLocal = value | 0;
      else cpu.context = (value & 0xff800000) | (cpu.context & 0x007ffff0);
      return;
    case CP0.PageMask:
      cpu.pageMask = value & PAGEMASK_WRITABLE;
      return;
    case CP0.Wired:
      cpu.wired = value & 0x3f;
      cpu.randomBase = cpu.cycle; // Random restarts at the top entry
      return;
    case CP0.HWREna:
      cpu.hwrEna = value & 0x2000000f;
      return;
    case CP0.Count:
      cpu.writeCount(value);
      return;
    case CP0.EntryHi: {
      const next = value & (ENTRYHI.VPN2_MASK | ENTRYHI.ASID_MASK);
      if (((next ^ cpu.entryHi) & ENTRYHI.ASID_MASK) !== 0) cpu.soft.flushAll();
      cpu.entryHi = next;
      return;
    }
    case CP0.Compare:
      cpu.writeCompare(value);
      return;
    case CP0.Status:
      cpu.status = value & STATUS.WRITABLE;
      cpu.soft.modeChanged();
      cpu.refreshCauseIp();
      return;
    case CP0.Cause:
      cpu.cause = (cpu.cause & ~CAUSE.WRITABLE) | (value & CAUSE.WRITABLE);
      cpu.refreshCauseIp();
      return;
    case CP0.EPC:
      cpu.epc = value | 0;
      return;
    case CP0.PRId:
      if (sel === 1) cpu.ebase = 0x80000000 | (value & 0x3ffff000) | (cpu.ebase & 0x3ff) | 0;
      return;
    case CP0.ErrorEPC:
      cpu.errorEpc = value | 0;
      return;
    default:
      return; // read-only or unimplemented: writes are ignored
  }
}

/** TLBWI / TLBWR: writes the entry from EntryHi, PageMask and EntryLo0/1; the soft TLB is flushed. */
export function tlbWrite(cpu: MipsCpu, index: number): void {
  cpu.tlb.write(index % cpu.tlb.size, cpu.entryHi, cpu.pageMask, cpu.entryLo0, cpu.entryLo1);
  cpu.soft.flushAll();
}

function tlbRead(cpu: MipsCpu): void {
  const tlb = cpu.tlb;
  const i = (cpu.cp0Index & 0x3f) % tlb.size;
  const g = tlb.global[i]! !== 0 ? ENTRYLO.G : 0;
  const nextHi = tlb.hi[i]!;
  if (((nextHi ^ cpu.entryHi) & ENTRYHI.ASID_MASK) !== 0) cpu.soft.flushAll();
  cpu.entryHi = nextHi;
  cpu.pageMask = tlb.mask[i]!;
  cpu.entryLo0 = tlb.lo0[i]! | g;
  cpu.entryLo1 = tlb.lo1[i]! | g;
}

function tlbProbe(cpu: MipsCpu): void {
  const i = cpu.tlb.probe(cpu.entryHi & ENTRYHI.VPN2_MASK, cpu.entryHi & ENTRYHI.ASID_MASK);
  cpu.cp0Index = i >= 0 ? i : 0x80000000 | 0;
}

/** Executes a COP0-opcode instruction; pc already points past it. */
export function executeCop0(cpu: MipsCpu, inst: number): void {
  if (cpu.userMode && (cpu.status & STATUS.CU0) === 0) {
    cpu.enterException(EXC.CpU, false, 0);
    return;
  }
  const rs = (inst >>> 21) & 31;
  const rt = (inst >>> 16) & 31;
  const rd = (inst >>> 11) & 31;
  const sel = inst & 7;
  if (rs === 0) {
    if (rt !== 0) cpu.r[rt] = readCp0(cpu, rd, sel);
    return;
  }
  if (rs === 4) {
    writeCp0(cpu, rd, sel, cpu.r[rt]!);
    return;
  }
  if (rs === 11 && rd === 12 && (inst & 0x7ff) === ((inst >>> 5) & 1) << 5) {
    // DI / EI: rt receives the old Status
    if (rt !== 0) cpu.r[rt] = cpu.status;
    cpu.status = (inst & 0x20) !== 0 ? cpu.status | STATUS.IE : cpu.status & ~STATUS.IE;
    return;
  }
  if (rs >= 16) {
    switch (inst & 63) {
      case 1:
        tlbRead(cpu);
        return;
      case 2:
        tlbWrite(cpu, cpu.cp0Index & 0x3f);
        return;
      case 6:
        tlbWrite(cpu, cpu.random);
        return;
      case 8:
        tlbProbe(cpu);
        return;
      case 24:
        cpu.eret();
        return;
      case 32:
        // WAIT: idle until an unmasked interrupt is pending (taken once IE allows it)
        if ((cpu.cause & cpu.status & CAUSE.IP_MASK) === 0) cpu.waiting = true;
        return;
      default:
        break;
    }
  }
  cpu.enterException(EXC.RI, false);
}

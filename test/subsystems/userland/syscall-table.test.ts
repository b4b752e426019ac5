// The per-family system-call number table (subsystems/mix/userland/include/bits/syscall.h)
// is consistent: every family names the same calls (minus the documented gaps), no number
// is used twice within a family, and MIPS o32 numbers sit in the 4000 range.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const HEADER = resolve(import.meta.dirname, '../../../subsystems/mix/userland/include/bits/syscall.h');

/** Family macro (e.g. "__mips__") -> call name -> number, from the #if/#elif chain. */
function parseTable(text: string): Map<string, Map<string, number>> {
  const table = new Map<string, Map<string, number>>();
  let current: Map<string, number> | undefined;
  for (const line of text.split('\n')) {
    const family = /^#(?:el)?if defined\((\w+)\)/.exec(line);
    if (family?.[1] !== undefined) {
      current = new Map();
      table.set(family[1], current);
      continue;
    }
    if (line.startsWith('#else')) current = undefined;
    const define = /^#define SYS_(\w+) (\d+)$/.exec(line);
    if (define?.[1] !== undefined && define[2] !== undefined && current)
      current.set(define[1], Number(define[2]));
  }
  return table;
}

const table = parseTable(readFileSync(HEADER, 'utf8'));
/** Calls a family's Linux ABI lacks, which the library works around (see docs/userland.md). */
const GAPS: Record<string, readonly string[]> = { __arm__: ['alarm'], __mips__: ['vfork'] };

describe('USERLAND syscall table', () => {
  it('SYSCALLS: the table covers the five architectures', () => {
    expect([...table.keys()].sort()).toEqual(['__arm__', '__i386__', '__mips__', '__powerpc__', '__sparc__']);
  });

  it('SYSCALLS: every family names the same calls apart from the documented gaps', () => {
    const all = new Set<string>();
    for (const calls of table.values()) for (const name of calls.keys()) all.add(name);
    for (const [family, calls] of table) {
      const missing = [...all].filter((name) => !calls.has(name)).sort();
      expect(missing, family).toEqual([...(GAPS[family] ?? [])].sort());
    }
  });

  it('SYSCALLS: no number is used twice within a family', () => {
    for (const [family, calls] of table) {
      const numbers = [...calls.values()];
      expect(new Set(numbers).size, family).toBe(numbers.length);
    }
  });

  it('SYSCALLS: MIPS o32 numbers are 4000 + n and the common early calls agree with i386', () => {
    const mips = table.get('__mips__');
    const i386 = table.get('__i386__');
    expect(mips && i386).toBeTruthy();
    for (const n of mips?.values() ?? []) expect(n).toBeGreaterThan(4000);
    for (const name of ['exit', 'fork', 'read', 'write', 'open', 'close', 'kill', 'ioctl']) {
      expect(mips?.get(name), name).toBe((i386?.get(name) ?? 0) + 4000);
    }
  });
});

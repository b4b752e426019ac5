import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as a from '../machine/cpu/mips/support/asm.ts';
import { makeElf } from '../machine/elf/make-elf.ts';
import { REPO_ROOT, runCli } from '../support/run-cli.ts';

// Hand-assembled guests, so these tests need no compiler: write(1, msg, n) then exit(42); a
// store to address 0; and an endless loop.
const MESSAGE_AT = 0x400000 + 4 * 10;
const hello = [
  a.addiu(a.A0, a.ZERO, 1),
  a.lui(a.A1, 0x40),
  a.ori(a.A1, a.A1, MESSAGE_AT & 0xffff),
  a.addiu(a.A2, a.ZERO, 3),
  a.addiu(a.V0, a.ZERO, 4004),
  a.syscall(),
  a.addiu(a.A0, a.ZERO, 42),
  a.addiu(a.V0, a.ZERO, 4246),
  a.syscall(),
  a.nop(),
  0x68690a00, // "hi\n" (big-endian word order)
];
const crash = [a.sw(a.ZERO, 0, a.ZERO), a.nop()];
// read(0, sp - 64, 16); write(1, sp - 64, n); exit(n)
const echoStdin = [
  a.addiu(a.A1, a.SP, -64),
  a.addiu(a.A0, a.ZERO, 0),
  a.addiu(a.A2, a.ZERO, 16),
  a.addiu(a.V0, a.ZERO, 4003),
  a.syscall(),
  a.addu(a.A2, a.V0, a.ZERO),
  a.addiu(a.A0, a.ZERO, 1),
  a.addiu(a.V0, a.ZERO, 4004),
  a.syscall(),
  a.addu(a.A0, a.V0, a.ZERO),
  a.addiu(a.V0, a.ZERO, 4001),
  a.syscall(),
];
const spin = [a.beq(a.ZERO, a.ZERO, -1), a.nop()];

describe('CLI: chorus exec', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'chorus-exec-cli-'));
    writeFileSync(join(dir, 'hello.be'), makeElf({ endianness: 'big', words: hello }));
    writeFileSync(join(dir, 'crash.le'), makeElf({ endianness: 'little', words: crash }));
    writeFileSync(join(dir, 'spin.be'), makeElf({ endianness: 'big', words: spin }));
    writeFileSync(join(dir, 'echo.le'), makeElf({ endianness: 'little', words: echoStdin }));
    writeFileSync(join(dir, 'arm.elf'), makeElf({ endianness: 'little', words: [0], machine: 40 }));
    writeFileSync(join(dir, 'notes.txt'), 'not a program\n');
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("CLI exec: runs a big-endian MIPS program, family from the header; stdout and exit status are the guest's", () => {
    const result = runCli(['exec', join(dir, 'hello.be')]);
    expect(result.stdout).toBe('hi\n');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(42);
  });

  it('CLI exec: a guest fault prints cause, PC and address on one line and exits 128 + SIGSEGV', () => {
    const result = runCli(['exec', '--arch', 'mipsel', join(dir, 'crash.le')]);
    expect(result.status).toBe(139);
    expect(result.stderr).toBe(
      `chorus exec: ${join(dir, 'crash.le')}: guest fault: TLB miss/invalid on store at pc 0x00400000, address 0x00000000 (SIGSEGV)\n`,
    );
  });

  it("CLI exec: the guest reads the host's stdin", () => {
    const result = runCli(['exec', join(dir, 'echo.le')], 'piped in\n');
    expect([result.stdout, result.status]).toEqual(['piped in\n', 9]);
  });

  it('CLI exec: --max-cycles stops a program that never exits (exit status 1)', () => {
    const result = runCli(['exec', '--max-cycles', '100000', join(dir, 'spin.be')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^chorus exec: stopped at the cycle limit \(100000 cycles\)\n$/);
  });

  it("CLI exec: --bin serves a host directory as the guest's /bin (the userland sh runs a pipeline)", () => {
    const bin = join(REPO_ROOT, 'subsystems/mix/userland/bin/mips');
    const result = runCli(['exec', '--bin', bin, join(bin, 'sh'), '-c', 'echo piped | cat; exit 3']);
    expect([result.stdout, result.status]).toEqual(['piped\n', 3]);
  });

  const refusals: [string, () => string[], RegExp][] = [
    [
      'a file that is not ELF',
      () => ['exec', join(dir, 'notes.txt')],
      /notes\.txt: not an ELF file \(bad magic number\)/,
    ],
    [
      'another machine',
      () => ['exec', join(dir, 'arm.elf')],
      /arm\.elf: wrong machine: e_machine 40, expected 8/,
    ],
    [
      'the wrong byte order for --arch',
      () => ['exec', '--arch', 'mipsel', join(dir, 'hello.be')],
      /--arch mipsel does not match this big-endian MIPS executable/,
    ],
    ['a missing file', () => ['exec', join(dir, 'nothing.elf')], /cannot read .*nothing\.elf: ENOENT/],
  ];
  for (const [name, args, message] of refusals) {
    it(`CLI exec: ${name} is a usage error (exit 2, one line, no stack trace)`, () => {
      const result = runCli(args());
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });
  }
});

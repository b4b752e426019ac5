// The userland tree is complete without building anything: every guest test has its
// expected output (and the reverse), and every program and test has a committed binary for
// every family, so a source added without `npm run build:userland` is caught here, fast.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const USERLAND = resolve(import.meta.dirname, '../../../subsystems/mix/userland');
const FAMILIES = ['mips', 'mipsel', 'arm', 'ppc', 'sparc', 'x86'] as const;

const testFiles = readdirSync(join(USERLAND, 'tests'));
const testSources = testFiles.filter((f) => f.endsWith('.c')).map((f) => f.slice(0, -2));
const expectedOutputs = testFiles.filter((f) => f.endsWith('.expected')).map((f) => f.slice(0, -9));

const programEntries = readdirSync(join(USERLAND, 'programs'), { withFileTypes: true });
const programs = programEntries
  .filter((e) => (e.isFile() && e.name.endsWith('.c')) || e.isDirectory())
  .map((e) => (e.isFile() ? e.name.slice(0, -2) : e.name))
  .sort();

describe('USERLAND layout', () => {
  it('LAYOUT: every guest test source has a .expected file and every .expected a source', () => {
    expect(expectedOutputs.sort()).toEqual(testSources.sort());
  });

  it('LAYOUT: every guest test is built for every family (and armv7)', () => {
    const missing = [...FAMILIES, 'armv7'].flatMap((family) =>
      testSources
        .map((name) => `${family}/tests/${name}`)
        .filter((p) => !existsSync(join(USERLAND, 'bin', p))),
    );
    expect(missing).toEqual([]);
  });

  it('LAYOUT: every program is built for every family, with [ beside test', () => {
    expect(programs.length).toBeGreaterThan(0);
    const wanted = programs.includes('test') ? [...programs, '['] : programs;
    const missing = FAMILIES.flatMap((family) =>
      wanted.map((name) => `${family}/${name}`).filter((p) => !existsSync(join(USERLAND, 'bin', p))),
    );
    expect(missing).toEqual([]);
  });
});

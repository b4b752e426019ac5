// The committed userland binaries are reproducible: `make` with OUT/OBJ pointing at a
// temporary directory rebuilds every family, and each committed file under
// subsystems/mix/userland/bin/ must come out byte-identical (and nothing may be missing).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithOracles } from '../../support/oracles.ts';

const USERLAND = resolve(import.meta.dirname, '../../../subsystems/mix/userland');
const COMMITTED = join(USERLAND, 'bin');
const HINT = 'sources changed without their binaries: run `npm run build:userland` and commit bin/';

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(root, path));
    }
  };
  walk(root);
  return out.sort();
}

describeWithOracles(
  ['make', 'clang', 'ld.lld', 'llvm-ar', 'sparc64-linux-gnu-ld'],
  'USERLAND rebuild',
  () => {
    let scratch = '';
    let build: { status: number | null; output: string } = { status: null, output: '' };

    beforeAll(() => {
      scratch = mkdtempSync(join(tmpdir(), 'chorus-rebuild-'));
      const result = spawnSync(
        'make',
        ['-C', USERLAND, '-j2', `OUT=${join(scratch, 'bin')}`, `OBJ=${join(scratch, 'obj')}`],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      build = { status: result.status, output: `${result.stdout}\n${result.stderr}` };
    });

    afterAll(() => {
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    });

    it('USERLAND: make builds every family without errors', () => {
      expect(build.status, build.output.slice(-4000)).toBe(0);
    });

    it('USERLAND: the rebuild produces exactly the committed files', () => {
      expect(listFiles(join(scratch, 'bin')), HINT).toEqual(listFiles(COMMITTED));
    });

    it('USERLAND: every committed binary is byte-identical to its rebuild', () => {
      const differing = listFiles(COMMITTED).filter((file) => {
        const rebuilt = join(scratch, 'bin', file);
        try {
          return !readFileSync(rebuilt).equals(readFileSync(join(COMMITTED, file)));
        } catch {
          return true;
        }
      });
      expect(differing, HINT).toEqual([]);
    });

    it('USERLAND: the committed binaries stay small (static, stripped)', () => {
      const oversized = listFiles(COMMITTED).filter(
        (file) => statSync(join(COMMITTED, file)).size > 256 * 1024,
      );
      expect(oversized).toEqual([]);
    });
  },
);

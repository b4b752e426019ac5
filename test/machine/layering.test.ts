import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/run-cli.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('LAYERS: machine/ is a machine emulator that could boot anything', () => {
  it('LAYERS: no file under machine/ imports nucleus/, subsystems/ or src/', () => {
    const root = join(REPO_ROOT, 'machine');
    const offenders: string[] = [];
    for (const file of sources(root)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        const target = match[1]!;
        if (/(^|\/)(nucleus|subsystems|src)\//.test(target))
          offenders.push(`${relative(REPO_ROOT, file)} -> ${target}`);
      }
    }
    expect(offenders).toEqual([]);
    expect(sources(root).length).toBeGreaterThan(20);
  });
});

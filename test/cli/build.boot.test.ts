import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/run-cli.ts';

const pkg = JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as {
  version: string;
  bin: { chorus: string };
};

describe('BUILD: the package as installed', () => {
  it('BUILD: npm run build emits the bin named in package.json, and it runs', () => {
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(build.stderr.replace(/^npm warn.*\n/gm, '')).toBe('');
    expect(build.status).toBe(0);
    const run = spawnSync(process.execPath, [pkg.bin.chorus, '--version'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${pkg.version}\n`);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../support/run-cli.ts';

const version = (JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as { version: string }).version;

describe('CLI: the chorus command line', () => {
  it('CLI: --version prints the package version', () => {
    const result = runCli(['--version']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });

  it('CLI: --help lists the commands', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: chorus \[options\] \[command\]/);
    expect(result.stdout).toMatch(/\n {2}boot \[site\]/);
  });

  it('CLI: an unknown command exits 2 with one message line and the usage, no stack trace', () => {
    const result = runCli(['frobnicate']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      "error: unknown command 'frobnicate'",
      'Usage: chorus [options] [command]',
      "Run 'chorus --help' for more.",
      '',
    ]);
  });

  it('CLI: a bad option of a subcommand exits 2 with that subcommand usage', () => {
    const result = runCli(['boot', '--no-such-option']);
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')).toEqual([
      "error: unknown option '--no-such-option'",
      'Usage: chorus boot [options] [site]',
      "Run 'chorus boot --help' for more.",
      '',
    ]);
    expect(result.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });

  it('CLI: boot without a site boots the nucleus on the default board and runs the demonstration actors', () => {
    const result = runCli(['boot']);
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'Chorus nucleus 0.1 on site default',
      '  family mips (big-endian), 2 CPUs at 100 MHz, 64 MiB RAM, seed 1',
    ]);
    expect(lines).toContain('client: posted 6 jobs');
    expect(lines.filter((l) => / server\/w[12]: job \d done$/.test(l))).toHaveLength(6);
    expect(lines.some((l) => l.endsWith('client: all 6 jobs done'))).toBe(true);
    expect(lines.at(-2)).toMatch(
      /^-- site default stopped \(idle\) at cycle \d+; context switches per CPU \d+\/\d+$/,
    );
  });

  it('CLI: boot twice with the same seed prints the same console', () => {
    const first = runCli(['boot']);
    const second = runCli(['boot']);
    expect(first.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it('CLI: boot with a site file says site files are not supported yet and exits 2', () => {
    const result = runCli(['boot', 'site.yaml']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'chorus: cannot boot site.yaml: site files are not supported yet (README status table)\n',
    );
  });
});

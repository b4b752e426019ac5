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

  it('CLI: boot without a site builds the default board and lists its hardware', () => {
    const result = runCli(['boot']);
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`Chorus-in-TypeScript ${version}`);
    expect(lines[1]).toBe(
      'site default: mips (big-endian), 2 CPUs at 100 MHz, 64 MiB RAM at 0x00000000, seed 1',
    );
    expect(lines).toContain('  uart         console   at 0x1f001000, irq 0');
    expect(result.stdout).toContain('the nucleus is not, so there is no software to boot on it yet');
  });

  it('CLI: boot with a site file says site files are not supported yet and exits 2', () => {
    const result = runCli(['boot', 'site.yaml']);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'chorus: cannot boot site.yaml: site files are not supported yet (README status table)\n',
    );
  });
});

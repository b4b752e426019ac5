// IPC between guest code and native code (docs/abi.md, "Ports and IPC"): the C program
// test/nucleus/programs/rpc.c runs as a user actor on a 2-CPU MIPS site and calls a TypeScript
// server that declared its port under a well-known UI. Its messages cross through guest buffers
// in its address space; its error cases come back as Chorus codes, never as a host crash.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Capability, InitialActor } from '../../nucleus/index.ts';
import { api, K_NOTIMEOUT } from '../../nucleus/index.ts';
import { actor, boot } from './support.ts';

const ELF = new Uint8Array(readFileSync(new URL('./programs/rpc.mips', import.meta.url)));
const SERVER_STAMP = 4242;

/** The server of rpc.c's protocol: annex byte 0 is the operation (see rpc.c). */
function server(log: string[]): InitialActor {
  return {
    name: 'server',
    kind: 'system',
    threads: [
      {
        name: 'server',
        priority: 20,
        body: function* () {
          const self = yield* api.actorSelf();
          const ui = (yield* api.uiBuild(SERVER_STAMP)) as api.Ui;
          const port = (yield* api.portDeclare(self, ui)) as api.PortId;
          for (;;) {
            const r = yield* api.ipcReceive(port.li, K_NOTIMEOUT);
            if (typeof r === 'number') return;
            const op = String.fromCharCode(r.annex[0] ?? 0);
            log.push(op);
            if (op === 'e') {
              const body = r.body ?? new Uint8Array(0);
              yield* api.ipcReply({
                annex: new TextEncoder().encode(`len=${body.length}\0`),
                body: body.slice().reverse(),
              });
            } else if (op === 's') {
              yield* api.threadDelay(2000);
              yield* api.ipcReply({});
            } else if (op === 'p') {
              // The client's port UI, as <chorus.h> lays out a KnUniqueId: head, tail (big-endian).
              const view = new DataView(r.annex.buffer, r.annex.byteOffset);
              const head = view.getUint32(8);
              const target = {
                site: (head >>> 16) & 0xfff,
                epoch: head & 0xffff,
                serial: view.getUint32(12),
              };
              log.push(`post:${yield* api.ipcSend({ target }, { body: new TextEncoder().encode('hello') })}`);
              yield* api.ipcReply({});
            } else yield* api.ipcReply({});
          }
        },
      },
    ],
  };
}

function run(seed: number) {
  const log: string[] = [];
  const b = boot([server(log)], { cpus: 2, seed, userActors: [{ name: 'rpc', file: ELF, priority: 50 }] });
  const stop = b.run(200_000_000);
  return { stop, text: b.console(), log, site: b.site };
}

const EXPECTED = [
  'client: uiBuild 0',
  'client: 10 null calls, 10 replied',
  'client: 8 echo calls from 0 to 65536 bytes, 8 matched',
  'client: two threads made 40 calls, 40 matched',
  'client: call to a port nobody declared: -8',
  'client: call with a bad annex pointer: -3',
  'client: call with a 65537-byte body: -11',
  'client: reply body of 3000 bytes into a 100-byte buffer: -11 (size 3000)',
  'client: call timing out before a 2000 us reply: -6',
  'client: the next call gets its own reply: 0',
  'client: portCreate li 1, post call 0',
  'client: ipcReceive 0 from li 1, 5 bytes: hello',
  'client: ipcSysInfo 0, seqNum 1',
  'client: ipcReceive on an empty port: -6',
  'client: ipcReceive with a bad descriptor: -3',
  'client: done',
];

describe('IPC: a C client and a TypeScript server', () => {
  it('IPC: rpc.c calls a native server on a 2-CPU site: null, echo up to 64 KiB, two threads, every error case', () => {
    const { stop, text, log, site } = run(1);
    expect(stop.kind).toBe('idle');
    const lines = text.split('\n').filter((l) => l.startsWith('client:'));
    expect(lines).toEqual(EXPECTED);
    // The server saw every call that reached it, and the late reply of the 's' call was dropped.
    expect(log.filter((op) => op === 'e').length).toBe(8 + 40 + 1);
    expect(log).toContain('post:0');
    expect(site.nucleus.ipc.stats.lateReplies).toBe(1);
    expect(site.nucleus.faults).toEqual([]);
  });

  it('IPC: the same seed gives the same console and the same machine event hash', () => {
    const a = run(5);
    const b = run(5);
    expect(a.text).toBe(b.text);
    expect(a.site.board.machine.eventHash).toBe(b.site.board.machine.eventHash);
  });

  it('IPC: a user actor may not declare a well-known port (K_EPRIV through the native API too)', () => {
    const seen: unknown[] = [];
    boot([
      actor('maker', [
        {
          name: 'maker',
          priority: 10,
          body: function* () {
            const user = (yield* api.actorCreate('user', 'u')) as Capability;
            yield* api.threadCreate(user, 'u', 10, function* () {
              const ui = (yield* api.uiBuild(7)) as api.Ui;
              seen.push(yield* api.portDeclare(user, ui));
            });
          },
        },
      ]),
    ]).run(10_000_000);
    expect(seen).toEqual([-4]);
  });
});

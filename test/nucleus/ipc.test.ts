// Nucleus IPC from native threads on a booted two-CPU MIPS site (docs/ipc.md): ports, messages,
// the enabled set, RPC and each of its error cases, groups and their modes, migration,
// ipcSave/ipcRestore and ipcForward. Threads share UIs through test variables, as actors would
// through a name server.
import { describe, expect, it } from 'vitest';
import type { Capability, InitialThread } from '../../nucleus/index.ts';
import {
  api,
  K_EABORT,
  K_EBUSY,
  K_EFULL,
  K_EINVAL,
  K_ENOPORT,
  K_EPRIV,
  K_ETIMEOUT,
  K_ETOOMUCH,
  K_EUNKNOWN,
  K_NOBLOCK,
  K_NOTIMEOUT,
  K_OK,
} from '../../nucleus/index.ts';
import { actor, boot } from './support.ts';

type Ui = api.Ui;
type Received = api.ReceivedMessage;

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (b: Uint8Array | undefined) => (b === undefined ? '<none>' : new TextDecoder().decode(b));
const isMessage = (r: unknown): r is Received => typeof r === 'object' && r !== null && 'annex' in r;
/** What a receive or call gave: the annex and body as text, or the error code. */
const shown = (r: Received | number) => (isMessage(r) ? `${text(r.annex)}|${text(r.body)}` : r);

function* newPort(): Generator<api.Request, api.PortId, unknown> {
  const self = yield* api.actorSelf();
  return (yield* api.portCreate(self)) as api.PortId;
}

function run(threads: InitialThread[], more: InitialThread[] = [], cpus = 2) {
  const b = boot([actor('a', threads), ...(more.length > 0 ? [actor('b', more)] : [])], { cpus });
  const stop = b.run();
  expect(stop.kind).toBe('idle');
  return b;
}

describe('IPC: ports and messages', () => {
  it('IPC: portCreate gives an LI and a UI; portUi/portLi translate; errors for bad actor and LI', () => {
    const seen: unknown[] = [];
    run([
      {
        name: 't',
        priority: 10,
        body: function* () {
          const self = yield* api.actorSelf();
          const p = (yield* api.portCreate(self)) as api.PortId;
          const q = (yield* api.portCreate(self)) as api.PortId;
          seen.push(p.li, q.li, (yield* api.portUi(self, q.li)) as Ui, q.ui);
          seen.push(yield* api.portLi(p.ui));
          const bogus: Capability = { ...self, key: self.key ^ 1 };
          seen.push(yield* api.portCreate(bogus), yield* api.portUi(self, 99));
          seen.push(
            yield* api.portDelete(self, p.li),
            yield* api.portLi(p.ui),
            yield* api.portDelete(self, p.li),
          );
        },
      },
    ]);
    expect(seen.slice(0, 2)).toEqual([1, 2]);
    expect(seen[2]).toEqual(seen[3]);
    expect(seen.slice(4)).toEqual([1, K_EUNKNOWN, K_EINVAL, K_OK, K_EUNKNOWN, K_EINVAL]);
  });

  it('IPC: messages arrive whole and in order with sequence numbers; polling an empty port is K_ETIMEOUT', () => {
    const seen: unknown[] = [];
    run([
      {
        name: 't',
        priority: 10,
        body: function* () {
          const p = yield* newPort();
          seen.push(yield* api.ipcReceive(p.li, K_NOBLOCK));
          for (const word of ['one', 'two', 'three'])
            seen.push(
              yield* api.ipcSend({ target: p.ui }, { annex: bytes(word), body: bytes(word.toUpperCase()) }),
            );
          for (let i = 0; i < 3; i++) {
            const r = (yield* api.ipcReceive(p.li, K_NOTIMEOUT)) as Received;
            seen.push(`${shown(r)}#${r.seqNum}`);
          }
          const t0 = yield* api.sysTime();
          seen.push(yield* api.ipcReceive(p.li, 300), (yield* api.sysTime()) - t0 >= 300);
        },
      },
    ]);
    expect(seen).toEqual([
      K_ETIMEOUT,
      K_OK,
      K_OK,
      K_OK,
      'one|ONE#1',
      'two|TWO#2',
      'three|THREE#3',
      K_ETIMEOUT,
      true,
    ]);
  });

  it('IPC: an annex over 120 bytes or a body over 64 KiB is K_ETOOMUCH; a full queue is K_EFULL; unknown UI is K_ENOPORT', () => {
    const seen: unknown[] = [];
    run([
      {
        name: 't',
        priority: 10,
        body: function* () {
          const p = yield* newPort();
          const dest = { target: p.ui };
          seen.push(yield* api.ipcSend(dest, { annex: new Uint8Array(121) }));
          seen.push(yield* api.ipcSend(dest, { body: new Uint8Array(65537) }));
          seen.push(yield* api.ipcSend(dest, { annex: new Uint8Array(120), body: new Uint8Array(65536) }));
          let sent = 1;
          while ((yield* api.ipcSend(dest, {})) === K_OK) sent++;
          seen.push(sent, yield* api.ipcSend(dest, {}));
          seen.push(yield* api.ipcSend({ target: { ...p.ui, serial: 9999 } }, {}));
          seen.push(yield* api.ipcSend({ target: p.ui }, { annex: 'text' as never }));
        },
      },
    ]);
    expect(seen).toEqual([K_ETOOMUCH, K_ETOOMUCH, K_OK, 64, K_EFULL, K_ENOPORT, K_EINVAL]);
  });

  it('IPC: a message goes to the most urgent blocked receiver, FIFO among equals, across CPUs', () => {
    const got: string[] = [];
    let port: api.PortId | undefined;
    // Each receiver blocks at its own time (after the port exists), so FIFO order is known.
    const receiver = (name: string, priority: number, after: number): InitialThread => ({
      name,
      priority,
      body: function* () {
        yield* api.threadDelay(after);
        const r = (yield* api.ipcReceive(port!.li, K_NOTIMEOUT)) as Received;
        got.push(`${name}:${text(r.annex)}`);
      },
    });
    run([
      {
        name: 'owner',
        priority: 5,
        body: function* () {
          port = yield* newPort();
          yield* api.threadDelay(200); // every receiver is blocked by then
          for (const m of ['m1', 'm2', 'm3', 'm4'])
            yield* api.ipcSend({ target: port.ui }, { annex: bytes(m) });
        },
      },
      receiver('low', 40, 10),
      receiver('high-second', 20, 40),
      receiver('high-first', 20, 20),
      receiver('mid', 30, 30),
    ]);
    expect(got.sort()).toEqual(['high-first:m1', 'high-second:m2', 'low:m4', 'mid:m3']);
  });

  it('IPC: K_ANYENABLED takes from the most urgent enabled port; disabled ports are skipped; enabling hands queued messages over', () => {
    const seen: unknown[] = [];
    run([
      {
        name: 't',
        priority: 10,
        body: function* () {
          const self = yield* api.actorSelf();
          const a = yield* newPort();
          const b = yield* newPort();
          const c = yield* newPort();
          yield* api.portEnable(self, a.li, 5);
          yield* api.portEnable(self, b.li, 1);
          for (const [p, m] of [
            [a, 'a1'],
            [b, 'b1'],
            [c, 'c1'],
            [a, 'a2'],
          ] as const)
            yield* api.ipcSend({ target: p.ui }, { annex: bytes(m) });
          for (let i = 0; i < 3; i++) {
            const r = yield* api.ipcReceive(api.K_ANYENABLED, K_NOBLOCK);
            seen.push(isMessage(r) ? `${text(r.annex)}@${r.port}` : r);
          }
          yield* api.portDisable(self, a.li);
          seen.push(yield* api.portEnable(self, c.li, 3));
          seen.push(shown(yield* api.ipcReceive(api.K_ANYENABLED, K_NOBLOCK)));
        },
      },
    ]);
    expect(seen).toEqual(['b1@2', 'a1@1', 'a2@1', K_OK, 'c1|']);
  });

  it('IPC: a body left in the nucleus is fetched once with ipcGetData; ipcSysInfo gives the header', () => {
    const seen: unknown[] = [];
    run([
      {
        name: 't',
        priority: 10,
        body: function* () {
          const p = yield* newPort();
          const src = yield* newPort();
          yield* api.ipcSend({ target: p.ui }, { annex: bytes('hdr'), body: bytes('payload') }, src.li);
          const r = (yield* api.ipcReceive(p.li, K_NOBLOCK, { leaveBody: true })) as Received;
          seen.push(text(r.annex), r.body, r.bodySize);
          const info = (yield* api.ipcSysInfo()) as api.MessageInfo;
          seen.push(info.srcPort, src.ui, info.transId, info.seqNum);
          seen.push(text((yield* api.ipcGetData()) as Uint8Array), yield* api.ipcGetData());
        },
      },
    ]);
    expect(seen[0]).toBe('hdr');
    expect(seen[1]).toBeUndefined();
    expect(seen[2]).toBe(7);
    expect(seen[3]).toEqual(seen[4]);
    expect(seen.slice(5)).toEqual([0, 1, 'payload', K_EINVAL]);
  });
});

/** A server on a port of its own: replies to each request with "re:<annex>" until `count` done. */
function server(
  share: { port?: api.PortId },
  count: number,
  options: { priority?: number; work?: number } = {},
): InitialThread {
  return {
    name: 'server',
    priority: options.priority ?? 20,
    body: function* () {
      share.port = yield* newPort();
      for (let i = 0; i < count; i++) {
        const r = yield* api.ipcReceive(share.port.li, K_NOTIMEOUT);
        if (!isMessage(r)) return;
        if (options.work !== undefined) yield* api.threadDelay(options.work);
        yield* api.ipcReply({
          annex: bytes(`re:${text(r.annex)}`),
          ...(r.body === undefined ? {} : { body: r.body }),
        });
      }
    },
  };
}

describe('IPC: RPC', () => {
  it('IPC: ipcCall gets its own reply, across CPUs; the server sees the transaction id and source port', () => {
    const share: { port?: api.PortId } = {};
    const seen: unknown[] = [];
    const infos: unknown[] = [];
    run(
      [
        {
          name: 'client',
          priority: 30,
          body: function* () {
            yield* api.threadDelay(20);
            const src = yield* newPort();
            for (const word of ['a', 'bb', 'ccc'])
              seen.push(
                shown(
                  yield* api.ipcCall(
                    { target: share.port!.ui },
                    { annex: bytes(word), body: bytes(word) },
                    1000,
                    { srcLi: src.li },
                  ),
                ),
              );
            seen.push(src.ui);
          },
        },
      ],
      [
        {
          name: 'server',
          priority: 20,
          body: function* () {
            share.port = yield* newPort();
            for (let i = 0; i < 3; i++) {
              const r = yield* api.ipcReceive(share.port.li, K_NOTIMEOUT);
              const info = (yield* api.ipcSysInfo()) as api.MessageInfo;
              infos.push([info.transId > 0, info.srcPort]);
              yield* api.ipcReply({ annex: bytes(`re:${text((r as Received).annex)}`) });
            }
            infos.push(yield* api.ipcReply({}));
          },
        },
      ],
    );
    expect(seen.slice(0, 3)).toEqual(['re:a|', 're:bb|', 're:ccc|']);
    expect(infos.slice(0, 3)).toEqual([0, 1, 2].map(() => [true, seen[3]]));
    expect(infos[3]).toBe(K_EINVAL); // no current message after a reply
  });

  it('IPC: a call that times out gets K_ETIMEOUT; the late reply is dropped and the next call gets its own reply', () => {
    const share: { port?: api.PortId } = {};
    const seen: unknown[] = [];
    const b = run(
      [
        {
          name: 'client',
          priority: 30,
          body: function* () {
            yield* api.threadDelay(20);
            const dest = { target: share.port!.ui };
            seen.push(shown(yield* api.ipcCall(dest, { annex: bytes('slow') }, 100)));
            seen.push(shown(yield* api.ipcCall(dest, { annex: bytes('next') }, 10_000)));
          },
        },
      ],
      [server(share, 2, { work: 500 })],
    );
    expect(seen).toEqual([K_ETIMEOUT, 're:next|']);
    expect(b.site.nucleus.ipc.stats.lateReplies).toBe(1);
  });

  it('IPC: a request still queued when its call times out is withdrawn and never served', () => {
    const share: { port?: api.PortId } = {};
    const served: string[] = [];
    const seen: unknown[] = [];
    run(
      [
        {
          name: 'client',
          priority: 30,
          body: function* () {
            yield* api.threadDelay(20);
            seen.push(yield* api.ipcCall({ target: share.port!.ui }, { annex: bytes('withdrawn') }, 50));
          },
        },
      ],
      [
        {
          name: 'server',
          priority: 20,
          body: function* () {
            share.port = yield* newPort();
            yield* api.threadDelay(500); // not receiving while the call waits
            const r = yield* api.ipcReceive(share.port.li, K_NOBLOCK);
            served.push(isMessage(r) ? text(r.annex) : String(r));
          },
        },
      ],
    );
    expect(seen).toEqual([K_ETIMEOUT]);
    expect(served).toEqual([String(K_ETIMEOUT)]);
  });

  it('IPC: aborting an abortable call gives K_EABORT and aborts the serving thread; a non-abortable call waits for its reply', () => {
    const share: { port?: api.PortId } = {};
    const seen: unknown[] = [];
    const serverSaw: unknown[] = [];
    let client = 0;
    run(
      [
        {
          name: 'client',
          priority: 30,
          body: function* () {
            client = yield* api.threadSelf();
            yield* api.threadDelay(20);
            const dest = { target: share.port!.ui };
            seen.push(
              shown(
                yield* api.ipcCall(dest, { annex: bytes('abortable') }, K_NOTIMEOUT, { abortable: true }),
              ),
            );
            seen.push(shown(yield* api.ipcCall(dest, { annex: bytes('plain') }, K_NOTIMEOUT)));
            seen.push(yield* api.threadAborted()); // the abort stayed pending: marked ABORTED
          },
        },
        {
          name: 'aborter',
          priority: 25,
          body: function* () {
            yield* api.threadDelay(100);
            yield* api.threadAbort(client);
            yield* api.threadDelay(100); // the plain call is being served now
            yield* api.threadAbort(client);
          },
        },
      ],
      [
        {
          name: 'server',
          priority: 20,
          body: function* () {
            share.port = yield* newPort();
            for (let i = 0; i < 2; i++) {
              const r = (yield* api.ipcReceive(share.port.li, K_NOTIMEOUT)) as Received;
              serverSaw.push(text(r.annex), yield* api.threadDelay(300));
              serverSaw.push(yield* api.ipcReply({ annex: bytes('done') }));
            }
          },
        },
      ],
    );
    expect(seen).toEqual([K_EABORT, 'done|', 1]);
    expect(serverSaw).toEqual(['abortable', K_EABORT, K_OK, 'plain', K_OK, K_OK]);
  });

  it('IPC: deleting a port fails its queued calls and blocked receivers with K_ENOPORT; calls to it after are K_ENOPORT', () => {
    const queued: { port?: api.PortId } = {};
    const waited: { port?: api.PortId } = {};
    const seen = new Map<string, unknown>();
    run(
      [
        {
          name: 'client',
          priority: 30,
          body: function* () {
            yield* api.threadDelay(20);
            seen.set('call', yield* api.ipcCall({ target: queued.port!.ui }, {}, K_NOTIMEOUT));
            seen.set('again', yield* api.ipcCall({ target: queued.port!.ui }, {}, K_NOTIMEOUT));
          },
        },
        {
          name: 'foreign',
          priority: 30,
          body: function* () {
            yield* api.threadDelay(20);
            // An LI means a port of the caller's own actor: this actor has none.
            seen.set('foreign', yield* api.ipcReceive(queued.port!.li, K_NOBLOCK));
          },
        },
      ],
      [
        {
          name: 'owner',
          priority: 20,
          body: function* () {
            const self = yield* api.actorSelf();
            queued.port = yield* newPort();
            waited.port = yield* newPort();
            yield* api.threadDelay(200);
            seen.set('delete', [
              yield* api.portDelete(self, queued.port.li),
              yield* api.portDelete(self, waited.port.li),
            ]);
          },
        },
        {
          name: 'waiter',
          priority: 20,
          body: function* () {
            yield* api.threadDelay(10);
            seen.set('waiter', yield* api.ipcReceive(waited.port!.li, K_NOTIMEOUT));
          },
        },
      ],
    );
    expect(Object.fromEntries(seen)).toEqual({
      foreign: K_EINVAL,
      delete: [K_OK, K_OK],
      call: K_ENOPORT,
      waiter: K_ENOPORT,
      again: K_ENOPORT,
    });
  });

  it('IPC: deleting the server actor while it serves a call ends the call with K_ENOPORT', () => {
    const share: { port?: api.PortId; actor?: Capability } = {};
    const seen: unknown[] = [];
    run(
      [
        {
          name: 'client',
          priority: 30,
          body: function* () {
            yield* api.threadDelay(20);
            seen.push(yield* api.ipcCall({ target: share.port!.ui }, {}, K_NOTIMEOUT));
          },
        },
        {
          name: 'killer',
          priority: 30,
          body: function* () {
            yield* api.threadDelay(200);
            seen.push(yield* api.actorDelete(share.actor!));
          },
        },
      ],
      [
        {
          name: 'server',
          priority: 20,
          body: function* () {
            share.actor = yield* api.actorSelf();
            share.port = yield* newPort();
            yield* api.ipcReceive(share.port.li, K_NOTIMEOUT);
            yield* api.threadDelay(K_NOTIMEOUT); // never replies
          },
        },
      ],
    );
    expect(seen.sort()).toEqual([K_ENOPORT, K_OK].sort());
  });

  it('IPC: a server that moves on to another message without replying fails the first call with K_EABORT', () => {
    const share: { port?: api.PortId } = {};
    const seen: unknown[] = [];
    run(
      [
        {
          name: 'c1',
          priority: 30,
          body: function* () {
            yield* api.threadDelay(20);
            seen.push([
              'c1',
              yield* api.ipcCall({ target: share.port!.ui }, { annex: bytes('1') }, K_NOTIMEOUT),
            ]);
          },
        },
        {
          name: 'c2',
          priority: 30,
          body: function* () {
            yield* api.threadDelay(40);
            seen.push([
              'c2',
              shown(yield* api.ipcCall({ target: share.port!.ui }, { annex: bytes('2') }, K_NOTIMEOUT)),
            ]);
          },
        },
      ],
      [
        {
          name: 'server',
          priority: 20,
          body: function* () {
            share.port = yield* newPort();
            yield* api.ipcReceive(share.port.li, K_NOTIMEOUT);
            yield* api.ipcReceive(share.port.li, K_NOTIMEOUT);
            yield* api.ipcReply({ annex: bytes('two') });
          },
        },
      ],
    );
    expect(seen).toEqual([
      ['c1', K_EABORT],
      ['c2', 'two|'],
    ]);
  });

  it('IPC: ipcSave and ipcRestore let a server answer calls out of order; each caller gets its own reply', () => {
    const share: { port?: api.PortId } = {};
    const seen: string[] = [];
    const caller = (name: string, after: number): InitialThread => ({
      name,
      priority: 30,
      body: function* () {
        yield* api.threadDelay(after);
        seen.push(
          `${name}:${shown(yield* api.ipcCall({ target: share.port!.ui }, { annex: bytes(name) }, K_NOTIMEOUT))}`,
        );
      },
    });
    const ids: unknown[] = [];
    run(
      [caller('first', 20), caller('second', 40)],
      [
        {
          name: 'server',
          priority: 20,
          body: function* () {
            share.port = yield* newPort();
            yield* api.ipcReceive(share.port.li, K_NOTIMEOUT);
            const id = yield* api.ipcSave();
            ids.push(id, yield* api.ipcReply({}));
            yield* api.ipcReceive(share.port.li, K_NOTIMEOUT);
            yield* api.ipcReply({ annex: bytes('for-second') });
            ids.push(yield* api.ipcRestore(id), yield* api.ipcRestore(id));
            yield* api.ipcReply({ annex: bytes('for-first') });
          },
        },
      ],
    );
    expect(seen).toEqual(['second:for-second|', 'first:for-first|']);
    expect(ids).toEqual([1, K_EINVAL, K_OK, K_EINVAL]);
  });

  it('IPC: ipcForward hands a request to another server, whose reply answers the original caller', () => {
    const front: { port?: api.PortId } = {};
    const back: { port?: api.PortId } = {};
    const seen: unknown[] = [];
    run(
      [
        {
          name: 'client',
          priority: 30,
          body: function* () {
            yield* api.threadDelay(20);
            seen.push(
              shown(yield* api.ipcCall({ target: front.port!.ui }, { annex: bytes('req') }, K_NOTIMEOUT)),
            );
          },
        },
        {
          name: 'front',
          priority: 20,
          body: function* () {
            front.port = yield* newPort();
            yield* api.ipcReceive(front.port.li, K_NOTIMEOUT);
            seen.push(yield* api.ipcForward({ target: back.port!.ui }), yield* api.ipcReply({}));
          },
        },
      ],
      [server(back, 1)],
    );
    expect(seen).toEqual([K_OK, K_EINVAL, 're:req|']);
  });

  it('IPC: ipcReply to a message sent with a source port goes to that port', () => {
    const seen: unknown[] = [];
    run([
      {
        name: 't',
        priority: 10,
        body: function* () {
          const p = yield* newPort();
          const back = yield* newPort();
          yield* api.ipcSend({ target: p.ui }, { annex: bytes('ping') }, back.li);
          yield* api.ipcReceive(p.li, K_NOBLOCK);
          seen.push(yield* api.ipcReply({ annex: bytes('pong') }));
          seen.push(shown(yield* api.ipcReceive(back.li, K_NOBLOCK)));
          yield* api.ipcSend({ target: p.ui }, {});
          yield* api.ipcReceive(p.li, K_NOBLOCK);
          seen.push(yield* api.ipcReply({}));
        },
      },
    ]);
    expect(seen).toEqual([K_OK, 'pong|', K_EINVAL]);
  });
});

describe('IPC: groups and migration', () => {
  it('IPC: broadcast reaches every member; functional mode picks one member in turn; ipcCall refuses broadcast', () => {
    const seen: unknown[] = [];
    run([
      {
        name: 't',
        priority: 10,
        body: function* () {
          const group = (yield* api.grpAllocate('dynamic')) as Capability;
          const members = [yield* newPort(), yield* newPort(), yield* newPort()];
          for (const p of members) seen.push(yield* api.grpPortInsert(group, p.ui));
          seen.push(yield* api.grpPortInsert(group, members[0]!.ui)); // already a member: fine
          seen.push(yield* api.ipcSend({ target: group }, { annex: bytes('all') }));
          for (const p of members) seen.push(shown(yield* api.ipcReceive(p.li, K_NOBLOCK)));
          const functional = api.ipcTarget(group, api.K_FUNCMODE);
          for (let i = 0; i < 4; i++) yield* api.ipcSend({ target: functional }, { annex: bytes(`f${i}`) });
          for (const p of members) {
            const got: string[] = [];
            for (;;) {
              const r = yield* api.ipcReceive(p.li, K_NOBLOCK);
              if (!isMessage(r)) break;
              got.push(text(r.annex));
            }
            seen.push(got.join(','));
          }
          seen.push(yield* api.ipcCall({ target: group }, {}, 100));
        },
      },
    ]);
    expect(seen).toEqual([
      K_OK,
      K_OK,
      K_OK,
      K_OK,
      K_OK,
      'all|',
      'all|',
      'all|',
      'f0,f3',
      'f1',
      'f2',
      K_EINVAL,
    ]);
  });

  it('IPC: associative mode reaches a member on the coTarget site, exclusive mode one elsewhere (none on a one-site network)', () => {
    const seen: unknown[] = [];
    run([
      {
        name: 't',
        priority: 10,
        body: function* () {
          const group = (yield* api.grpAllocate('dynamic')) as Capability;
          const p = yield* newPort();
          yield* api.grpPortInsert(group, p.ui);
          const here = yield* api.uiLocalSite();
          const elsewhere = { ...here, site: here.site + 1 };
          seen.push(
            yield* api.ipcSend({ target: api.ipcTarget(group, api.K_FUNCUMODE), coTarget: here }, {}),
          );
          seen.push(
            yield* api.ipcSend({ target: api.ipcTarget(group, api.K_FUNCUMODE), coTarget: p.ui }, {}),
          );
          seen.push(
            yield* api.ipcSend({ target: api.ipcTarget(group, api.K_FUNCUMODE), coTarget: elsewhere }, {}),
          );
          seen.push(
            yield* api.ipcSend({ target: api.ipcTarget(group, api.K_FUNCXMODE), coTarget: here }, {}),
          );
          seen.push(
            yield* api.ipcSend({ target: api.ipcTarget(group, api.K_FUNCXMODE), coTarget: elsewhere }, {}),
          );
          seen.push(yield* api.ipcSend({ target: api.ipcTarget(group, api.K_FUNCUMODE) }, {}));
          let count = 0;
          while (isMessage(yield* api.ipcReceive(p.li, K_NOBLOCK))) count++;
          seen.push(count);
        },
      },
    ]);
    expect(seen).toEqual([K_OK, K_OK, K_ENOPORT, K_ENOPORT, K_OK, K_EINVAL, 3]);
  });

  it('IPC: group capabilities are checked; static groups have one owner; system groups are for trusted actors', () => {
    const seen: unknown[] = [];
    run([
      {
        name: 't',
        priority: 10,
        body: function* () {
          const group = (yield* api.grpAllocate('dynamic')) as Capability;
          const p = yield* newPort();
          seen.push(yield* api.grpPortInsert({ ...group, key: group.key ^ 1 }, p.ui));
          seen.push(yield* api.grpPortRemove(group, p.ui));
          const stat = (yield* api.grpAllocate('user', 42)) as Capability;
          seen.push(
            stat.epoch,
            stat.serial,
            yield* api.grpAllocate('user', 42),
            yield* api.grpAllocate('user', 0),
          );
          seen.push(yield* api.grpAllocate('bogus' as never));
          // A user actor may not allocate a static system group.
          const user = (yield* api.actorCreate('user', 'u')) as Capability;
          yield* api.threadCreate(user, 'ut', 10, function* () {
            seen.push(yield* api.grpAllocate('system', 7));
          });
          yield* api.threadDelay(50);
        },
      },
    ]);
    expect(seen).toEqual([K_EUNKNOWN, K_EINVAL, 0, 42, K_EBUSY, K_EINVAL, K_EINVAL, K_EPRIV]);
  });

  it('IPC: a migrated port keeps its UI and groups, arrives disabled with its queue; senders keep using the UI', () => {
    const seen: unknown[] = [];
    const share: { from?: Capability; to?: Capability; port?: api.PortId; group?: Capability } = {};
    run(
      [
        {
          name: 'old-owner',
          priority: 10,
          body: function* () {
            share.from = yield* api.actorSelf();
            share.port = yield* newPort();
            share.group = (yield* api.grpAllocate('dynamic')) as Capability;
            yield* api.grpPortInsert(share.group, share.port.ui);
            yield* api.portEnable(share.from, share.port.li, 0);
            for (const m of ['q1', 'q2']) yield* api.ipcSend({ target: share.port.ui }, { annex: bytes(m) });
            yield* api.ipcReceive(share.port.li, K_NOBLOCK); // one received here: seqNum 1
            yield* api.threadDelay(50);
            const moved = (yield* api.portMigrate(share.from, share.port.li, share.to!, true)) as {
              li: number;
              seqNum: number;
            };
            seen.push(moved.seqNum, yield* api.portLi(share.port.ui));
            yield* api.ipcSend({ target: share.port.ui }, { annex: bytes('after') });
            yield* api.ipcSend(
              { target: api.ipcTarget(share.group, api.K_FUNCMODE) },
              { annex: bytes('via-group') },
            );
          },
        },
      ],
      [
        {
          name: 'new-owner',
          priority: 20,
          body: function* () {
            share.to = yield* api.actorSelf();
            yield* api.threadDelay(100);
            const li = yield* api.portLi(share.port!.ui);
            seen.push(li > 0, yield* api.ipcReceive(api.K_ANYENABLED, K_NOBLOCK)); // disabled on arrival
            for (let i = 0; i < 3; i++) {
              const r = (yield* api.ipcReceive(li, K_NOBLOCK)) as Received;
              seen.push(`${text(r.annex)}#${r.seqNum}`);
            }
          },
        },
      ],
    );
    expect(seen).toEqual([2, K_EUNKNOWN, true, K_ETIMEOUT, 'q2#1', 'after#2', 'via-group#3']);
  });

  it('IPC: migrating without messages ends queued calls with K_EABORT and wakes receivers in the old actor with K_ENOPORT', () => {
    const seen = new Map<string, unknown>();
    const share: { from?: Capability; to?: Capability; called?: api.PortId; waited?: api.PortId } = {};
    run(
      [
        {
          name: 'owner',
          priority: 10,
          body: function* () {
            share.from = yield* api.actorSelf();
            share.called = yield* newPort();
            share.waited = yield* newPort();
            yield* api.threadDelay(100);
            const self = share.from;
            seen.set('default', yield* api.portMigrate(self, api.K_DEFAULTPORT, share.to!, false));
            for (const p of [share.called, share.waited])
              seen.set(`migrate${p.li}`, typeof (yield* api.portMigrate(self, p.li, share.to!, false)));
          },
        },
        {
          name: 'receiver',
          priority: 10,
          body: function* () {
            yield* api.threadDelay(10);
            seen.set('receiver', yield* api.ipcReceive(share.waited!.li, K_NOTIMEOUT));
          },
        },
      ],
      [
        {
          name: 'client',
          priority: 20,
          body: function* () {
            share.to = yield* api.actorSelf();
            yield* api.threadDelay(20);
            seen.set('call', yield* api.ipcCall({ target: share.called!.ui }, {}, K_NOTIMEOUT));
          },
        },
      ],
    );
    expect(Object.fromEntries(seen)).toEqual({
      default: K_EINVAL,
      migrate1: 'object',
      migrate2: 'object',
      receiver: K_ENOPORT,
      call: K_EABORT,
    });
  });
});

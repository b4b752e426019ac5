// The nucleus <-> mapper protocol (nucleus/vm/mapper-protocol.ts), the default mapper
// (nucleus/vm/default-mapper.ts) and the MIPS block driver under it (nucleus/hal/mips/block.ts):
// encodings against fixed bytes and round trips, malformed input, and native client threads
// talking to the default mapper by ipcCall, with pages in host memory and on the disk.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../machine/index.ts';
import type { InitialActor, InitialThread, Site } from '../../nucleus/index.ts';
import {
  api,
  bootSite,
  K_EABORT,
  K_EINVAL,
  K_ENOMEM,
  K_ENOPORT,
  K_EUNKNOWN,
  K_OK,
  runSite,
} from '../../nucleus/index.ts';
import type { DefaultMapperOptions, DefaultMapperProbe } from '../../nucleus/vm/default-mapper.ts';
import { DEFAULT_MAPPER_STAMP, defaultMapperActor } from '../../nucleus/vm/default-mapper.ts';
import type { PulledIn, SegmentCap } from '../../nucleus/vm/mapper-protocol.ts';
import {
  decodeAccessReply,
  decodeCreateReply,
  decodeDoneReply,
  decodePullInReply,
  decodeRequest,
  encodeAccessReply,
  encodeCreate,
  encodeCreateReply,
  encodeDoneReply,
  encodeError,
  encodeGetAccess,
  encodePullIn,
  encodePushOut,
  encodeRelease,
  MAPPER_PAGE,
  mpCreate,
  mpGetAccess,
  mpPullIn,
  mpPushOut,
  mpRelease,
  serveMapper,
} from '../../nucleus/vm/mapper-protocol.ts';
import { DEFAULT_BOARD } from '../../src/site/default-site.ts';

const PAGE = MAPPER_PAGE;
const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const pageIndex = fc.integer({ min: 0, max: 0xffff });
const access = fc.constantFrom(1, 2, 3);

/** A page whose bytes depend on `seed` everywhere, so two seeds never give the same page. */
function pattern(seed: number, pages = 1): Uint8Array {
  const bytes = new Uint8Array(pages * PAGE);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (seed * 131 + i * 7 + (i >> 8)) & 0xff;
  return bytes;
}

const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);
const isZero = (a: Uint8Array) => a.every((v) => v === 0);

describe('MAPPER: protocol encodings', () => {
  it('MAPPER: requests are big-endian words, service first', () => {
    expect([...encodeCreate(5, 0x0102_0304)]).toEqual([0, 0, 0, 1, 0, 0, 0, 5, 1, 2, 3, 4]);
    expect([...encodePullIn(0xdead_beef, 0x2000, 0x1000, 3)]).toEqual([
      0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef, 0, 0, 0x20, 0, 0, 0, 0x10, 0, 0, 0, 0, 3,
    ]);
    expect([...encodeRelease(7)]).toEqual([0, 0, 0, 5, 0, 0, 0, 7]);
    expect([...encodeError(K_EUNKNOWN)]).toEqual([0xff, 0xff, 0xff, 0xfe]);
  });

  it('MAPPER: every request decodes to what was encoded', () => {
    fc.assert(
      fc.property(
        u32,
        u32,
        u32,
        pageIndex,
        fc.integer({ min: 1, max: 16 }),
        access,
        (a, b, key, first, pages, acc) => {
          const offset = first * PAGE;
          const size = pages * PAGE;
          expect(decodeRequest(encodeCreate(a, b), undefined)).toEqual({
            service: 'MpCreate',
            options: a,
            sizeHint: b,
          });
          const range = { segkey: key, offset, size, access: acc };
          expect(decodeRequest(encodeGetAccess(key, offset, size, acc), undefined)).toEqual({
            service: 'MpGetAccess',
            ...range,
          });
          expect(decodeRequest(encodePullIn(key, offset, size, acc), undefined)).toEqual({
            service: 'MpPullIn',
            ...range,
          });
          const data = new Uint8Array(size);
          const pushOut = decodeRequest(encodePushOut(key, offset, size), data);
          expect(pushOut).toMatchObject({ service: 'MpPushOut', segkey: key, offset, size });
          expect(typeof pushOut === 'object' && pushOut.service === 'MpPushOut' && pushOut.data).toBe(data);
          expect(decodeRequest(encodeRelease(key), undefined)).toEqual({ service: 'MpRelease', segkey: key });
        },
      ),
    );
  });

  it('MAPPER: replies decode to what was encoded; a negative diag comes back as the error', () => {
    fc.assert(
      fc.property(
        u32,
        access,
        fc.integer({ min: 0, max: 2 * PAGE }),
        fc.integer({ min: -12, max: -1 }),
        (key, acc, n, diag) => {
          expect(decodeCreateReply(encodeCreateReply(key))).toEqual({ segkey: key });
          expect(decodeAccessReply(encodeAccessReply(acc))).toBe(acc);
          const body = new Uint8Array(n);
          const pulled = decodePullInReply(encodeAccessReply(acc), body, 2 * PAGE);
          expect(typeof pulled === 'object' && pulled.access).toBe(acc);
          expect(typeof pulled === 'object' && pulled.data).toBe(body);
          expect(decodeDoneReply(encodeDoneReply())).toBe(K_OK);
          for (const decoded of [
            decodeCreateReply(encodeError(diag)),
            decodeAccessReply(encodeError(diag)),
            decodePullInReply(encodeError(diag), undefined, PAGE),
            decodeDoneReply(encodeError(diag)),
          ])
            expect(decoded).toBe(diag);
        },
      ),
    );
  });

  it('MAPPER: short or malformed requests and replies are K_EINVAL, never an exception', () => {
    const bad: [Uint8Array, Uint8Array | undefined][] = [
      [new Uint8Array(0), undefined],
      [new Uint8Array(3), undefined],
      [encodeCreate(1, 2).subarray(0, 8), undefined],
      [encodePullIn(1, 0, PAGE, 1).subarray(0, 16), undefined],
      [encodeRelease(1).subarray(0, 7), undefined],
      [encodePullIn(1, 100, PAGE, 1), undefined], // offset not page-aligned
      [encodeGetAccess(1, 0, 100, 1), undefined], // size not page-aligned
      [encodeGetAccess(1, 0, 0, 1), undefined], // empty range
      [encodeGetAccess(1, 0xffff_f000, 2 * PAGE, 1), undefined], // past 4 GiB
      [encodePullIn(1, 0, PAGE, 0), undefined], // no access
      [encodePullIn(1, 0, PAGE, 4), undefined], // unknown access bit
      [encodePushOut(1, 0, PAGE), new Uint8Array(PAGE - 1)], // body not `size` bytes
      [encodePushOut(1, 0, PAGE), undefined],
      [new Uint8Array([0, 0, 0, 6, 0, 0, 0, 0]), undefined], // unknown service
      [new Uint8Array([0, 0, 0, 0]), undefined],
    ];
    for (const [annex, body] of bad) expect(decodeRequest(annex, body)).toBe(K_EINVAL);
    expect(decodeCreateReply(new Uint8Array([0, 0, 0, 0]))).toBe(K_EINVAL);
    expect(decodeCreateReply(new Uint8Array([0, 0, 0, 1, 0, 0, 0, 1]))).toBe(K_EINVAL); // positive diag
    expect(decodeAccessReply(encodeAccessReply(8))).toBe(K_EINVAL);
    expect(decodeDoneReply(new Uint8Array(2))).toBe(K_EINVAL);
    expect(decodePullInReply(encodeAccessReply(1), new Uint8Array(PAGE + 1), PAGE)).toBe(K_EINVAL);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.option(fc.uint8Array({ maxLength: 64 })),
        (annex, body) => {
          const r = decodeRequest(annex, body ?? undefined);
          if (typeof r === 'number') expect(r).toBe(K_EINVAL);
          else expect(['MpCreate', 'MpGetAccess', 'MpPullIn', 'MpPushOut', 'MpRelease']).toContain(r.service);
          for (const d of [decodeCreateReply(annex), decodeAccessReply(annex), decodeDoneReply(annex)])
            expect(typeof d === 'number' ? d <= 0 : typeof d.segkey === 'number').toBe(true);
        },
      ),
    );
  });
});

// --- a site with the default mapper and a client ---

interface MapperSite {
  readonly site: Site;
  readonly probe: DefaultMapperProbe;
  readonly console: () => string;
}

/**
 * Boots the default board (its disk cut to `diskSectors` when given) with the default mapper
 * and `client` in another actor, runs it until idle and returns it.
 */
function runWithMapper(
  mapper: Omit<DefaultMapperOptions, 'site'>,
  client: InitialThread['body'],
  diskSectors?: number,
): MapperSite {
  const devices = DEFAULT_BOARD.devices.map((d) =>
    d.kind === 'block' && diskSectors !== undefined
      ? { ...d, image: { kind: 'blank' as const, sectors: diskSectors } }
      : d,
  );
  const board = buildBoard({ ...DEFAULT_BOARD, devices }, { seed: 3 });
  let text = '';
  board.uart('console').onOutput = (bytes) => {
    text += Buffer.from(bytes).toString('utf8');
  };
  const probe: DefaultMapperProbe = { state: undefined };
  let site: Site | undefined;
  const actors: InitialActor[] = [
    defaultMapperActor({ ...mapper, site: () => site!.nucleus }, probe),
    { name: 'client', kind: 'system', threads: [{ name: 'client', priority: 30, body: client }] },
  ];
  site = bootSite(board, { seed: 3, actors });
  const stop = runSite(site, 400_000_000);
  expect(stop.kind).toBe('idle');
  return { site, probe, console: () => text };
}

type Gen<T> = Generator<api.Request, T, unknown>;

/** MpCreate at the default mapper, waiting for it to declare its port first. */
function* create(): Gen<SegmentCap> {
  const ui = (yield* api.uiBuild(DEFAULT_MAPPER_STAMP)) as api.Ui;
  for (;;) {
    const seg = yield* mpCreate(ui);
    if (seg !== K_ENOPORT) {
      if (typeof seg === 'number') throw new Error(`MpCreate: ${seg}`);
      return seg;
    }
    yield* api.threadDelay(100);
  }
}

function* pull(seg: SegmentCap, page: number, pages = 1): Gen<Uint8Array | number> {
  const r: PulledIn | number = yield* mpPullIn(seg, page * PAGE, pages * PAGE, 1);
  return typeof r === 'number' ? r : r.data;
}

describe('MAPPER: the default mapper in host memory', () => {
  it('MAPPER: pages pushed out come back byte for byte; never-written pages are zeroes (empty body)', () => {
    const seen: unknown[] = [];
    const b = runWithMapper({}, function* () {
      const seg = yield* create();
      const other = yield* create();
      seen.push(seg.key !== other.key);
      for (let p = 0; p < 4; p++) seen.push(yield* mpPushOut(seg, p * PAGE, pattern(p)));
      seen.push(yield* mpPushOut(seg, 10 * PAGE, pattern(10, 2))); // two pages at once
      seen.push(yield* mpPushOut(other, 0, pattern(99)));
      for (let p = 3; p >= 0; p--) seen.push(equalBytes((yield* pull(seg, p)) as Uint8Array, pattern(p)));
      seen.push(equalBytes((yield* pull(seg, 10, 2)) as Uint8Array, pattern(10, 2)));
      seen.push(equalBytes((yield* pull(other, 0)) as Uint8Array, pattern(99)));
      seen.push(((yield* pull(seg, 5)) as Uint8Array).length); // never written: no data
      // A range with a hole: the hole is zeroes, and the body stops at the last stored page.
      const range = (yield* pull(seg, 2, 10)) as Uint8Array;
      seen.push(range.length / PAGE, equalBytes(range.subarray(0, 2 * PAGE), concat(pattern(2), pattern(3))));
      seen.push(
        isZero(range.subarray(2 * PAGE, 8 * PAGE)),
        equalBytes(range.subarray(8 * PAGE), pattern(10, 2)),
      );
      // Overwriting a page replaces it.
      seen.push(
        yield* mpPushOut(seg, PAGE, pattern(50)),
        equalBytes((yield* pull(seg, 1)) as Uint8Array, pattern(50)),
      );
      seen.push(yield* mpGetAccess(seg, 0, PAGE, 3), yield* mpGetAccess(seg, 0, PAGE, 1));
    });
    expect(seen).toEqual([
      true,
      K_OK,
      K_OK,
      K_OK,
      K_OK,
      K_OK,
      K_OK,
      true,
      true,
      true,
      true,
      true,
      true,
      0,
      10,
      true,
      true,
      true,
      K_OK,
      true,
      3,
      1,
    ]);
    expect(b.console()).toContain('default mapper: pages in memory, 1024 pages');
  });

  it('MAPPER: an unknown or released segkey is K_EUNKNOWN; malformed requests are K_EINVAL; the budget gives K_ENOMEM', () => {
    const seen: unknown[] = [];
    const b = runWithMapper({ memoryPages: 3 }, function* () {
      const seg = yield* create();
      const bogus = { ...seg, key: (seg.key + 1000) >>> 0 };
      seen.push(
        yield* mpPushOut(bogus, 0, pattern(1)),
        yield* pull(bogus, 0),
        yield* mpGetAccess(bogus, 0, PAGE, 1),
        yield* mpRelease(bogus),
      );
      seen.push(yield* mpPushOut(seg, 0, pattern(1, 3)), yield* mpPushOut(seg, 3 * PAGE, pattern(4)));
      seen.push(yield* mpPushOut(seg, 0, pattern(7))); // an existing page needs no new room
      seen.push(yield* mpRelease(seg), yield* pull(seg, 0), yield* mpRelease(seg));
      const again = yield* create();
      seen.push(yield* mpPushOut(again, 0, pattern(2, 3)));
      // Malformed requests straight through ipcCall: diag K_EINVAL.
      const ui = (yield* api.uiBuild(DEFAULT_MAPPER_STAMP)) as api.Ui;
      for (const annex of [
        new Uint8Array(2),
        new Uint8Array([0, 0, 0, 9]),
        encodePullIn(again.key, 1, PAGE, 1),
      ]) {
        const r = yield* api.ipcCall({ target: ui }, { annex }, -1);
        seen.push(typeof r === 'number' ? r : decodeDoneReply(r.annex));
      }
      seen.push(yield* pull(again, 0, 17)); // more than one 64 KiB body
    });
    expect(seen).toEqual([
      K_EUNKNOWN,
      K_EUNKNOWN,
      K_EUNKNOWN,
      K_EUNKNOWN,
      K_OK,
      K_ENOMEM,
      K_OK,
      K_OK,
      K_EUNKNOWN,
      K_EUNKNOWN,
      K_OK,
      K_EINVAL,
      K_EINVAL,
      K_EINVAL,
      K_EINVAL,
    ]);
    expect(b.probe.state?.store.used).toBe(3);
    expect(b.probe.state?.segments.size).toBe(1);
  });
});

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('MAPPER: the default mapper swapping on disk0', () => {
  it('MAPPER: pages go to the disk in 8-sector slots and come back byte for byte', () => {
    const seen: unknown[] = [];
    const b = runWithMapper({ swap: 'disk0' }, function* () {
      const seg = yield* create();
      for (let p = 0; p < 6; p++) seen.push(yield* mpPushOut(seg, p * 3 * PAGE, pattern(p)));
      for (let p = 5; p >= 0; p--) seen.push(equalBytes((yield* pull(seg, p * 3)) as Uint8Array, pattern(p)));
      seen.push(((yield* pull(seg, 1)) as Uint8Array).length);
    });
    expect(seen).toEqual([K_OK, K_OK, K_OK, K_OK, K_OK, K_OK, true, true, true, true, true, true, 0]);
    expect(b.console()).toContain('default mapper: swap on disk0, 1024 pages');
    const disk = b.site.board.block('disk0');
    const stats = disk.stats();
    expect(stats.writes).toBe(6);
    expect(stats.sectorsWritten).toBe(48);
    expect(stats.reads).toBe(6);
    expect(stats.sectorsRead).toBe(48);
    // Slots are taken in order: page p of the segment sits in slot p, sectors 8p..8p+7.
    for (let p = 0; p < 6; p++) {
      const onDisk = new Uint8Array(PAGE);
      disk.backing.read(8 * p, onDisk);
      expect(equalBytes(onDisk, pattern(p))).toBe(true);
    }
    expect(b.probe.state?.store.used).toBe(6);
  });

  it('MAPPER: released slots are reused; a full disk is K_ENOMEM; contents stay right across rounds', () => {
    const seen: unknown[] = [];
    // 16 slots of 8 sectors.
    const b = runWithMapper(
      { swap: 'disk0' },
      function* () {
        let round = 0;
        for (; round < 4; round++) {
          const seg = yield* create();
          const scratch = yield* create();
          let ok = 0;
          for (let p = 0; p < 12; p++)
            if ((yield* mpPushOut(seg, p * PAGE, pattern(round * 100 + p))) === K_OK) ok++;
          for (let p = 0; p < 4; p++) if ((yield* mpPushOut(scratch, p * PAGE, pattern(7))) === K_OK) ok++;
          seen.push(ok, yield* mpPushOut(scratch, 4 * PAGE, pattern(8))); // the 17th page: disk full
          let same = 0;
          for (let p = 11; p >= 0; p--)
            if (equalBytes((yield* pull(seg, p)) as Uint8Array, pattern(round * 100 + p))) same++;
          seen.push(same, yield* mpRelease(scratch), yield* mpRelease(seg));
        }
      },
      16 * 8,
    );
    expect(seen).toEqual(Array.from({ length: 4 }, () => [16, K_ENOMEM, 12, K_OK, K_OK]).flat());
    expect(b.probe.state?.store.used).toBe(0);
    expect(b.site.board.block('disk0').stats().sectorsWritten).toBe(4 * 16 * 8);
  });
});

describe('MAPPER: serveMapper', () => {
  it('MAPPER: a service without a handler is K_EINVAL; a short PullIn body arrives as sent', () => {
    const seen: unknown[] = [];
    let port: api.Ui | undefined;
    const server: InitialActor = {
      name: 'tiny-mapper',
      kind: 'system',
      threads: [
        {
          name: 'serve',
          priority: 10,
          body: function* () {
            const self = yield* api.actorSelf();
            const p = (yield* api.portCreate(self)) as api.PortId;
            port = p.ui;
            return yield* serveMapper(p.li, {
              MpPullIn(r) {
                return { access: r.access & 1, data: new Uint8Array(100).fill(r.segkey & 0xff) };
              },
            });
          },
        },
      ],
    };
    const client: InitialActor = {
      name: 'client',
      kind: 'system',
      threads: [
        {
          name: 'client',
          priority: 30,
          body: function* () {
            while (port === undefined) yield* api.threadDelay(50);
            const seg = { ...port, key: 0x42 };
            const r = (yield* mpPullIn(seg, 0, PAGE, 3)) as PulledIn;
            seen.push(r.access, r.data.length, r.data[99]);
            seen.push(yield* mpCreate(port), yield* mpGetAccess(seg, 0, PAGE, 1), yield* mpRelease(seg));
            seen.push(yield* mpPushOut(seg, 0, new Uint8Array(PAGE)));
          },
        },
      ],
    };
    const board = buildBoard(DEFAULT_BOARD, { seed: 1 });
    const site = bootSite(board, { seed: 1, actors: [server, client] });
    expect(runSite(site, 50_000_000).kind).toBe('idle');
    expect(seen).toEqual([1, 100, 0x42, K_EINVAL, K_EINVAL, K_EINVAL, K_EINVAL]);
  });
});

describe('BLOCK: the MIPS block driver through HalPort', () => {
  it('BLOCK: transfers queue behind the one in flight, complete in order from the interrupt and wake the waiting thread; invalid ones are refused', () => {
    const seen: unknown[] = [];
    let site: Site | undefined;
    const body = function* (): Gen<void> {
      const n = site!.nucleus;
      const hal = n.hal;
      seen.push(hal.blockDevices());
      const out = n.frames.allocate();
      const back = n.frames.allocate();
      const source = pattern(5);
      for (let i = 0; i < PAGE; i++) hal.physical.write8(out + i, source[i]!);
      const sem = (yield* api.semInit(0)) as Parameters<typeof n.semPost>[0];
      const order: string[] = [];
      const done = (name: string) => (ok: boolean) => {
        order.push(`${name}:${ok}`);
        n.semPost(sem);
      };
      const ram = site!.board.description.ram;
      seen.push(
        hal.blockIo('disk0', true, 16, 8, out, done('write')),
        hal.blockIo('disk0', true, 400, 1, out, done('one')),
        hal.blockIo('disk0', false, 16, 8, back, done('read')),
        hal.blockIo('disk0', false, 8190, 8, back, done('past the end')),
        hal.blockIo('disk0', false, 0, 0, back, done('no sectors')),
        hal.blockIo('disk0', false, 0, 257, back, done('too many')),
        hal.blockIo('disk0', false, 0, 1, back + 2, done('unaligned')),
        hal.blockIo('disk0', false, 0, 8, ram.base + ram.size - 512, done('not in RAM')),
        hal.blockIo('disk1', false, 0, 1, back, done('no such disk')),
      );
      for (let i = 0; i < 3; i++) seen.push(yield* api.semP(sem, -1));
      seen.push(order);
      let same = true;
      for (let i = 0; i < PAGE; i++) if (hal.physical.read8(back + i) !== source[i]) same = false;
      seen.push(same);
    };
    const board = buildBoard(DEFAULT_BOARD, { seed: 2 });
    site = bootSite(board, {
      seed: 2,
      actors: [{ name: 'io', kind: 'system', threads: [{ name: 'io', priority: 10, body }] }],
    });
    expect(runSite(site, 100_000_000).kind).toBe('idle');
    expect(seen).toEqual([
      [{ name: 'disk0', sectors: 8192, sectorSize: 512 }],
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      K_OK,
      K_OK,
      K_OK,
      ['write:true', 'one:true', 'read:true'],
      true,
    ]);
    const onDisk = new Uint8Array(PAGE);
    board.block('disk0').backing.read(16, onDisk);
    expect(equalBytes(onDisk, pattern(5))).toBe(true);
    expect(board.block('disk0').stats()).toMatchObject({
      writes: 2,
      reads: 1,
      sectorsWritten: 9,
      sectorsRead: 8,
    });
  });
});

describe('MAPPER: aborts', () => {
  it('MAPPER: an aborted PushOut ends K_EABORT for the caller; the mapper finishes the transfer it started and goes on serving', () => {
    const seen: unknown[] = [];
    let clientLi = 0;
    const b = runWithMapper({ swap: 'disk0' }, function* () {
      const seg = yield* create();
      clientLi = yield* api.threadSelf();
      const self = yield* api.actorSelf();
      yield* api.threadCreate(self, 'aborter', 25, function* () {
        yield* api.threadDelay(20);
        seen.push(yield* api.threadAbort(clientLi));
      });
      seen.push(yield* mpPushOut(seg, 0, pattern(1)));
      yield* api.threadDelay(20_000); // the mapper's transfer ends meanwhile
      seen.push(equalBytes((yield* pull(seg, 0)) as Uint8Array, pattern(1)));
      seen.push(
        yield* mpPushOut(seg, PAGE, pattern(2)),
        equalBytes((yield* pull(seg, 1)) as Uint8Array, pattern(2)),
      );
    });
    expect(seen).toEqual([K_OK, K_EABORT, true, K_OK, true]);
    expect(b.site.board.block('disk0').stats()).toMatchObject({ writes: 2, reads: 2 });
    expect(b.site.nucleus.ipc.stats.lateReplies).toBe(1);
  });
});

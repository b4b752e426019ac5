// Segments through the site's local cache (docs/vm.md): sgRead and sgWrite go through the same
// cache as the mappings of the segment, pages come from the mapper once (MpPullIn), and dirty
// pages go back to it (MpPushOut) when their frames are needed.
import { describe, expect, it } from 'vitest';
import { buildBoard } from '../../machine/index.ts';
import type { Capability, InitialThread } from '../../nucleus/index.ts';
import { api, bootSite, K_OK, runSite } from '../../nucleus/index.ts';
import { MP_READ, MP_WRITE, serveMapper } from '../../nucleus/vm/mapper-protocol.ts';
import { DEFAULT_BOARD } from '../../src/site/default-site.ts';

const STAMP = 4300;
const KEY = 9;
const PAGES = 8;

/** A mapper keeping segment KEY in host memory; page i starts as bytes (i * 16 + j) & 0xff. */
function mapper(log: string[], store: Uint8Array[], readOnlyPull = false): InitialThread {
  for (let i = 0; i < PAGES; i++)
    store.push(Uint8Array.from({ length: 4096 }, (_, j) => (i * 16 + j) & 0xff));
  return {
    name: 'mapper',
    priority: 10,
    body: function* () {
      const self = yield* api.actorSelf();
      const port = (yield* api.portDeclare(self, (yield* api.uiBuild(STAMP)) as api.Ui)) as api.PortId;
      return yield* serveMapper(port.li, {
        MpPullIn: (r) => {
          const index = r.offset / 4096;
          log.push(`pull ${index}`);
          if (r.segkey !== KEY || index >= PAGES) return -1;
          return { access: readOnlyPull ? MP_READ : MP_READ | MP_WRITE, data: store[index]!.slice() };
        },
        MpGetAccess: (r) => {
          log.push(`access ${r.offset / 4096}`);
          return MP_READ | MP_WRITE;
        },
        MpPushOut: (r) => {
          const index = r.offset / 4096;
          log.push(`push ${index}`);
          store[index] = r.data.slice(0, 4096);
          return K_OK;
        },
      });
    },
  };
}

function run(client: InitialThread, pageFrames?: number, readOnlyPull = false) {
  const board = buildBoard(DEFAULT_BOARD, { seed: 1 });
  const log: string[] = [];
  const store: Uint8Array[] = [];
  const site = bootSite(board, {
    seed: 1,
    ...(pageFrames === undefined ? {} : { pageFrames }),
    actors: [
      { name: 'mapper', kind: 'system', threads: [mapper(log, store, readOnlyPull)] },
      { name: 'client', kind: 'system', threads: [client] },
    ],
  });
  expect(runSite(site, 500_000_000).kind).toBe('idle');
  return { log, store, site };
}

function* segment(): Generator<api.Request, Capability, unknown> {
  const ui = (yield* api.uiBuild(STAMP)) as api.Ui;
  return { ...ui, key: KEY };
}

describe('VM: segments through the local cache', () => {
  it('VM: sgRead pulls each page once from the mapper; a later read is served by the cache', () => {
    const seen: unknown[] = [];
    const r = run({
      name: 'client',
      priority: 20,
      body: function* () {
        yield* api.threadDelay(50);
        const seg = yield* segment();
        const a = (yield* api.sgRead(seg, 4096 + 10, 8000)) as Uint8Array;
        seen.push(a.length, a[0], a[4086], a[4087]);
        const b = (yield* api.sgRead(seg, 4096 + 10, 100)) as Uint8Array;
        seen.push(b[0]);
        seen.push(yield* api.sgRead({ ...seg, key: 99 }, 0, 10));
      },
    });
    // a[4086] and a[4087] are the first two bytes of page 2.
    expect(seen).toEqual([8000, (16 + 10) & 0xff, 32, 33, (16 + 10) & 0xff, -1]);
    expect(r.log).toEqual(['pull 1', 'pull 2', 'pull 0']);
  });

  it('VM: sgWrite and a mapping of the segment see the same bytes (one cache per segment)', () => {
    const seen: unknown[] = [];
    let start = 0;
    const r = run({
      name: 'client',
      priority: 20,
      body: function* () {
        yield* api.threadDelay(50);
        const seg = yield* segment();
        const self = yield* api.actorSelf();
        const desc = { start: 0, size: 2 * 4096, options: api.K_ANYWHERE | api.K_WRITABLE };
        start = yield* api.rgnMap(self, desc, seg, 4096);
        seen.push(yield* api.sgWrite(seg, 4096 + 100, new TextEncoder().encode('written by sgWrite')));
      },
    });
    expect(seen).toEqual([K_OK]);
    // What the mapping shows at that place (as a load by a thread of the actor would see it).
    const n = r.site.nucleus;
    const space = [...n.actors.values()].find((a) => a.name === 'client')!.space!;
    const at = n.vm.resolve(space, start + 100, false);
    if (at.kind !== 'mapped') throw new Error(`not mapped: ${at.kind}`);
    const bytes = Array.from({ length: 18 }, (_, i) => n.hal.physical.read8(at.pa + i));
    expect(new TextDecoder().decode(Uint8Array.from(bytes))).toBe('written by sgWrite');
    expect(r.log).toEqual(['pull 1']);
  });

  it('VM: with few frames, dirty cache pages go back to the mapper by MpPushOut and come back changed', () => {
    const seen: unknown[] = [];
    const r = run(
      {
        name: 'client',
        priority: 20,
        body: function* () {
          yield* api.threadDelay(50);
          const seg = yield* segment();
          for (let i = 0; i < PAGES; i++) yield* api.sgWrite(seg, i * 4096, Uint8Array.of(0xa0 + i));
          let ok = 0;
          for (let i = 0; i < PAGES; i++) {
            const b = (yield* api.sgRead(seg, i * 4096, 2)) as Uint8Array;
            if (b[0] === 0xa0 + i && b[1] === (i * 16 + 1) % 256) ok++;
          }
          seen.push(ok);
        },
      },
      4,
    );
    expect(seen).toEqual([PAGES]);
    expect(r.log.filter((l) => l.startsWith('push')).length).toBeGreaterThan(0);
    expect(r.store.filter((p, i) => p[0] === 0xa0 + i).length).toBeGreaterThan(0);
  });

  it('VM: writing a page the mapper gave read-only asks for write access (MpGetAccess), not for the data again', () => {
    const seen: unknown[] = [];
    const r = run(
      {
        name: 'client',
        priority: 20,
        body: function* () {
          yield* api.threadDelay(50);
          const seg = yield* segment();
          seen.push(((yield* api.sgRead(seg, 0, 4)) as Uint8Array)[1]);
          seen.push(yield* api.sgWrite(seg, 1, Uint8Array.of(0xee)));
          seen.push(((yield* api.sgRead(seg, 0, 4)) as Uint8Array)[1]);
        },
      },
      undefined,
      true,
    );
    expect(seen).toEqual([1, K_OK, 0xee]);
    expect(r.log).toEqual(['pull 0', 'access 0']);
  });
});

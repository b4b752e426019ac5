// Model-based test of the region calls (nucleus/vm/calls.ts; reference §2.5, §4.4): fast-check
// generates a list of commands on up to three user actors (rgnAllocate fixed, K_ANYWHERE or
// K_RESTRICTIVE; rgnFree, rgnSetProtect and rgnSetInherit over any range; rgnDup into a fresh
// actor; rgnMapFromActor and rgnInitFromActor; byte stores and loads); one native driver thread
// on a booted site runs them one at a time and compares each result with an interval model.
//
// The model keeps, per actor, its regions in address order (start, pages, protection,
// inheritance), split at the edges of every free, protect and inherit range and never merged
// (the nucleus never merges), and one "cell" per mapped page holding the bytes written to it. A
// copy (rgnDup of a K_INHERITCOPY region) gives the new actor a clone of each cell; a share
// (K_INHERITSHARE) gives it the same cell, so writes on either side are seen by both.
//
// Loads and stores go the way a guest's would: through the translation the space already has
// (the MMU), and only when that is missing or read-only through `n.vm.resolve` (the page fault).
// So a translation left writable over a page that is shared copy-on-write shows up as a wrong
// byte. After each step the pages written so far are read back in every actor mapping them, and
// the translations are checked directly: each lies in a region, a writable one is over a
// writable region and an anonymous page no one else holds, and two translations to one frame
// map the same model cell unless both are read-only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Capability, Nucleus } from '../../nucleus/index.ts';
import { api, codeName, K_EINVAL, K_ENOMEM, K_OK } from '../../nucleus/index.ts';
import type { AddressSpace } from '../../nucleus/vm/space.ts';
import { actor, boot } from './support.ts';

const PAGE = 4096;
const W = api.K_WRITABLE;
const X = api.K_EXECUTABLE;
/** Actor slots; slot 0 exists from the start, the others are made by Dup. */
const SLOTS = 3;
/** Commands address pages [BASE, BASE + WINDOW); K_ANYWHERE starts looking at BASE too. */
const BASE = 0x1000_0000 / PAGE;
const WINDOW = 20;
const USER_END = 0x8000_0000 / PAGE;

// --- commands ---

type Placement =
  | { readonly kind: 'fixed'; readonly page: number }
  | { readonly kind: 'anywhere' }
  /** K_RESTRICTIVE within pages [page, page + span). */
  | { readonly kind: 'within'; readonly page: number; readonly span: number };

/**
 * A byte size: `pages` pages less `trim` bytes (sizes are rounded up to pages; pages 0 gives
 * size 0, which every call refuses).
 */
interface Size {
  readonly pages: number;
  readonly trim: number;
}

type Command =
  | {
      readonly op: 'allocate';
      readonly slot: number;
      readonly at: Placement;
      readonly size: Size;
      readonly protection: number;
      readonly share: boolean;
    }
  | { readonly op: 'free'; readonly slot: number; readonly page: number; readonly size: Size }
  | {
      readonly op: 'protect';
      readonly slot: number;
      readonly page: number;
      readonly size: Size;
      readonly protection: number;
    }
  | {
      readonly op: 'inherit';
      readonly slot: number;
      readonly page: number;
      readonly size: Size;
      readonly share: boolean;
    }
  /**
   * Deletes the actor in slot `to` if there is one, makes a fresh one there and rgnDup's into
   * it; into the source itself it is rgnDup(a, a), K_EINVAL.
   */
  | { readonly op: 'dup'; readonly slot: number; readonly to: number }
  /** rgnMapFromActor (share) or rgnInitFromActor (copy) into `slot` of pages of actor `from`. */
  | {
      readonly op: 'mapFrom' | 'initFrom';
      readonly slot: number;
      readonly from: number;
      readonly page: number;
      readonly size: Size;
      readonly at: Placement;
      readonly protection: number;
      readonly share: boolean;
    }
  | {
      readonly op: 'write';
      readonly slot: number;
      readonly page: number;
      readonly offset: number;
      readonly value: number;
    }
  | { readonly op: 'read'; readonly slot: number; readonly page: number; readonly offset: number };

const bytesOf = (s: Size) => (s.pages === 0 ? 0 : s.pages * PAGE - s.trim);
const pagesOf = (s: Size) => Math.ceil(bytesOf(s) / PAGE);

const slot = fc.nat(SLOTS - 1);
const page = fc.nat(WINDOW - 1);
const size = fc.record({
  pages: fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 12, arbitrary: fc.integer({ min: 1, max: 5 }) },
  ),
  trim: fc.constantFrom(0, 0, 1, 2048, 4095),
});
const protection = fc.constantFrom(0, W, W, W | X, X);
const placement: fc.Arbitrary<Placement> = fc.oneof(
  { weight: 4, arbitrary: page.map((p): Placement => ({ kind: 'fixed', page: p })) },
  { weight: 3, arbitrary: fc.constant<Placement>({ kind: 'anywhere' }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(page, fc.integer({ min: 1, max: 8 }))
      .map(([p, span]): Placement => ({ kind: 'within', page: p, span })),
  },
);
/** Where in a page bytes are written and read back. */
const OFFSETS = [0, 1, 2, 100, 4095];
const offset = fc.constantFrom(...OFFSETS);

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record({ slot, at: placement, size, protection, share: fc.boolean() })
      .map((c): Command => ({ op: 'allocate', ...c })),
  },
  { weight: 2, arbitrary: fc.record({ slot, page, size }).map((c): Command => ({ op: 'free', ...c })) },
  {
    weight: 2,
    arbitrary: fc.record({ slot, page, size, protection }).map((c): Command => ({ op: 'protect', ...c })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ slot, page, size, share: fc.boolean() })
      .map((c): Command => ({ op: 'inherit', ...c })),
  },
  { weight: 2, arbitrary: fc.record({ slot, to: slot }).map((c): Command => ({ op: 'dup', ...c })) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        op: fc.constantFrom('mapFrom' as const, 'initFrom' as const),
        slot,
        from: slot,
        page,
        size,
        at: placement,
        protection,
        share: fc.boolean(),
      })
      .map((c): Command => c),
  },
  {
    weight: 6,
    arbitrary: fc
      .record({ slot, page, offset, value: fc.integer({ min: 1, max: 255 }) })
      .map((c): Command => ({ op: 'write', ...c })),
  },
  { weight: 5, arbitrary: fc.record({ slot, page, offset }).map((c): Command => ({ op: 'read', ...c })) },
);

// --- the model ---

interface ModelRegion {
  start: number;
  pages: number;
  protection: number;
  share: boolean;
}

/** What one page holds; shared between actors by K_INHERITSHARE, cloned by K_INHERITCOPY. */
interface Cell {
  readonly bytes: Map<number, number>;
}

interface ModelActor {
  /** In address order, never overlapping. */
  readonly regions: ModelRegion[];
  /** Virtual page -> its cell, for every page of every region. */
  readonly cells: Map<number, Cell>;
}

type Model = (ModelActor | undefined)[];

const newActor = (): ModelActor => ({ regions: [], cells: new Map() });

/** The slot a command acts on: `slot` among the live ones (slot 0 is always live). */
function liveSlot(m: Model, slot: number): number {
  const live = m.flatMap((a, i) => (a === undefined ? [] : [i]));
  return live[slot % live.length]!;
}

function regionAt(a: ModelActor, vpn: number): ModelRegion | undefined {
  return a.regions.find((r) => vpn >= r.start && vpn < r.start + r.pages);
}

const isFree = (a: ModelActor, from: number, to: number) =>
  a.regions.every((r) => r.start + r.pages <= from || r.start >= to);

/** Cuts regions so that none straddles `from` or `to`; returns those inside [from, to). */
function split(a: ModelActor, from: number, to: number): ModelRegion[] {
  for (const edge of [from, to]) {
    const r = regionAt(a, edge);
    if (r === undefined || r.start === edge) continue;
    const tail = { ...r, start: edge, pages: r.start + r.pages - edge };
    r.pages = edge - r.start;
    a.regions.splice(a.regions.indexOf(r) + 1, 0, tail);
  }
  return a.regions.filter((r) => r.start >= from && r.start + r.pages <= to);
}

/** The lowest free run of `pages` pages in [from, to), or K_ENOMEM. */
function lowestFree(a: ModelActor, pages: number, from: number, to: number): number {
  for (let at = from; at + pages <= to; at++) if (isFree(a, at, at + pages)) return at;
  return K_ENOMEM;
}

/** Where a new region of `pages` pages goes, or the error. */
function place(a: ModelActor, at: Placement, pages: number): number {
  if (pages === 0) return K_EINVAL;
  switch (at.kind) {
    case 'fixed': {
      const start = BASE + at.page;
      return isFree(a, start, start + pages) ? start : K_EINVAL;
    }
    case 'anywhere':
      return lowestFree(a, pages, BASE, USER_END);
    case 'within':
      return lowestFree(a, pages, BASE + at.page, BASE + at.page + at.span);
  }
}

/** The descriptor of a new region at `at` (start, size, options; end for K_RESTRICTIVE). */
function descOf(at: Placement, size: Size, protection: number, share: boolean): api.RegionDesc {
  const options =
    protection |
    (share ? api.K_INHERITSHARE : 0) |
    (at.kind === 'fixed' ? 0 : api.K_ANYWHERE) |
    (at.kind === 'within' ? api.K_RESTRICTIVE : 0);
  const start = at.kind === 'anywhere' ? 0 : (BASE + at.page) * PAGE;
  return at.kind === 'within'
    ? { start, size: bytesOf(size), options, end: (BASE + at.page + at.span) * PAGE }
    : { start, size: bytesOf(size), options };
}

/**
 * The parts of `a`'s regions over pages [from, to), cut to the range (the actor's own regions
 * are left whole), or undefined when the range has a hole.
 */
function covered(a: ModelActor, from: number, to: number): ModelRegion[] | undefined {
  const parts: ModelRegion[] = [];
  for (let at = from; at < to; ) {
    const r = regionAt(a, at);
    if (r === undefined) return undefined;
    const end = Math.min(to, r.start + r.pages);
    parts.push({ ...r, start: at, pages: end - at });
    at = end;
  }
  return parts;
}

const show = (r: number) => (r <= 0 ? codeName(r) : `0x${r.toString(16)}`);

/** What the model says command `c` returns; updates the model. */
function expected(m: Model, c: Command): string {
  const a = m[liveSlot(m, c.slot)]!;
  switch (c.op) {
    case 'allocate': {
      const start = place(a, c.at, pagesOf(c.size));
      if (start < 0) return show(start);
      const r = { start, pages: pagesOf(c.size), protection: c.protection, share: c.share };
      a.regions.push(r);
      a.regions.sort((x, y) => x.start - y.start);
      for (let p = start; p < start + r.pages; p++) a.cells.set(p, { bytes: new Map() });
      return show(start * PAGE);
    }
    case 'free':
    case 'protect':
    case 'inherit': {
      if (pagesOf(c.size) === 0) return show(K_EINVAL);
      const from = BASE + c.page;
      const inside = split(a, from, from + pagesOf(c.size));
      for (const r of inside) {
        if (c.op === 'protect') r.protection = c.protection;
        else if (c.op === 'inherit') r.share = c.share;
        else {
          a.regions.splice(a.regions.indexOf(r), 1);
          for (let p = r.start; p < r.start + r.pages; p++) a.cells.delete(p);
        }
      }
      return show(K_OK);
    }
    case 'dup': {
      const from = liveSlot(m, c.slot);
      if (c.to === from) return show(K_EINVAL);
      const copy = newActor();
      for (const r of m[from]!.regions) {
        copy.regions.push({ ...r });
        for (let p = r.start; p < r.start + r.pages; p++) {
          const cell = m[from]!.cells.get(p)!;
          copy.cells.set(p, r.share ? cell : { bytes: new Map(cell.bytes) });
        }
      }
      m[c.to] = copy;
      return show(K_OK);
    }
    case 'mapFrom':
    case 'initFrom': {
      const pages = pagesOf(c.size);
      if (pages === 0) return show(K_EINVAL);
      const source = m[liveSlot(m, c.from)]!;
      const from = BASE + c.page;
      const parts = covered(source, from, from + pages);
      if (parts === undefined) return show(K_EINVAL);
      const start = place(a, c.at, pages);
      if (start < 0) return show(start);
      // One region per source region, in the target's protection and inheritance.
      for (const part of parts) {
        const at = start + (part.start - from);
        a.regions.push({ start: at, pages: part.pages, protection: c.protection, share: c.share });
        for (let i = 0; i < part.pages; i++) {
          const cell = source.cells.get(part.start + i)!;
          a.cells.set(at + i, c.op === 'mapFrom' ? cell : { bytes: new Map(cell.bytes) });
        }
      }
      a.regions.sort((x, y) => x.start - y.start);
      return show(start * PAGE);
    }
    case 'write':
    case 'read': {
      const vpn = BASE + c.page;
      const r = regionAt(a, vpn);
      if (r === undefined) return 'fault: not in any region';
      const cell = a.cells.get(vpn)!;
      if (c.op === 'read') return `byte ${cell.bytes.get(c.offset) ?? 0}`;
      if ((r.protection & W) === 0) return 'fault: write to a read-only region';
      cell.bytes.set(c.offset, c.value);
      return 'stored';
    }
  }
}

// --- the real system ---

interface Real {
  readonly n: Nucleus;
  readonly caps: (Capability | undefined)[];
  /** Virtual pages some store reached, in any actor. */
  readonly written: Set<number>;
}

type Step = Generator<api.Request, string, unknown>;

const spaceOf = (real: Real, slot: number): AddressSpace | undefined =>
  real.n.actorOf(real.caps[slot]!)?.space;

/**
 * A guest access to `vaddr`: through the translation if it allows the access (a TLB hit),
 * otherwise a page fault resolved by the VM. The physical address, or the fault.
 */
function access(real: Real, slot: number, vaddr: number, write: boolean): number | string {
  const space = spaceOf(real, slot);
  if (space === undefined) return 'fault: not in any region';
  const pa = space.physicalOf(vaddr, write);
  if (pa >= 0) return pa;
  const r = real.n.vm.resolve(space, vaddr, write);
  if (r.kind === 'mapped') return r.pa;
  // Anonymous memory never needs a mapper, and RAM is far larger than these runs use.
  return r.kind === 'fault' ? `fault: ${r.reason}` : `unexpected ${r.kind}`;
}

function* act(m: Model, real: Real, c: Command): Step {
  const at = liveSlot(m, c.slot);
  const cap = real.caps[at]!;
  switch (c.op) {
    case 'allocate':
      return show(yield* api.rgnAllocate(cap, descOf(c.at, c.size, c.protection, c.share)));
    case 'mapFrom':
    case 'initFrom': {
      const desc = descOf(c.at, c.size, c.protection, c.share);
      const source = real.caps[liveSlot(m, c.from)]!;
      const call = c.op === 'mapFrom' ? api.rgnMapFromActor : api.rgnInitFromActor;
      return show(yield* call(cap, desc, source, (BASE + c.page) * PAGE));
    }
    case 'free':
      return show(yield* api.rgnFree(cap, (BASE + c.page) * PAGE, bytesOf(c.size)));
    case 'protect':
      return show(yield* api.rgnSetProtect(cap, (BASE + c.page) * PAGE, bytesOf(c.size), c.protection));
    case 'inherit':
      return show(
        yield* api.rgnSetInherit(cap, (BASE + c.page) * PAGE, bytesOf(c.size), c.share ? 'share' : 'copy'),
      );
    case 'dup': {
      if (c.to === at) return show(yield* api.rgnDup(cap, cap));
      const old = real.caps[c.to];
      if (old !== undefined) {
        const deleted = yield* api.actorDelete(old);
        if (deleted !== K_OK) return `actorDelete ${show(deleted)}`;
      }
      const fresh = yield* api.actorCreate('user', `slot${c.to}`);
      if (typeof fresh === 'number') return `actorCreate ${show(fresh)}`;
      real.caps[c.to] = fresh;
      return show(yield* api.rgnDup(cap, fresh));
    }
    case 'write': {
      const pa = access(real, at, (BASE + c.page) * PAGE + c.offset, true);
      if (typeof pa === 'string') return pa;
      real.n.hal.physical.write8(pa, c.value);
      real.written.add(BASE + c.page);
      return 'stored';
    }
    case 'read': {
      const pa = access(real, at, (BASE + c.page) * PAGE + c.offset, false);
      return typeof pa === 'string' ? pa : `byte ${real.n.hal.physical.read8(pa)}`;
    }
  }
}

const describeRegion = (start: number, pages: number, protection: number, share: boolean) =>
  `0x${(start * PAGE).toString(16)}+${pages}p/${protection}${share ? '/share' : ''}`;

/**
 * Region lists equal the model's, and the translations agree with the regions and with each
 * other (see the top of the file). A description of the first difference, or undefined.
 */
function checkState(m: Model, real: Real): string | undefined {
  const byFrame = new Map<number, { cell: Cell; writable: boolean; where: string }[]>();
  for (let s = 0; s < SLOTS; s++) {
    const a = m[s];
    if (a === undefined) continue;
    const space = spaceOf(real, s);
    const got = (space?.regions ?? []).map((r) =>
      describeRegion(r.startPage, r.pages, r.protection, r.inherit === 'share'),
    );
    const want = a.regions.map((r) => describeRegion(r.start, r.pages, r.protection, r.share));
    if (got.join(' ') !== want.join(' '))
      return `slot ${s} regions: nucleus has [${got.join(' ')}], model [${want.join(' ')}]`;
    if (space === undefined) continue;
    for (const [vpn, t] of space.translations()) {
      const where = `slot ${s} page 0x${(vpn * PAGE).toString(16)}`;
      const r = space.regionAt(vpn);
      if (r === undefined) return `${where}: a translation outside every region`;
      if (t.writable) {
        if (!r.writable) return `${where}: a writable translation in a read-only region`;
        const memory = r.overlay ?? r.object;
        const held = memory.kind === 'anon' ? memory.pages.get(r.indexOf(vpn)) : undefined;
        if (held === undefined || held.frame !== t.frame || held.refs !== 1)
          return `${where}: a writable translation to a frame shared copy-on-write (refs ${held?.refs})`;
      }
      const list = byFrame.get(t.frame) ?? [];
      list.push({ cell: a.cells.get(vpn)!, writable: t.writable, where });
      byFrame.set(t.frame, list);
    }
  }
  for (const [frame, list] of byFrame)
    for (const x of list)
      for (const y of list)
        if (x.cell !== y.cell && (x.writable || y.writable))
          return `frame 0x${frame.toString(16)}: ${x.where} and ${y.where} hold different pages, one writable`;
  return checkBytes(m, real);
}

/**
 * The bytes at every generated offset of every page written so far in some actor, read back in
 * every actor that maps the page (through the translations, as a guest load would): a store is
 * checked against every copy and sharer of its page at each later step, and so is a store that
 * should not be seen there (the model then says 0 or an older byte). Pages never written
 * anywhere are left untouched, so that zero fill on first touch stays in play.
 */
function checkBytes(m: Model, real: Real): string | undefined {
  for (let s = 0; s < SLOTS; s++) {
    for (const [vpn, cell] of m[s]?.cells ?? []) {
      if (!real.written.has(vpn)) continue;
      for (const offset of OFFSETS) {
        const vaddr = vpn * PAGE + offset;
        const pa = access(real, s, vaddr, false);
        const got = typeof pa === 'string' ? pa : real.n.hal.physical.read8(pa);
        const want = cell.bytes.get(offset) ?? 0;
        if (got !== want)
          return `slot ${s} byte at 0x${vaddr.toString(16)}: nucleus has ${got}, model ${want}`;
      }
    }
  }
  return undefined;
}

interface Outcome {
  readonly finished: boolean;
  readonly mismatch: string | undefined;
  readonly framesBefore: number;
  readonly framesAfter: number;
}

/**
 * Boots a one-CPU site whose driver thread creates the slot 0 actor, runs the commands, checks
 * after each, then deletes every actor it made (their frames must all come back).
 */
function execute(list: readonly Command[]): Outcome {
  const model: Model = [newActor(), undefined, undefined];
  let mismatch: string | undefined;
  let finished = false;
  let framesBefore = -1;
  let framesAfter = -2;
  let nucleus: Nucleus | undefined;
  const b = boot(
    [
      actor('driver', [
        {
          name: 'driver',
          priority: 10,
          body: function* () {
            const n = nucleus!;
            framesBefore = n.vm.frames.freeFrames;
            const first = yield* api.actorCreate('user', 'slot0');
            if (typeof first === 'number') {
              mismatch = `actorCreate ${show(first)}`;
              return;
            }
            const real: Real = { n, caps: [first, undefined, undefined], written: new Set() };
            for (const [i, c] of list.entries()) {
              const got = yield* act(model, real, c);
              const want = expected(model, c);
              const label = `command ${i} ${JSON.stringify(c)}`;
              if (got !== want) mismatch = `${label}: nucleus gave ${got}, model expects ${want}`;
              else mismatch = checkState(model, real)?.replace(/^/, `after ${label}: `);
              if (mismatch !== undefined) return;
            }
            for (const cap of real.caps) if (cap !== undefined) yield* api.actorDelete(cap);
            framesAfter = n.vm.frames.freeFrames;
            finished = true;
          },
        },
      ]),
    ],
    { cpus: 1 },
  );
  nucleus = b.site.nucleus;
  expect(b.run().kind).toBe('idle');
  return { finished, mismatch, framesBefore, framesAfter };
}

describe('VM model: regions against an interval model', () => {
  it('VM MODEL: results, region lists, page contents and translations match the model; every frame comes back', () => {
    // VM_RUNS=<n> runs more lists, for a deeper search by hand.
    fc.assert(
      fc.property(fc.array(command, { minLength: 10, maxLength: 60, size: 'max' }), (list) => {
        const out = execute(list);
        expect(out.mismatch).toBeUndefined();
        expect(out.finished).toBe(true);
        expect(out.framesAfter).toBe(out.framesBefore);
      }),
      { numRuns: Number(process.env.VM_RUNS ?? 100) },
    );
  });
});

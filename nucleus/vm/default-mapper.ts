// The default mapper (reference §1.9, §4.3; docs/mappers.md): a native system actor serving
// temporary segments, the backing store of anonymous memory. MpCreate makes a segment and gives
// its key; MpPushOut stores pages; MpPullIn gives them back (a page never pushed out reads as
// zeroes, sent as no data); MpGetAccess grants what is asked on a live segment; MpRelease frees
// the segment's pages. An unknown segkey is K_EUNKNOWN.
//
// Pages live on a swap block device when one is named: one slot of 4 KiB (8 sectors of 512
// bytes) per page, free slots kept on a list, each transfer made through a bounce frame the
// mapper owns, by the HAL's block driver, waiting on a semaphore its completion posts. Without
// a device they live in host memory, up to a fixed page budget (K_ENOMEM past it).
//
// The actor is native and trusted: it runs inside the nucleus, so it reaches the HAL's block
// driver and the frame allocator directly through `MapperSite` (the nucleus). It serves one
// request at a time; a request waiting on the disk holds up the others.
import type { Request } from '../api/index.ts';
import { actorSelf, consoleWrite, portDeclare, semInit, semP, uiBuild } from '../api/index.ts';
import type { PortId } from '../api/ipc.ts';
import type { InitialActor } from '../boot.ts';
import { K_EINVAL, K_ENOMEM, K_EUNKNOWN, K_OK } from '../errors.ts';
import type { HalPort } from '../hal-port.ts';
import type { Ui } from '../ipc/objects.ts';
import type { Semaphore } from '../objects.ts';
import type { MapperHandlers, PulledIn, Served } from './mapper-protocol.ts';
import { MAPPER_PAGE, MP_READ, MP_WRITE, serveMapper, settle } from './mapper-protocol.ts';

/** The stamp of the default mapper's port: its UI is uiBuild(DEFAULT_MAPPER_STAMP) on every site. */
export const DEFAULT_MAPPER_STAMP = 0x4d50_01;

/** Pages kept in host memory when there is no swap device (the default budget). */
export const MEMORY_PAGES = 1024;

/** A PullIn reply body is at most 64 KiB (docs/ipc.md), so at most this many pages at once. */
const PULL_IN_PAGES = (64 * 1024) / MAPPER_PAGE;

/** What the default mapper needs of the nucleus it runs in (the Nucleus has all of it). */
export interface MapperSite {
  readonly hal: HalPort;
  readonly frames: { allocate(): number };
  semPost(sem: Semaphore): void;
}

export interface DefaultMapperOptions {
  /**
   * The nucleus the actor runs in. Initial actors are described before the nucleus exists, so
   * this is read when the mapper's thread starts.
   */
  readonly site: () => MapperSite;
  /** The block device to swap on (e.g. "disk0"); omitted: pages are kept in host memory. */
  readonly swap?: string;
  /** The page budget of host memory (no swap device); default MEMORY_PAGES. */
  readonly memoryPages?: number;
  /** The mapper thread's priority; default 20. */
  readonly priority?: number;
}

type Call<T> = Generator<Request, T, unknown>;

/** Where pages are kept: a handle per stored page (a swap slot or a memory key). */
export interface PageStore {
  readonly kind: 'swap' | 'memory';
  /** Stores one page in `handle`'s place (undefined: a new place); the handle or K_ENOMEM. */
  write(handle: number | undefined, page: Uint8Array): Served<number>;
  /** Reads one stored page, or an error code. */
  read(handle: number): Served<Uint8Array | number>;
  free(handle: number): void;
  /** Pages stored now. */
  readonly used: number;
}

/** Pages in host memory, up to `budget`. */
class MemoryStore implements PageStore {
  readonly kind = 'memory';
  private readonly pages = new Map<number, Uint8Array>();
  private next = 1;
  constructor(private readonly budget: number) {}

  write(handle: number | undefined, page: Uint8Array): number {
    if (handle === undefined) {
      if (this.pages.size >= this.budget) return K_ENOMEM;
      handle = this.next++;
    }
    this.pages.set(handle, page.slice());
    return handle;
  }

  read(handle: number): Uint8Array | number {
    return this.pages.get(handle)?.slice() ?? K_EINVAL;
  }

  free(handle: number): void {
    this.pages.delete(handle);
  }

  get used(): number {
    return this.pages.size;
  }
}

/**
 * Pages in slots of a block device. Slot s is sectors [s * perSlot, (s + 1) * perSlot). Freed
 * slots go on a stack and are reused first; past them the next never-used slot is taken.
 */
class SwapStore implements PageStore {
  readonly kind = 'swap';
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;
  private readonly perSlot: number;
  readonly slots: number;
  /** Transfers the device reported as failed. */
  failures = 0;

  constructor(
    private readonly site: MapperSite,
    private readonly device: string,
    sectorSize: number,
    sectors: number,
    /** The bounce frame: a physical page every transfer goes through. */
    private readonly bounce: number,
    private readonly done: Semaphore,
  ) {
    this.perSlot = MAPPER_PAGE / sectorSize;
    this.slots = Math.floor(sectors / this.perSlot);
  }

  *write(handle: number | undefined, page: Uint8Array): Call<number> {
    let slot = handle;
    if (slot === undefined) {
      slot = this.freeSlots.pop() ?? (this.nextSlot < this.slots ? this.nextSlot++ : undefined);
      if (slot === undefined) return K_ENOMEM;
    }
    const memory = this.site.hal.physical;
    for (let i = 0; i < MAPPER_PAGE; i++) memory.write8(this.bounce + i, page[i]!);
    if (!(yield* this.transfer(true, slot))) {
      if (handle === undefined) this.freeSlots.push(slot);
      return K_EINVAL;
    }
    return slot;
  }

  *read(slot: number): Call<Uint8Array | number> {
    if (!(yield* this.transfer(false, slot))) return K_EINVAL;
    const memory = this.site.hal.physical;
    const page = new Uint8Array(MAPPER_PAGE);
    for (let i = 0; i < MAPPER_PAGE; i++) page[i] = memory.read8(this.bounce + i);
    return page;
  }

  free(slot: number): void {
    this.freeSlots.push(slot);
  }

  get used(): number {
    return this.nextSlot - this.freeSlots.length;
  }

  /**
   * One slot between the disk and the bounce frame. The completion (the device's interrupt)
   * posts `done`; an abort of the wait is ignored, since the device still owns the frame.
   */
  private *transfer(write: boolean, slot: number): Call<boolean> {
    let ok = false;
    const site = this.site;
    const started = site.hal.blockIo(
      this.device,
      write,
      slot * this.perSlot,
      this.perSlot,
      this.bounce,
      (r) => {
        ok = r;
        site.semPost(this.done);
      },
    );
    if (!started) return false;
    while ((yield* semP(this.done, -1)) !== K_OK) {}
    if (!ok) this.failures++;
    return ok;
  }
}

/** The default mapper's state: its segments (pages by page number, each a store handle). */
export interface DefaultMapperState {
  readonly store: PageStore;
  readonly segments: Map<number, Map<number, number>>;
  nextKey: number;
}

export function newMapperState(store: PageStore): DefaultMapperState {
  return { store, segments: new Map(), nextKey: 1 };
}

/** The protocol handlers of the default mapper over `m`. */
export function defaultMapperHandlers(m: DefaultMapperState): MapperHandlers {
  return {
    // Keys are handed out in order (0 is never one): only trusted actors reach the port.
    MpCreate() {
      const key = m.nextKey;
      m.nextKey = (m.nextKey % 0xffff_ffff) + 1;
      m.segments.set(key, new Map());
      return key;
    },
    MpGetAccess(r) {
      return m.segments.has(r.segkey) ? r.access & (MP_READ | MP_WRITE) : K_EUNKNOWN;
    },
    *MpPullIn(r): Call<PulledIn | number> {
      const pages = m.segments.get(r.segkey);
      if (pages === undefined) return K_EUNKNOWN;
      const first = r.offset / MAPPER_PAGE;
      const count = r.size / MAPPER_PAGE;
      if (count > PULL_IN_PAGES) return K_EINVAL;
      // The reply stops after the last stored page: the rest reads as zeroes.
      let last = -1;
      for (let i = 0; i < count; i++) if (pages.has(first + i)) last = i;
      const data = new Uint8Array((last + 1) * MAPPER_PAGE);
      for (let i = 0; i <= last; i++) {
        const handle = pages.get(first + i);
        if (handle === undefined) continue;
        const page = yield* settle(m.store.read(handle));
        if (typeof page === 'number') return page;
        data.set(page, i * MAPPER_PAGE);
      }
      return { access: r.access & (MP_READ | MP_WRITE), data };
    },
    // Pages are stored one by one: an error (K_ENOMEM) leaves the earlier pages of the range stored.
    *MpPushOut(r) {
      const pages = m.segments.get(r.segkey);
      if (pages === undefined) return K_EUNKNOWN;
      const first = r.offset / MAPPER_PAGE;
      for (let i = 0; i < r.size / MAPPER_PAGE; i++) {
        const page = r.data.subarray(i * MAPPER_PAGE, (i + 1) * MAPPER_PAGE);
        const handle = yield* settle(m.store.write(pages.get(first + i), page));
        if (handle < 0) return handle;
        pages.set(first + i, handle);
      }
      return K_OK;
    },
    MpRelease(r) {
      const pages = m.segments.get(r.segkey);
      if (pages === undefined) return K_EUNKNOWN;
      for (const handle of pages.values()) m.store.free(handle);
      m.segments.delete(r.segkey);
      return K_OK;
    },
  };
}

/** What a running default mapper exposes (tests, statistics). */
export interface DefaultMapperProbe {
  state: DefaultMapperState | undefined;
}

/**
 * The default mapper as an initial actor: one thread that declares the well-known port
 * uiBuild(DEFAULT_MAPPER_STAMP), sets up its store (swap on `options.swap` if the HAL drives
 * that device and a bounce frame can be had, else host memory; the choice goes to the console)
 * and serves requests for ever. `probe`, when given, receives the mapper's state.
 */
export function defaultMapperActor(options: DefaultMapperOptions, probe?: DefaultMapperProbe): InitialActor {
  return {
    name: 'default-mapper',
    kind: 'system',
    threads: [{ name: 'mapper', priority: options.priority ?? 20, body: () => mapperThread(options, probe) }],
  };
}

function* mapperThread(options: DefaultMapperOptions, probe: DefaultMapperProbe | undefined): Call<number> {
  const self = yield* actorSelf();
  const ui = (yield* uiBuild(DEFAULT_MAPPER_STAMP)) as Ui;
  const port = yield* portDeclare(self, ui);
  if (typeof port === 'number') {
    yield* consoleWrite(`default mapper: cannot declare its port (${port})\n`);
    return port;
  }
  const store = yield* openStore(options);
  yield* consoleWrite(
    store.kind === 'swap'
      ? `default mapper: swap on ${options.swap}, ${(store as SwapStore).slots} pages\n`
      : `default mapper: pages in memory, ${options.memoryPages ?? MEMORY_PAGES} pages\n`,
  );
  const state = newMapperState(store);
  if (probe !== undefined) probe.state = state;
  return yield* serveMapper((port as PortId).li, defaultMapperHandlers(state));
}

/** The swap store on the named device, or host memory when there is none or no frame. */
function* openStore(options: DefaultMapperOptions): Call<PageStore> {
  const memory = new MemoryStore(options.memoryPages ?? MEMORY_PAGES);
  if (options.swap === undefined) return memory;
  const site = options.site();
  const device = site.hal.blockDevices().find((d) => d.name === options.swap);
  const bounce = site.frames.allocate();
  const sem = yield* semInit(0);
  if (
    device === undefined ||
    bounce < 0 ||
    typeof sem === 'number' ||
    MAPPER_PAGE % device.sectorSize !== 0
  ) {
    yield* consoleWrite(`default mapper: no swap on ${options.swap} (no such device or no frame)\n`);
    return memory;
  }
  return new SwapStore(site, device.name, device.sectorSize, device.sectors, bounce, sem);
}

// Booting a site: the nucleus comes up on a board, its HAL takes every CPU, the banner and the
// configuration go to the console, and the initial system actors given to it are created with
// their threads. `runSite` then runs the machine until a cycle limit, a stop, or until every CPU
// is idle with nothing pending (the console UART's interrupts keep it busy until it drains).
import type { Board, StopReason } from '../machine/index.ts';
import type { ThreadBody } from './api/index.ts';
import type { CostTable } from './costs.ts';
import { codeName, NucleusPanic } from './errors.ts';
import { MipsHal } from './hal/mips/index.ts';
import { Nucleus } from './nucleus.ts';
import type { ActorKind } from './objects.ts';
import { Actor } from './objects.ts';
import { loadUserActor } from './user-actors.ts';
import { FrameAllocator } from './user-space.ts';

export const NUCLEUS_VERSION = '0.1';

export interface InitialThread {
  readonly name: string;
  readonly priority: number;
  readonly body: ThreadBody;
}

export interface InitialActor {
  readonly name: string;
  readonly kind: ActorKind;
  readonly threads: readonly InitialThread[];
}

/**
 * An actor loaded from a static ELF executable (user-actors.ts): a user actor unless `kind`
 * says 'system' (still user mode in its own address space, but trusted: supervisor calls).
 */
export interface InitialUserActor {
  readonly name: string;
  readonly file: Uint8Array;
  readonly priority: number;
  readonly kind?: 'user' | 'system';
}

export interface BootOptions {
  readonly seed: number;
  readonly costs?: CostTable;
  readonly actors?: readonly InitialActor[];
  readonly userActors?: readonly InitialUserActor[];
  /** Page frames for actors' memory (default: the upper half of RAM); fewer makes paging happen. */
  readonly pageFrames?: number;
}

export interface Site {
  readonly board: Board;
  readonly nucleus: Nucleus;
  readonly hal: MipsHal;
}

const mib = (bytes: number) => bytes / (1024 * 1024);

/** Boots the nucleus on `board` (its family must have a HAL: MIPS today). */
export function bootSite(board: Board, options: BootOptions): Site {
  const d = board.description;
  if (d.family !== 'mips' && d.family !== 'mipsel')
    throw new Error(`the nucleus has no HAL for the ${d.family} family yet`);
  const hal = new MipsHal(board);
  const prng = board.machine.prng;
  const nucleus = new Nucleus(
    {
      site: d.name,
      cpus: board.cpus.length,
      frequencyHz: d.frequencyHz,
      interruptLines: d.interruptController.lines,
      random: () => prng.nextU32(),
      ...(options.costs === undefined ? {} : { costs: options.costs }),
    },
    hal,
  );
  // Pageable frames: the upper half of RAM, or as many as the site asks for (nucleus/vm).
  const framesBase = d.ram.base + d.ram.size / 2;
  const framesEnd =
    options.pageFrames === undefined
      ? d.ram.base + d.ram.size
      : Math.min(d.ram.base + d.ram.size, framesBase + options.pageFrames * 4096);
  nucleus.frames = new FrameAllocator(framesBase, framesEnd);
  hal.start(nucleus);
  hal.consoleWrite(
    `Chorus nucleus ${NUCLEUS_VERSION} on site ${d.name}\n` +
      `  family ${d.family} (${d.endianness}-endian), ${board.cpus.length} CPUs at ${d.frequencyHz / 1e6} MHz, ` +
      `${mib(d.ram.size)} MiB RAM, seed ${options.seed}\n` +
      `  256 priorities, context switch ${nucleus.costs.contextSwitch} cycles, thread create ${nucleus.costs.threadCreate} cycles\n`,
  );
  for (const spec of options.actors ?? []) {
    const actor = new Actor(nucleus.newCapability(), spec.kind, spec.name);
    nucleus.bootActor(actor);
    for (const t of spec.threads) nucleus.createThread(actor, t.name, t.priority, t.body(), true);
  }
  for (const spec of options.userActors ?? []) {
    const loaded = loadUserActor(nucleus, spec.name, spec.file, spec.priority, spec.kind ?? 'user');
    if (typeof loaded === 'number')
      hal.consoleWrite(`nucleus: user actor ${spec.name} not started (${codeName(loaded)})\n`);
  }
  board.machine.asCpu(0, () => nucleus.startAll(0));
  return { board, nucleus, hal };
}

export type SiteStop =
  | StopReason
  | { readonly kind: 'panic'; readonly cycle: number; readonly message: string };

/**
 * Runs the site until `limit` cycles, a machine stop, or idleness (every CPU waiting, nothing
 * pending). A nucleus panic ends the run and is returned, never thrown.
 */
export function runSite(site: Site, limit: number): SiteStop {
  const machine = site.board.machine;
  try {
    return machine.runUntil(limit);
  } catch (error) {
    if (error instanceof NucleusPanic)
      return { kind: 'panic', cycle: error.report.cycle, message: error.message };
    throw error;
  }
}

// Test support for the nucleus: boot the default MIPS board (or a variant) with native actors
// and collect what reaches the console UART.
import { buildBoard } from '../../machine/index.ts';
import type { InitialActor, InitialUserActor, Site, SiteStop } from '../../nucleus/index.ts';
import { bootSite, runSite } from '../../nucleus/index.ts';
import { DEFAULT_BOARD } from '../../src/site/default-site.ts';

export interface Booted {
  readonly site: Site;
  readonly console: () => string;
  run(limit?: number): SiteStop;
}

export interface BootTestOptions {
  readonly cpus?: number;
  readonly seed?: number;
  /** User (or system) actors loaded from ELF files. */
  readonly userActors?: readonly InitialUserActor[];
  /** Fewer page frames than the default, to make paging happen. */
  readonly pageFrames?: number;
}

export function boot(actors: readonly InitialActor[], options: BootTestOptions = {}): Booted {
  const board = buildBoard(
    { ...DEFAULT_BOARD, cpus: options.cpus ?? DEFAULT_BOARD.cpus },
    { seed: options.seed ?? 1 },
  );
  let text = '';
  board.uart('console').onOutput = (bytes) => {
    text += Buffer.from(bytes).toString('utf8');
  };
  const site = bootSite(board, {
    seed: options.seed ?? 1,
    actors,
    ...(options.userActors === undefined ? {} : { userActors: options.userActors }),
    ...(options.pageFrames === undefined ? {} : { pageFrames: options.pageFrames }),
  });
  return { site, console: () => text, run: (limit = 20_000_000) => runSite(site, limit) };
}

/** One system actor with the given threads. */
export function actor(name: string, threads: InitialActor['threads']): InitialActor {
  return { name, kind: 'system', threads };
}

// `chorus boot [SITE]`: boot a site and show its serial console on stdout. The default site is a
// two-CPU MIPS board (src/site/default-site.ts) running a few native system actors that show the
// nucleus scheduling them; the run ends when everything is idle or at a cycle limit.
import { Command } from 'commander';
import { BoardError, buildBoard } from '../../machine/index.ts';
import { bootSite, runSite } from '../../nucleus/index.ts';
import { CommandExit, UsageError } from '../errors.ts';
import { BOOT_CYCLE_LIMIT, DEFAULT_BOARD, DEFAULT_SEED } from '../site/default-site.ts';
import { demoActors } from '../site/demo-actors.ts';

export function bootCommand(): Command {
  return new Command('boot')
    .description('boot a site (the default site when none is given) and show its serial console')
    .argument('[site]', 'site file (YAML)')
    .action((site: string | undefined) => {
      if (site !== undefined) {
        throw new UsageError(`cannot boot ${site}: site files are not supported yet (README status table)`);
      }
      let board: ReturnType<typeof buildBoard>;
      try {
        board = buildBoard(DEFAULT_BOARD, { seed: DEFAULT_SEED });
      } catch (error) {
        if (error instanceof BoardError) throw new UsageError(error.message);
        throw error;
      }
      board.uart('console').onOutput = (bytes) => process.stdout.write(bytes);
      const booted = bootSite(board, { seed: DEFAULT_SEED, actors: demoActors() });
      const stop = runSite(booted, BOOT_CYCLE_LIMIT);
      const switches = booted.nucleus.contextSwitches.join('/');
      const why = stop.kind === 'panic' ? stop.message : stop.kind;
      process.stdout.write(
        `-- site ${board.description.name} stopped (${why}) at cycle ${stop.cycle}; context switches per CPU ${switches}\n`,
      );
      // A nucleus panic or a device misuse is a failed boot; a cycle limit or idleness is not.
      if (stop.kind === 'panic' || stop.kind === 'misuse' || stop.kind === 'event-overflow')
        throw new CommandExit(1);
    });
}

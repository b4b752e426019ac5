// `chorus boot [SITE]`: boot a site and show its serial console on stdout.
// Until the nucleus exists, it builds the default site's board and shows its hardware.
import { Command } from 'commander';
import { BoardError, buildBoard } from '../../machine/index.ts';
import { UsageError } from '../errors.ts';
import { DEFAULT_BOARD, DEFAULT_SEED } from '../site/default-site.ts';
import { VERSION } from '../version.ts';

const hex = (value: number) => `0x${value.toString(16).padStart(8, '0')}`;

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
      const d = board.description;
      const lines = [
        `Chorus-in-TypeScript ${VERSION}`,
        `site ${d.name}: ${d.family} (${d.endianness}-endian), ${board.cpus.length} CPUs at ${d.frequencyHz / 1e6} MHz, ` +
          `${d.ram.size / (1024 * 1024)} MiB RAM at ${hex(d.ram.base)}, seed ${DEFAULT_SEED}`,
        `  interrupt controller at ${hex(d.interruptController.base)}, ${d.interruptController.lines} lines`,
        ...d.devices.map(
          (device) =>
            `  ${device.kind.padEnd(12)} ${device.name.padEnd(9)} at ${hex(device.base)}` +
            ('irq' in device && device.irq !== undefined ? `, irq ${device.irq}` : ''),
        ),
        'The board is built; the nucleus is not, so there is no software to boot on it yet.',
        'Run a static MIPS Linux program on one CPU with: chorus exec FILE.elf (see README.md).',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

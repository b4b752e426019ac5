// `chorus boot [SITE]`: boot a site and show its serial console on stdout.
import { Command } from 'commander';
import { VERSION } from '../version.ts';

export function bootCommand(): Command {
  return new Command('boot')
    .description('boot a site (the default site when none is given) and show its serial console')
    .argument('[site]', 'site file (YAML)')
    .action((site: string | undefined) => {
      // Until the machine and the nucleus land there is nothing to boot; say so plainly.
      process.stdout.write(
        `Chorus-in-TypeScript ${VERSION}\n` +
          `site: ${site ?? '(default)'}\n` +
          'The simulated machine and the nucleus are not built yet, so nothing boots today.\n' +
          "See README.md's status table for what is built; `npm test` runs what exists.\n",
      );
    });
}

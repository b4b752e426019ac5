// The package version, read once from package.json. The file sits one folder up from src/ when run
// from a checkout with tsx, and two folders up from dist/src/ when run from the built package.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(start: string): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
}

const packageJson = JSON.parse(
  readFileSync(findPackageJson(dirname(fileURLToPath(import.meta.url))), 'utf8'),
) as {
  version: string;
};

export const VERSION: string = packageJson.version;

// `npm run bench`: runs every benchmark in bench/*.bench.ts and prints one table.
// Benchmarks measure host time (wall clock is allowed here, never in machine/, nucleus/ or
// subsystems/) and, where there is one, run a peer on the same work in the same run.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark } from './harness.ts';
import { formatRows, measure } from './harness.ts';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2];
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .sort();

const rows = [];
for (const file of files) {
  const module = (await import(pathToFileURL(`${benchDir}${file}`).href)) as {
    benchmarks: readonly Benchmark[];
  };
  for (const benchmark of module.benchmarks) {
    if (filter && !benchmark.name.includes(filter)) continue;
    rows.push(await measure(benchmark));
  }
}
if (rows.length === 0) {
  console.log(filter ? `no benchmark matches "${filter}"` : 'no benchmarks yet');
} else {
  console.log(formatRows(rows));
}

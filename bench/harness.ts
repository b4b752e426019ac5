// A small benchmark harness: a benchmark does `work` units of something per run; the harness
// warms it up, times a few runs, and reports the best rate (least disturbed by the host).
import { performance } from 'node:perf_hooks';

export interface Benchmark {
  readonly name: string;
  /** What one unit of work is, e.g. "events", "guest instr". */
  readonly unit: string;
  /** Does the work once and returns how many units it did. */
  readonly run: () => number | Promise<number>;
  readonly runs?: number;
}

export interface BenchRow {
  readonly name: string;
  readonly unit: string;
  readonly units: number;
  readonly bestSeconds: number;
  readonly perSecond: number;
}

export async function measure(benchmark: Benchmark): Promise<BenchRow> {
  await benchmark.run(); // warm-up: let the JIT settle
  let best = Number.POSITIVE_INFINITY;
  let units = 0;
  for (let i = 0; i < (benchmark.runs ?? 5); i++) {
    const start = performance.now();
    units = await benchmark.run();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return { name: benchmark.name, unit: benchmark.unit, units, bestSeconds: best, perSecond: units / best };
}

function humanRate(perSecond: number): string {
  if (perSecond >= 1e9) return `${(perSecond / 1e9).toFixed(2)} G`;
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(2)} k`;
  return perSecond.toFixed(1);
}

export function formatRows(rows: readonly BenchRow[]): string {
  const lines = rows.map((row) => [
    row.name,
    `${humanRate(row.perSecond)}${row.unit}/s`,
    `${row.units} ${row.unit}`,
    `${(row.bestSeconds * 1000).toFixed(1)} ms`,
  ]);
  const header = ['benchmark', 'rate', 'work per run', 'best run'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => line[i]?.length ?? 0)));
  const format = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
}

// A CPU stand-in for machine tests: runs a generator "program" written in TypeScript that drives
// the bus directly. `yield n` spends n cycles; `yield WAIT` idles until an interrupt input is
// raised; returning ends the program (the CPU then idles forever). It implements the same `Cpu`
// contract a real family does, so the board and the stepping loop are tested as they will run.
import type { Cpu, PhysicalBus } from '../../../machine/cpu/index.ts';

export const WAIT = -1;

export type Program = (cpu: TestCpu) => Generator<number, void, void>;

export class TestCpu implements Cpu {
  cycle = 0;
  idle = false;
  /** Raised interrupt inputs. */
  readonly lines = new Set<number>();
  /** Every (cycle, line, level) change seen, for assertions. */
  readonly lineLog: string[] = [];
  machineChecks: string[] = [];
  resets = 0;
  private program: Generator<number, void, void> | undefined;
  private done = false;
  private waiting = false;
  private exit = false;

  constructor(
    readonly index: number,
    readonly bus: PhysicalBus,
    private readonly make: Program | undefined = undefined,
  ) {
    this.reset();
  }

  run(until: number): void {
    this.exit = false;
    while (this.cycle < until && !this.idle && !this.exit) {
      const step = this.program?.next();
      if (step === undefined || step.done) {
        this.done = true;
        this.idle = true;
        return;
      }
      if (step.value === WAIT) {
        if (this.lines.size === 0) {
          this.waiting = true;
          this.idle = true;
          return;
        }
        this.cycle += 1;
      } else {
        this.cycle += step.value;
      }
    }
  }

  setInterruptLine(line: number, asserted: boolean): void {
    this.lineLog.push(`${this.cycle}:${line}:${asserted ? 1 : 0}`);
    if (asserted) this.lines.add(line);
    else this.lines.delete(line);
    if (asserted && this.waiting) {
      this.waiting = false;
      this.idle = false;
    }
  }

  exitRun(): void {
    this.exit = true;
  }

  stats(): Record<string, number> {
    return { resets: this.resets };
  }

  machineCheck(report: string): void {
    this.machineChecks.push(report);
  }

  reset(): void {
    this.resets++;
    this.program = this.make?.(this);
    this.done = this.program === undefined;
    this.idle = this.done;
    this.waiting = false;
    this.lines.clear();
  }
}

/** A CPU that never stops computing: `cost` cycles per step. */
export function spinner(cost = 1): Program {
  return function* () {
    for (;;) yield cost;
  };
}

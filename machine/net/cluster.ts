// Several machines stepped together in one process, deterministically. Time advances in windows
// of `windowNs`; in each window every machine, in a fixed order, runs to the window's end (in
// its own cycles). A frame sent inside a window arrives at least one segment latency later, so
// when the window is no longer than the smallest latency the receiver has not yet passed the
// arrival time, whichever order the machines ran in (the dist-gem5 / Simics rule: quantum <=
// link latency). The cluster checks this: a segment counts any late delivery.
import type { Board } from '../board.ts';
import type { StopReason } from '../devices/index.ts';
import type { Machine } from '../machine.ts';
import { cyclesToNs, nsToCycles } from '../time/index.ts';
import type { EthernetSegment } from './segment.ts';

export type ClusterStop =
  | { readonly kind: 'time-limit'; readonly ns: number }
  /** Every machine idle with nothing pending anywhere. */
  | { readonly kind: 'idle'; readonly ns: number }
  | { readonly kind: 'stopped'; readonly ns: number; readonly machine: number; readonly reason: StopReason };

export class Cluster {
  /** Time every running machine has reached. */
  ns = 0;
  private readonly parked = new Set<number>();
  /** Where to carry on inside the current window after an early return. */
  private nextMachine = 0;

  constructor(
    readonly machines: readonly Machine[],
    readonly windowNs: number,
  ) {
    if (!(windowNs >= 1)) throw new RangeError(`cluster window ${windowNs} ns must be at least 1 ns`);
  }

  /**
   * Plugs every board's NICs into the segments their descriptions name and returns a cluster
   * whose window is the smallest segment latency (capped at `maxWindowNs`).
   */
  static connect(
    boards: readonly Board[],
    segments: ReadonlyMap<string, EthernetSegment>,
    maxWindowNs = 100_000,
  ): Cluster {
    for (const board of boards) {
      for (const { nic, network } of board.nicAttachments()) {
        const segment = segments.get(network);
        if (segment === undefined)
          throw new Error(
            `board ${board.description.name}: NIC ${nic.name} names unknown network "${network}"`,
          );
        segment.plug(nic, `${board.description.name}/${nic.name}`);
      }
    }
    const window = Math.min(maxWindowNs, ...[...segments.values()].map((s) => s.latencyNs));
    return new Cluster(
      boards.map((b) => b.machine),
      window,
    );
  }

  /**
   * Runs every machine to `limitNs`. Returns early when a machine stops (halt, reboot, misuse,
   * a request): that machine is then left out of later windows (a crashed or powered-off site)
   * until `resume(k)`, and calling again carries on with the others.
   */
  runUntilNs(limitNs: number): ClusterStop {
    while (this.ns < limitNs) {
      const end = Math.min(this.ns + this.windowNs, limitNs);
      let allIdle = true;
      for (let k = this.nextMachine; k < this.machines.length; k++) {
        if (this.parked.has(k)) continue;
        const m = this.machines[k]!;
        const target = nsToCycles(end, m.frequencyHz);
        const reason = m.runUntil(target);
        if (reason.kind === 'idle') {
          m.advanceIdle(target);
          continue;
        }
        allIdle = false;
        if (reason.kind !== 'cycle-limit') {
          this.parked.add(k);
          // finish this window with the machines after k on the next call
          this.nextMachine = k + 1;
          return { kind: 'stopped', ns: cyclesToNs(reason.cycle, m.frequencyHz), machine: k, reason };
        }
      }
      this.nextMachine = 0;
      this.ns = end;
      const live = this.machines.filter((_, k) => !this.parked.has(k));
      if (allIdle && live.every((m) => m.queue.size === 0)) return { kind: 'idle', ns: this.ns };
    }
    return { kind: 'time-limit', ns: this.ns };
  }

  /** Lets a stopped machine take part again (after `machine.reset()` for a reboot). */
  resume(k: number): void {
    this.parked.delete(k);
  }

  /** Machines left out because they stopped. */
  stoppedMachines(): number[] {
    return [...this.parked].sort((a, b) => a - b);
  }
}

// An Ethernet segment (a hub): every frame a NIC sends is offered to every other NIC plugged in,
// after the segment's latency and, when it has a bandwidth, after the frames ahead of it have
// left the shared medium. Faults are drawn from the segment's own seeded PRNG, in a fixed order
// (per frame, per receiver in plug order: loss, duplication, then reordering per copy), so a
// run with the same seed sees the same faults:
//   loss         probability that a copy to one receiver is dropped
//   duplication  probability that a receiver gets the frame twice (the copy right after)
//   reorder      probability that a copy is held back by a uniform extra delay up to
//                reorderMaxNs, so later frames may overtake it
//   partitions   named groups of NICs; frames never cross between groups until `heal()`
// With reordering off, frames from one sender reach each receiver in the order sent.
// Receivers filter by MAC address themselves (nic.ts), as on a real hub.
import type { NetworkEndpoint, NetworkLink, Nic } from '../devices/index.ts';
import { Prng } from '../time/index.ts';

export interface SegmentOptions {
  readonly name: string;
  readonly seed: number;
  /** Propagation delay, >= 1 ns. Also bounds the cluster window (cluster.ts). */
  readonly latencyNs: number;
  /** Shared-medium bandwidth; omitted: frames do not queue behind each other on the segment. */
  readonly bandwidthBps?: number;
  readonly loss?: number;
  readonly duplication?: number;
  readonly reorder?: number;
  readonly reorderMaxNs?: number;
}

export interface SegmentStats {
  sent: number;
  delivered: number;
  lost: number;
  duplicated: number;
  reordered: number;
  partitioned: number;
  /** Deliveries that would have arrived in a receiver's past (must stay 0; see cluster.ts). */
  late: number;
}

/** One delivery decision, for tests and traces. */
export interface DeliveryRecord {
  readonly from: string;
  readonly to: string;
  readonly sentNs: number;
  readonly arriveNs: number;
  /** Index of the frame on this segment, in send order. */
  readonly frame: number;
  readonly fate: 'delivered' | 'duplicate' | 'lost' | 'partitioned';
}

export class EthernetSegment {
  readonly stats: SegmentStats = {
    sent: 0,
    delivered: 0,
    lost: 0,
    duplicated: 0,
    reordered: 0,
    partitioned: 0,
    late: 0,
  };
  /** Observer of every decision (tests, traces). */
  onDelivery: ((record: DeliveryRecord) => void) | undefined;
  private readonly endpoints: NetworkEndpoint[] = [];
  private readonly names: string[] = [];
  private readonly group = new Map<string, number>();
  private readonly prng: Prng;
  private mediumFreeNs = 0;

  constructor(readonly options: SegmentOptions) {
    if (!(options.latencyNs >= 1))
      throw new RangeError(`segment ${options.name}: latency must be at least 1 ns`);
    this.prng = new Prng(options.seed);
  }

  get latencyNs(): number {
    return this.options.latencyNs;
  }

  /**
   * Plugs an endpoint in under `name` (unique on the segment, e.g. "site1/eth0"; partitions use
   * it); returns the link it transmits on.
   */
  attach(endpoint: NetworkEndpoint, name = endpoint.name): NetworkLink {
    if (this.names.includes(name))
      throw new Error(`segment ${this.options.name}: two endpoints named ${name}`);
    this.endpoints.push(endpoint);
    this.names.push(name);
    const from = this.endpoints.length - 1;
    return { transmit: (frame, atNs) => this.transmit(from, frame, atNs) };
  }

  /** Plugs a NIC in and gives it its link. */
  plug(nic: Nic, name = nic.name): void {
    nic.link = this.attach(nic, name);
  }

  /** Splits the segment: endpoints in different groups cannot reach each other; unlisted ones form one more group. */
  partition(groups: readonly (readonly string[])[]): void {
    this.group.clear();
    groups.forEach((names, g) => {
      for (const name of names) this.group.set(name, g + 1);
    });
  }

  heal(): void {
    this.group.clear();
  }

  private transmit(from: number, frame: Uint8Array, atNs: number): void {
    const o = this.options;
    const index = this.stats.sent++;
    let leaveNs = atNs;
    if (o.bandwidthBps !== undefined) {
      const start = Math.max(atNs, this.mediumFreeNs);
      leaveNs = start + Math.ceil((frame.length * 8 * 1e9) / o.bandwidthBps);
      this.mediumFreeNs = leaveNs;
    }
    const fromGroup = this.group.get(this.names[from]!) ?? 0;
    for (let k = 0; k < this.endpoints.length; k++) {
      if (k === from) continue;
      const to = this.endpoints[k]!;
      const toName = this.names[k]!;
      const record = (fate: DeliveryRecord['fate'], arriveNs: number) =>
        this.onDelivery?.({
          from: this.names[from]!,
          to: toName,
          sentNs: atNs,
          arriveNs,
          frame: index,
          fate,
        });
      if ((this.group.get(toName) ?? 0) !== fromGroup) {
        this.stats.partitioned++;
        record('partitioned', -1);
        continue;
      }
      if (this.prng.chance(o.loss ?? 0)) {
        this.stats.lost++;
        record('lost', -1);
        continue;
      }
      const copies = this.prng.chance(o.duplication ?? 0) ? 2 : 1;
      for (let copy = 0; copy < copies; copy++) {
        let arriveNs = leaveNs + o.latencyNs;
        if (this.prng.chance(o.reorder ?? 0)) {
          arriveNs += 1 + this.prng.below(Math.max(1, o.reorderMaxNs ?? 10 * o.latencyNs));
          this.stats.reordered++;
        }
        if (arriveNs < to.nowNs()) this.stats.late++;
        if (copy === 0) this.stats.delivered++;
        else this.stats.duplicated++;
        record(copy === 0 ? 'delivered' : 'duplicate', arriveNs);
        to.deliver(frame.slice(), arriveNs);
      }
    }
  }
}

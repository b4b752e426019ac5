// The board description: a typed object saying what hardware a machine has. `board.ts` builds a
// machine from it. Its YAML form (site files) comes with the CLI; everything here is plain data,
// so the loader only has to validate and pass it on.
import type { Endianness } from './cpu/index.ts';
import type { BlockLatency } from './devices/index.ts';
import type { MisusePolicy } from './machine.ts';

export interface BoardDescription {
  readonly name: string;
  /** CPU family, as registered in machine/cpu (e.g. "mips"). */
  readonly family: string;
  readonly endianness: Endianness;
  readonly cpus: number;
  readonly frequencyHz: number;
  /** Cycles per quantum (default 1000). */
  readonly quantum?: number;
  readonly ram: { readonly base: number; readonly size: number };
  /** What a device does on register misuse (default "stop"). */
  readonly misuse?: MisusePolicy;
  /** Seeded jitter on device latencies, percent (default 0). */
  readonly jitterPercent?: number;
  readonly maxPendingEvents?: number;
  readonly interruptController: {
    readonly name?: string;
    readonly base: number;
    /** Number of shared device lines (IDs 32..). */
    readonly lines: number;
    /** The CPUs' interrupt input (family numbering) the controller drives. */
    readonly cpuLine: number;
  };
  readonly devices: readonly DeviceDescription[];
}

interface Placed {
  readonly name: string;
  readonly base: number;
}

export type DeviceDescription =
  | (Placed & {
      readonly kind: 'uart';
      /** Shared interrupt line (ID 32 + irq); omitted: not wired. */
      readonly irq?: number;
      readonly regShift?: 0 | 2;
      readonly inputClockHz?: number;
      readonly hostFlowControl?: boolean;
    })
  | (Placed & {
      readonly kind: 'local-timer';
      /** Private line of each CPU the timers drive (ID 16 + n); default 13 (ID 29, as on a GIC). */
      readonly privateLine?: number;
    })
  | (Placed & { readonly kind: 'global-timer'; readonly irqs: readonly number[] })
  | (Placed & { readonly kind: 'rtc'; readonly epochSeconds: number; readonly irq?: number })
  | (Placed & {
      readonly kind: 'block';
      readonly irq?: number;
      readonly image:
        | { readonly kind: 'memory'; readonly bytes: Uint8Array; readonly readOnly?: boolean }
        | { readonly kind: 'blank'; readonly sectors: number }
        | { readonly kind: 'file'; readonly path: string; readonly readOnly?: boolean };
      readonly latency?: Partial<BlockLatency>;
    })
  | (Placed & {
      readonly kind: 'nic';
      readonly irq?: number;
      /** "02:00:00:00:00:01" */
      readonly mac: string;
      readonly bandwidthBps?: number;
      /** Name of the network segment this NIC plugs into (see machine/net). */
      readonly network?: string;
    })
  | (Placed & { readonly kind: 'power' });

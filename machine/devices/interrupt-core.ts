// The interrupt controller's common core, shared by every family's register front: interrupt
// inputs, enable masks, priorities, routing to CPUs, acknowledge / end-of-interrupt, and
// inter-processor interrupts. It is modelled on the GIC's distributor + CPU interface, which has
// all of these; other families' controllers (MIPS board registers, an APIC, SPARC levels) are a
// thin front over the same core.
//
// Interrupt IDs:  0..15  IPIs (software-generated, per target CPU, edge)
//                16..31  private lines of each CPU (e.g. its timer; level)
//                32..    shared lines from devices (level by default, or edge), routed to a CPU set
// Priority: 0 is most urgent, 255 least; a CPU is signalled for the most urgent pending, enabled,
// routed interrupt whose priority is below both its priority mask and its running priority (the
// priority of the most urgent interrupt it has acknowledged but not yet ended). Ties go to the
// lower ID. `acknowledge` returns SPURIOUS when there is none.
//
// IPI rule: an IPI sent during a quantum becomes pending at the end of that quantum (an event at
// the sender's current cycle), so its target sees it by the start of the next quantum whatever
// the CPUs' index order. Sent from an event, it is pending at once.
import type { DeviceHost, IrqLine } from './device.ts';

export const SPURIOUS = 1023;
export const FIRST_PRIVATE = 16;
export const FIRST_SHARED = 32;

/** The core's output for one CPU: raise or lower that CPU's interrupt input. */
export type CpuIrqOutput = (asserted: boolean) => void;

export class InterruptCore {
  readonly ids: number;
  enabled = false;
  /** Per CPU, ids 0..31 banked: index cpu*32 + id. Shared ids: index id. */
  readonly privEnabled: Uint8Array;
  readonly privPending: Uint8Array;
  readonly privActive: Uint8Array;
  readonly privPriority: Uint8Array;
  readonly privLevel: Uint8Array;
  /** Sources of pending IPIs: bit s set = CPU s sent IPI id to this CPU. Index cpu*16 + id. */
  readonly ipiSources: Uint32Array;
  readonly enabledBits: Uint8Array;
  readonly pending: Uint8Array;
  readonly priority: Uint8Array;
  readonly level: Uint8Array;
  readonly edge: Uint8Array;
  readonly targets: Uint32Array;
  /** CPU that holds shared id active, or -1. */
  readonly activeOn: Int8Array;
  readonly priorityMask: Uint8Array;
  private readonly outputs: CpuIrqOutput[] = [];
  private readonly asserted: Uint8Array;
  readonly ipisSent: Float64Array;
  readonly acknowledged: Float64Array;
  private readonly ipiEvents: Array<{ name: string; onEvent: (arg: number) => void }> = [];

  /** `sharedLines`: number of device lines (IDs 32..32+sharedLines-1); `cpus` at most 16. */
  constructor(
    private readonly host: DeviceHost,
    readonly cpus: number,
    readonly sharedLines: number,
  ) {
    if (cpus < 1 || cpus > 16) throw new RangeError(`interrupt controller: ${cpus} CPUs (1..16 supported)`);
    if (sharedLines < 0 || sharedLines > 224)
      throw new RangeError(`interrupt controller: ${sharedLines} lines (0..224)`);
    this.ids = FIRST_SHARED + sharedLines;
    this.privEnabled = new Uint8Array(cpus * 32);
    this.privPending = new Uint8Array(cpus * 32);
    this.privActive = new Uint8Array(cpus * 32);
    this.privPriority = new Uint8Array(cpus * 32);
    this.privLevel = new Uint8Array(cpus * 32);
    this.ipiSources = new Uint32Array(cpus * 16);
    this.enabledBits = new Uint8Array(this.ids);
    this.pending = new Uint8Array(this.ids);
    this.priority = new Uint8Array(this.ids);
    this.level = new Uint8Array(this.ids);
    this.edge = new Uint8Array(this.ids);
    this.targets = new Uint32Array(this.ids);
    this.activeOn = new Int8Array(this.ids);
    this.priorityMask = new Uint8Array(cpus);
    this.asserted = new Uint8Array(cpus);
    this.ipisSent = new Float64Array(cpus);
    this.acknowledged = new Float64Array(cpus);
    for (let cpu = 0; cpu < cpus; cpu++) {
      const target = cpu;
      this.ipiEvents.push({ name: `ipi->cpu${cpu}`, onEvent: (arg) => this.deliverIpi(target, arg) });
    }
    this.reset();
  }

  reset(): void {
    this.enabled = false;
    for (const a of [this.privEnabled, this.privPending, this.privActive, this.privPriority]) a.fill(0);
    this.ipiSources.fill(0);
    this.enabledBits.fill(0);
    this.pending.fill(0);
    this.priority.fill(0);
    this.edge.fill(0);
    this.targets.fill(1); // shared lines go to CPU 0 until routed
    this.activeOn.fill(-1);
    this.priorityMask.fill(0xff);
    // Input levels are wires from devices: a reset of the controller does not change them.
    for (let id = FIRST_SHARED; id < this.ids; id++) if (this.level[id]) this.pending[id] = 1;
    for (let at = 0; at < this.privLevel.length; at++) if (this.privLevel[at]) this.privPending[at] = 1;
    this.update();
  }

  /** Plain copy of the state for a device snapshot (inputs and outputs included). */
  saveState(): Record<string, number[] | number | boolean> {
    const out: Record<string, number[] | number | boolean> = { enabled: this.enabled };
    for (const [key, value] of Object.entries(this.arrays())) out[key] = Array.from(value);
    return out;
  }

  loadState(state: Record<string, number[] | number | boolean>): void {
    this.enabled = state.enabled === true;
    for (const [key, value] of Object.entries(this.arrays())) {
      const saved = state[key];
      if (!Array.isArray(saved) || saved.length !== value.length)
        throw new Error(`interrupt core snapshot: bad ${key}`);
      value.set(saved);
    }
    this.asserted.fill(0);
    for (let cpu = 0; cpu < this.cpus; cpu++) this.outputs[cpu]?.(false);
    this.update();
  }

  private arrays(): Record<string, Uint8Array | Uint32Array | Int8Array> {
    return {
      privEnabled: this.privEnabled,
      privPending: this.privPending,
      privActive: this.privActive,
      privPriority: this.privPriority,
      privLevel: this.privLevel,
      ipiSources: this.ipiSources,
      enabledBits: this.enabledBits,
      pending: this.pending,
      priority: this.priority,
      level: this.level,
      edge: this.edge,
      targets: this.targets,
      activeOn: this.activeOn,
      priorityMask: this.priorityMask,
    };
  }

  /** Wires CPU `cpu`'s interrupt input. */
  connectCpu(cpu: number, output: CpuIrqOutput): void {
    this.outputs[cpu] = output;
    this.asserted[cpu] = 0;
    this.update();
  }

  /** The input wire of shared line `n` (ID 32 + n), for a device. */
  sharedLine(n: number): IrqLine {
    const id = FIRST_SHARED + n;
    if (n < 0 || id >= this.ids) throw new RangeError(`interrupt controller has no shared line ${n}`);
    return { set: (asserted) => this.setSharedLevel(id, asserted) };
  }

  /** The input wire of private line `n` (ID 16 + n) of CPU `cpu`, e.g. its timer. */
  privateLine(cpu: number, n: number): IrqLine {
    if (cpu < 0 || cpu >= this.cpus || n < 0 || n > 15)
      throw new RangeError(`no private line ${n} on cpu${cpu}`);
    const at = cpu * 32 + FIRST_PRIVATE + n;
    return {
      set: (asserted) => {
        const v = asserted ? 1 : 0;
        if (this.privLevel[at] === v) return;
        this.privLevel[at] = v;
        if (v && !this.privActive[at]) this.privPending[at] = 1;
        if (!v) this.privPending[at] = 0;
        this.update();
      },
    };
  }

  private setSharedLevel(id: number, asserted: boolean): void {
    const v = asserted ? 1 : 0;
    if (this.level[id] === v) return;
    this.level[id] = v;
    if (v && this.activeOn[id] === -1) this.pending[id] = 1;
    if (!v && !this.edge[id]) this.pending[id] = 0;
    this.update();
  }

  /** Sends IPI `id` (0..15) from `fromCpu` to every CPU in `targets` (see the IPI rule above). */
  sendIpi(fromCpu: number, targets: number, id: number): void {
    const source = fromCpu < 0 ? 0 : fromCpu;
    this.ipisSent[source] = this.ipisSent[source]! + 1;
    for (let cpu = 0; cpu < this.cpus; cpu++) {
      if (targets & (1 << cpu))
        this.host.queue.schedule(this.host.now(), this.ipiEvents[cpu]!, id | (source << 4));
    }
  }

  private deliverIpi(cpu: number, arg: number): void {
    const id = arg & 15;
    const source = arg >> 4;
    this.ipiSources[cpu * 16 + id]! |= 1 << source;
    this.privPending[cpu * 32 + id] = 1;
    this.update();
  }

  private isEnabled(cpu: number, id: number): boolean {
    return id < FIRST_SHARED ? this.privEnabled[cpu * 32 + id] === 1 : this.enabledBits[id] === 1;
  }

  private priorityOf(cpu: number, id: number): number {
    return id < FIRST_SHARED ? this.privPriority[cpu * 32 + id]! : this.priority[id]!;
  }

  /** Priority of the most urgent interrupt active on `cpu`, or 256 when none. */
  runningPriority(cpu: number): number {
    let best = 256;
    for (let id = 0; id < FIRST_SHARED; id++) {
      if (this.privActive[cpu * 32 + id] && this.privPriority[cpu * 32 + id]! < best)
        best = this.privPriority[cpu * 32 + id]!;
    }
    for (let id = FIRST_SHARED; id < this.ids; id++) {
      if (this.activeOn[id] === cpu && this.priority[id]! < best) best = this.priority[id]!;
    }
    return best;
  }

  /** The ID `acknowledge` would return on `cpu` now, without side effects (SPURIOUS if none). */
  highestPending(cpu: number): number {
    if (!this.enabled) return SPURIOUS;
    const limit = Math.min(this.priorityMask[cpu]!, this.runningPriority(cpu));
    let bestId = SPURIOUS;
    let best = limit;
    for (let id = 0; id < FIRST_SHARED; id++) {
      const at = cpu * 32 + id;
      if (
        this.privPending[at] &&
        !this.privActive[at] &&
        this.privEnabled[at] &&
        this.privPriority[at]! < best
      ) {
        best = this.privPriority[at]!;
        bestId = id;
      }
    }
    const bit = 1 << cpu;
    for (let id = FIRST_SHARED; id < this.ids; id++) {
      if (
        this.pending[id] &&
        this.activeOn[id] === -1 &&
        this.enabledBits[id] &&
        this.targets[id]! & bit &&
        this.priority[id]! < best
      ) {
        best = this.priority[id]!;
        bestId = id;
      }
    }
    return bestId;
  }

  /** Takes the most urgent pending interrupt on `cpu`: it becomes active. IPIs carry source << 10. */
  acknowledge(cpu: number): number {
    const id = this.highestPending(cpu);
    if (id === SPURIOUS) return SPURIOUS;
    this.acknowledged[cpu] = this.acknowledged[cpu]! + 1;
    let result = id;
    if (id < FIRST_PRIVATE) {
      const at = cpu * 16 + id;
      const sources = this.ipiSources[at]!;
      // Made pending through ISPENDR rather than sent: no source; report CPU 0.
      const source = sources === 0 ? 0 : 31 - Math.clz32(sources & -sources);
      this.ipiSources[at] = sources & ~(1 << source);
      if (this.ipiSources[at] === 0) this.privPending[cpu * 32 + id] = 0;
      this.privActive[cpu * 32 + id] = 1;
      result = id | (source << 10);
    } else if (id < FIRST_SHARED) {
      this.privPending[cpu * 32 + id] = 0;
      this.privActive[cpu * 32 + id] = 1;
    } else {
      this.pending[id] = 0;
      this.activeOn[id] = cpu;
    }
    this.update();
    return result;
  }

  /** Ends interrupt `id` on `cpu`; false when it was not active there (the front reports misuse). */
  endOfInterrupt(cpu: number, id: number): boolean {
    if (id < FIRST_SHARED) {
      const at = cpu * 32 + id;
      if (id >= this.ids || !this.privActive[at]) return false;
      this.privActive[at] = 0;
      if (id >= FIRST_PRIVATE && this.privLevel[at]) this.privPending[at] = 1;
    } else {
      if (id >= this.ids || this.activeOn[id] !== cpu) return false;
      this.activeOn[id] = -1;
      if (this.level[id] && !this.edge[id]) this.pending[id] = 1;
    }
    this.update();
    return true;
  }

  isActive(cpu: number, id: number): boolean {
    return id < FIRST_SHARED ? this.privActive[cpu * 32 + id] === 1 : this.activeOn[id] !== -1;
  }

  isPending(cpu: number, id: number): boolean {
    return id < FIRST_SHARED ? this.privPending[cpu * 32 + id] === 1 : this.pending[id] === 1;
  }

  setEnabled(cpu: number, id: number, on: boolean): void {
    if (id < FIRST_SHARED) this.privEnabled[cpu * 32 + id] = on ? 1 : 0;
    else if (id < this.ids) this.enabledBits[id] = on ? 1 : 0;
    this.update();
  }

  setPending(cpu: number, id: number, on: boolean): void {
    if (id < FIRST_SHARED) this.privPending[cpu * 32 + id] = on ? 1 : 0;
    else if (id < this.ids) this.pending[id] = on ? 1 : 0;
    this.update();
  }

  setPriority(cpu: number, id: number, priority: number): void {
    if (id < FIRST_SHARED) this.privPriority[cpu * 32 + id] = priority;
    else if (id < this.ids) this.priority[id] = priority;
    this.update();
  }

  getPriority(cpu: number, id: number): number {
    return id < this.ids ? this.priorityOf(cpu, id) : 0;
  }

  getEnabled(cpu: number, id: number): boolean {
    return id < this.ids && this.isEnabled(cpu, id);
  }

  /** Recomputes every CPU's interrupt input; calls an output only when it changes. */
  update(): void {
    for (let cpu = 0; cpu < this.cpus; cpu++) {
      const want = this.highestPending(cpu) !== SPURIOUS ? 1 : 0;
      if (want !== this.asserted[cpu]) {
        this.asserted[cpu] = want;
        this.outputs[cpu]?.(want === 1);
      }
    }
  }

  /** True while CPU `cpu`'s interrupt input is raised. */
  isAsserted(cpu: number): boolean {
    return this.asserted[cpu] === 1;
  }
}

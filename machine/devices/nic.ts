// Network interface: Ethernet II frames moved by DMA through receive and transmit descriptor
// rings in RAM, with interrupts, a MAC address from the board description and a link bandwidth
// that paces transmission. The wire side is a `NetworkLink` (machine/net) that carries frames to
// other NICs with timestamps in nanoseconds.
//
// Register map (32-bit words):
//   0x00 MAC_LO    r  MAC bytes 0..3 (byte 0 in bits 31:24)
//   0x04 MAC_HI    r  MAC bytes 4..5 in bits 15:0
//   0x08 CTRL      rw bit 0 rx enable, 1 tx enable, 2 rx interrupt, 3 tx interrupt, 4 promiscuous
//   0x0C STATUS    r/w1c bit 0 frame received, 1 frame sent, 2 receive missed (no descriptor),
//                  bit 8 link up (read-only)
//   0x10 RX_BASE   rw ring address (16-byte aligned, wholly in RAM); 0x14 RX_COUNT rw entries 1..1024
//   0x18 RX_INDEX  r  next descriptor the NIC fills
//   0x20 TX_BASE   rw; 0x24 TX_COUNT rw; 0x28 TX_INDEX r  next descriptor the NIC sends
//   0x2C TX_POLL   w  doorbell: look for descriptors to send
//   0x30 LINK_MBPS r  link bandwidth in Mbit/s
// Descriptor (16 bytes, board byte order): +0 buffer address; +4 length (tx: frame length; rx:
// buffer size, replaced by the received length); +8 status: bit 31 OWN (the NIC owns it), bit 0
// error (rx: frame truncated; tx: bad descriptor); +12 reserved. The driver sets OWN to hand a
// descriptor over; the NIC clears it when done.
// Misuse: non-word access; ring registers changed while that side is enabled; a ring not in RAM
// or unaligned; enabling a side with no ring; a tx frame shorter than 14 or longer than 1514
// bytes or outside RAM; writing read-only registers.
import type { AccessSize } from '../memory/index.ts';
import type { EventHandler } from '../time/index.ts';
import { cyclesToNs, nsToCyclesCeil, transferCycles } from '../time/index.ts';
import type { Device, DeviceHost, DeviceSnapshot, IrqLine } from './device.ts';
import { checkWordAccess, NO_IRQ, registerName, snapshotState } from './device.ts';

/** The network side of a NIC, given to it by a segment. */
export interface NetworkLink {
  transmit(frame: Uint8Array, atNs: number): void;
}

/** A NIC as a network sees it. */
export interface NetworkEndpoint {
  readonly name: string;
  readonly mac: Uint8Array;
  /** A frame arrives at absolute time `atNs` (never earlier than the endpoint's present). */
  deliver(frame: Uint8Array, atNs: number): void;
  /** The endpoint's present in nanoseconds. */
  nowNs(): number;
}

const REGS: Readonly<Record<number, string>> = {
  0: 'MAC_LO',
  4: 'MAC_HI',
  8: 'CTRL',
  12: 'STATUS',
  16: 'RX_BASE',
  20: 'RX_COUNT',
  24: 'RX_INDEX',
  32: 'TX_BASE',
  36: 'TX_COUNT',
  40: 'TX_INDEX',
  44: 'TX_POLL',
  48: 'LINK_MBPS',
};
const OWN = 0x8000_0000;
const MIN_FRAME = 14;
const MAX_FRAME = 1514;
/** Preamble + start delimiter (8), FCS (4) and inter-frame gap (12) on the wire. */
const WIRE_OVERHEAD = 24;
const EV_TX_DONE = -1;
const VERSION = 1;

interface NicState {
  ctrl: number;
  status: number;
  rxBase: number;
  rxCount: number;
  rxIndex: number;
  txBase: number;
  txCount: number;
  txIndex: number;
  /** Frame being sent and when it is on the wire, or -1. */
  txFrame: number[] | undefined;
  txDoneAt: number;
  /** Frames in flight towards this NIC: id -> (cycle, bytes). */
  arriving: [number, number, number[]][];
}

export class Nic implements Device, EventHandler, NetworkEndpoint {
  readonly kind = 'nic';
  readonly size = 0x40;
  link: NetworkLink | undefined;
  private s: NicState = Nic.initial();
  private txHandle = -1;
  private arriving = new Map<number, { handle: number; at: number; frame: Uint8Array }>();
  private nextArrival = 0;
  private level = false;
  private counters = {
    framesSent: 0,
    framesReceived: 0,
    rxMissed: 0,
    rxFiltered: 0,
    rxDisabled: 0,
    txErrors: 0,
  };

  constructor(
    readonly name: string,
    private readonly host: DeviceHost,
    readonly mac: Uint8Array,
    readonly bandwidthBps = 100_000_000,
    private readonly irq: IrqLine = NO_IRQ,
  ) {
    if (mac.length !== 6) throw new RangeError(`${name}: MAC must be 6 bytes`);
  }

  private static initial(): NicState {
    return {
      ctrl: 0,
      status: 0,
      rxBase: 0,
      rxCount: 0,
      rxIndex: 0,
      txBase: 0,
      txCount: 0,
      txIndex: 0,
      txFrame: undefined,
      txDoneAt: -1,
      arriving: [],
    };
  }

  nowNs(): number {
    return cyclesToNs(this.host.now(), this.host.frequencyHz);
  }

  read(offset: number, size: AccessSize): number {
    if (!checkWordAccess(this.host, this.name, REGS, offset, size, 0)) return 0;
    const s = this.s;
    const m = this.mac;
    switch (offset) {
      case 0x00:
        return ((m[0]! << 24) | (m[1]! << 16) | (m[2]! << 8) | m[3]!) >>> 0;
      case 0x04:
        return (m[4]! << 8) | m[5]!;
      case 0x08:
        return s.ctrl;
      case 0x0c:
        return s.status | 0x100;
      case 0x10:
        return s.rxBase;
      case 0x14:
        return s.rxCount;
      case 0x18:
        return s.rxIndex;
      case 0x20:
        return s.txBase;
      case 0x24:
        return s.txCount;
      case 0x28:
        return s.txIndex;
      case 0x30:
        return Math.floor(this.bandwidthBps / 1_000_000);
      default:
        this.host.misuse(
          this.name,
          registerName(REGS, offset),
          0,
          offset === 0x2c ? 'TX_POLL is write-only' : 'no register at this offset',
        );
        return 0;
    }
  }

  write(offset: number, size: AccessSize, value: number): void {
    if (!checkWordAccess(this.host, this.name, REGS, offset, size, value)) return;
    const s = this.s;
    const reg = registerName(REGS, offset);
    const bad = (message: string) => this.host.misuse(this.name, reg, value, message);
    value >>>= 0;
    switch (offset) {
      case 0x08: {
        if (value & ~0x1f) {
          bad('reserved CTRL bits set');
          return;
        }
        if (value & 1 && !(s.ctrl & 1) && !this.ringOk(s.rxBase, s.rxCount)) {
          bad('rx enabled without a valid ring');
          return;
        }
        if (value & 2 && !(s.ctrl & 2) && !this.ringOk(s.txBase, s.txCount)) {
          bad('tx enabled without a valid ring');
          return;
        }
        s.ctrl = value;
        this.updateIrq();
        if (value & 2) this.startTx();
        return;
      }
      case 0x0c:
        if (value & ~7) {
          bad('only bits 0..2 can be cleared');
          return;
        }
        s.status &= ~value;
        this.updateIrq();
        return;
      case 0x10:
      case 0x14:
        if (s.ctrl & 1) {
          bad('rx ring changed while rx is enabled');
          return;
        }
        if (offset === 0x10) s.rxBase = value;
        else s.rxCount = value;
        s.rxIndex = 0;
        return;
      case 0x20:
      case 0x24:
        if (s.ctrl & 2) {
          bad('tx ring changed while tx is enabled');
          return;
        }
        if (offset === 0x20) s.txBase = value;
        else s.txCount = value;
        s.txIndex = 0;
        return;
      case 0x2c:
        if (!(s.ctrl & 2)) {
          bad('TX_POLL with tx disabled');
          return;
        }
        this.startTx();
        return;
      default:
        bad('register is read-only');
    }
  }

  private ringOk(base: number, count: number): boolean {
    return (base & 15) === 0 && count >= 1 && count <= 1024 && this.host.bus.isRam(base, count * 16);
  }

  private descWord(base: number, index: number, word: number): number {
    return this.host.bus.read32(base + index * 16 + word * 4);
  }

  private setDescWord(base: number, index: number, word: number, value: number): void {
    const address = base + index * 16 + word * 4;
    this.host.bus.write32(address, value);
    this.host.bus.noteStore(address, 4, -1);
  }

  /** Starts sending the next owned tx descriptor if the transmitter is idle. */
  private startTx(): void {
    const s = this.s;
    while (s.txFrame === undefined && s.ctrl & 2) {
      const status = this.descWord(s.txBase, s.txIndex, 2);
      if (!(status & OWN)) return;
      const address = this.descWord(s.txBase, s.txIndex, 0);
      const length = this.descWord(s.txBase, s.txIndex, 1);
      const frame =
        length >= MIN_FRAME && length <= MAX_FRAME ? new Uint8Array(Math.max(60, length)) : undefined;
      if (frame === undefined || !this.host.bus.copyFromRam(address, frame.subarray(0, length))) {
        this.counters.txErrors++;
        this.host.misuse(
          this.name,
          `TX[${s.txIndex}]`,
          length,
          `bad tx descriptor: ${length} bytes at 0x${address.toString(16)} (14..1514 bytes, in RAM)`,
        );
        this.setDescWord(s.txBase, s.txIndex, 2, 1);
        s.txIndex = (s.txIndex + 1) % s.txCount;
        continue;
      }
      s.txFrame = Array.from(frame);
      const cycles = transferCycles(frame.length + WIRE_OVERHEAD, this.bandwidthBps, this.host.frequencyHz);
      s.txDoneAt = this.host.now() + cycles;
      this.txHandle = this.host.queue.schedule(s.txDoneAt, this, EV_TX_DONE);
    }
  }

  onEvent(arg: number, time: number): void {
    if (arg === EV_TX_DONE) {
      this.finishTx(time);
      return;
    }
    const arrival = this.arriving.get(arg);
    if (arrival === undefined) return;
    this.arriving.delete(arg);
    this.receive(arrival.frame);
  }

  private finishTx(time: number): void {
    const s = this.s;
    const frame = Uint8Array.from(s.txFrame ?? []);
    s.txFrame = undefined;
    s.txDoneAt = -1;
    this.txHandle = -1;
    this.setDescWord(s.txBase, s.txIndex, 2, 0);
    s.txIndex = (s.txIndex + 1) % s.txCount;
    s.status |= 2;
    this.counters.framesSent++;
    this.link?.transmit(frame, cyclesToNs(time, this.host.frequencyHz));
    this.updateIrq();
    this.startTx();
  }

  /** Network side: a frame reaches this NIC at `atNs`. */
  deliver(frame: Uint8Array, atNs: number): void {
    const at = Math.max(this.host.now(), nsToCyclesCeil(atNs, this.host.frequencyHz));
    const id = this.nextArrival++;
    this.arriving.set(id, { handle: this.host.queue.schedule(at, this, id), at, frame });
  }

  private accepts(frame: Uint8Array): boolean {
    if (this.s.ctrl & 16) return true;
    if (frame[0]! & 1) return true; // broadcast and multicast
    for (let i = 0; i < 6; i++) if (frame[i] !== this.mac[i]) return false;
    return true;
  }

  private receive(frame: Uint8Array): void {
    const s = this.s;
    if (!(s.ctrl & 1)) {
      this.counters.rxDisabled++;
      return;
    }
    if (!this.accepts(frame)) {
      this.counters.rxFiltered++;
      return;
    }
    const status = this.descWord(s.rxBase, s.rxIndex, 2);
    if (!(status & OWN)) {
      this.counters.rxMissed++;
      s.status |= 4;
      this.updateIrq();
      return;
    }
    const address = this.descWord(s.rxBase, s.rxIndex, 0);
    const capacity = this.descWord(s.rxBase, s.rxIndex, 1);
    const length = Math.min(capacity, frame.length);
    const ok = this.host.bus.copyToRam(address, frame.subarray(0, length));
    if (!ok) this.host.misuse(this.name, `RX[${s.rxIndex}]`, address, 'rx buffer not wholly in RAM');
    this.setDescWord(s.rxBase, s.rxIndex, 1, ok ? length : 0);
    this.setDescWord(s.rxBase, s.rxIndex, 2, length < frame.length || !ok ? 1 : 0);
    s.rxIndex = (s.rxIndex + 1) % s.rxCount;
    s.status |= 1;
    this.counters.framesReceived++;
    this.updateIrq();
  }

  private updateIrq(): void {
    const s = this.s;
    const level =
      ((s.ctrl & 4) !== 0 && (s.status & 5) !== 0) || ((s.ctrl & 8) !== 0 && (s.status & 2) !== 0);
    if (level !== this.level) {
      this.level = level;
      this.irq.set(level);
    }
  }

  /** A reset drops the frame being sent and frames on their way in. */
  reset(): void {
    if (this.txHandle >= 0) this.host.queue.cancel(this.txHandle);
    for (const a of this.arriving.values()) this.host.queue.cancel(a.handle);
    this.arriving.clear();
    this.txHandle = -1;
    this.s = Nic.initial();
    this.updateIrq();
  }

  snapshot(): DeviceSnapshot {
    const arriving: [number, number, number[]][] = [...this.arriving].map(([id, a]) => [
      id,
      a.at,
      Array.from(a.frame),
    ]);
    return {
      device: this.name,
      kind: this.kind,
      version: VERSION,
      state: structuredClone({ ...this.s, arriving }),
    };
  }

  restore(snapshot: DeviceSnapshot): void {
    this.reset();
    this.s = structuredClone(snapshotState<NicState>(snapshot, this.kind, VERSION));
    if (this.s.txDoneAt >= 0) this.txHandle = this.host.queue.schedule(this.s.txDoneAt, this, EV_TX_DONE);
    for (const [id, at, bytes] of this.s.arriving) {
      this.arriving.set(id, {
        handle: this.host.queue.schedule(at, this, id),
        at,
        frame: Uint8Array.from(bytes),
      });
      this.nextArrival = Math.max(this.nextArrival, id + 1);
    }
    this.s.arriving = [];
    this.updateIrq();
  }

  stats(): Record<string, number> {
    return { ...this.counters };
  }
}

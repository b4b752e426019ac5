// The device event queue: future happenings (a timer expiring, a disk transfer finishing, a
// frame arriving) ordered by (time, sequence). Time is in cycles of the board clock; the
// sequence number is the order of scheduling, so events due at the same cycle fire in the order
// they were scheduled and a run never depends on heap internals.
//
// An indexed binary heap over preallocated typed arrays: scheduling and firing allocate nothing
// once the arrays have grown to the high-water mark. Handles let a device cancel an event (a
// reprogrammed timer). A hard cap on pending events turns a runaway driver (re-arming a
// zero-delay timer in a loop) into a named error instead of an out-of-memory host.

/** Something that can be woken by an event; `arg` is whatever number it scheduled with. */
export interface EventHandler {
  /** Stable name, used in the event-sequence hash and in messages. */
  readonly name: string;
  onEvent(arg: number, time: number): void;
}

export class EventQueueOverflow extends Error {
  override readonly name = 'EventQueueOverflow';
}

/** Slots per generation in a handle; also the largest possible cap. */
const SLOT_SPACE = 1 << 20;

export class EventQueue {
  private time = new Float64Array(0);
  private seq = new Float64Array(0);
  private arg = new Float64Array(0);
  private generation = new Uint32Array(0);
  /** Heap index of each slot, -1 when the slot is free. */
  private position = new Int32Array(0);
  private heap = new Int32Array(0);
  private free = new Int32Array(0);
  private freeCount = 0;
  private handlers: (EventHandler | undefined)[] = [];
  private count = 0;
  private nextSeq = 0;

  /** Filled by `pop()`: the event just taken off the queue. */
  poppedTime = 0;
  poppedArg = 0;
  poppedSeq = 0;
  poppedHandler: EventHandler | undefined;

  constructor(readonly maxPending = 65536) {
    if (maxPending < 1 || maxPending > SLOT_SPACE)
      throw new RangeError(`event cap ${maxPending} out of range`);
    this.grow(Math.min(256, maxPending));
  }

  get size(): number {
    return this.count;
  }

  /** Time of the earliest pending event, or +Infinity. */
  peekTime(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : this.time[this.heap[0]!]!;
  }

  /** Schedules `handler.onEvent(arg, time)`; returns a handle for `cancel`. */
  schedule(time: number, handler: EventHandler, arg = 0): number {
    if (this.freeCount === 0) {
      if (this.time.length >= this.maxPending) {
        throw new EventQueueOverflow(
          `too many pending events (${this.maxPending}); last from ${handler.name} at cycle ${time}`,
        );
      }
      this.grow(Math.min(this.time.length * 2, this.maxPending));
    }
    const slot = this.free[--this.freeCount]!;
    this.time[slot] = time;
    this.seq[slot] = this.nextSeq++;
    this.arg[slot] = arg;
    this.handlers[slot] = handler;
    const at = this.count++;
    this.heap[at] = slot;
    this.position[slot] = at;
    this.siftUp(at);
    return this.generation[slot]! * SLOT_SPACE + slot;
  }

  /** Removes a pending event; false if it already fired or was cancelled. */
  cancel(handle: number): boolean {
    const slot = handle % SLOT_SPACE;
    if (slot >= this.time.length) return false;
    if (this.generation[slot]! !== (handle - slot) / SLOT_SPACE || this.position[slot]! < 0) return false;
    this.removeAt(this.position[slot]!);
    return true;
  }

  /** True while the event behind `handle` is pending. */
  isPending(handle: number): boolean {
    const slot = handle % SLOT_SPACE;
    return (
      slot < this.time.length &&
      this.generation[slot]! === (handle - slot) / SLOT_SPACE &&
      this.position[slot]! >= 0
    );
  }

  /** Takes the earliest event off the queue into the `popped*` fields; false when empty. */
  pop(): boolean {
    if (this.count === 0) return false;
    const slot = this.heap[0]!;
    this.poppedTime = this.time[slot]!;
    this.poppedArg = this.arg[slot]!;
    this.poppedSeq = this.seq[slot]!;
    this.poppedHandler = this.handlers[slot];
    this.removeAt(0);
    return true;
  }

  /** Drops every pending event (machine reset). Sequence numbering continues. */
  clear(): void {
    while (this.count > 0) this.removeAt(this.count - 1);
  }

  private removeAt(at: number): void {
    const slot = this.heap[at]!;
    const lastAt = --this.count;
    if (at !== lastAt) {
      const moved = this.heap[lastAt]!;
      this.heap[at] = moved;
      this.position[moved] = at;
      if (at > 0 && this.less(moved, this.heap[(at - 1) >> 1]!)) this.siftUp(at);
      else this.siftDown(at);
    }
    this.position[slot] = -1;
    this.handlers[slot] = undefined;
    this.generation[slot] = (this.generation[slot]! + 1) >>> 0;
    this.free[this.freeCount++] = slot;
  }

  private less(a: number, b: number): boolean {
    const ta = this.time[a]!;
    const tb = this.time[b]!;
    return ta < tb || (ta === tb && this.seq[a]! < this.seq[b]!);
  }

  private siftUp(at: number): void {
    const heap = this.heap;
    const slot = heap[at]!;
    while (at > 0) {
      const parentAt = (at - 1) >> 1;
      const parent = heap[parentAt]!;
      if (!this.less(slot, parent)) break;
      heap[at] = parent;
      this.position[parent] = at;
      at = parentAt;
    }
    heap[at] = slot;
    this.position[slot] = at;
  }

  private siftDown(at: number): void {
    const heap = this.heap;
    const slot = heap[at]!;
    const n = this.count;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && this.less(heap[child + 1]!, heap[child]!)) child++;
      const c = heap[child]!;
      if (!this.less(c, slot)) break;
      heap[at] = c;
      this.position[c] = at;
      at = child;
    }
    heap[at] = slot;
    this.position[slot] = at;
  }

  private grow(capacity: number): void {
    const old = this.time.length;
    const widen = <T extends Float64Array | Uint32Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.time = widen(this.time, (n) => new Float64Array(n));
    this.seq = widen(this.seq, (n) => new Float64Array(n));
    this.arg = widen(this.arg, (n) => new Float64Array(n));
    this.generation = widen(this.generation, (n) => new Uint32Array(n));
    this.position = widen(this.position, (n) => new Int32Array(n));
    this.position.fill(-1, old);
    this.heap = widen(this.heap, (n) => new Int32Array(n));
    const free = new Int32Array(capacity);
    free.set(this.free.subarray(0, this.freeCount));
    // Hand out low slots first: push new slots in descending order.
    for (let slot = capacity - 1; slot >= old; slot--) free[this.freeCount++] = slot;
    this.free = free;
    this.handlers.length = capacity;
  }
}

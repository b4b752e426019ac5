// Pipes of the `chorus exec` shim: a bounded byte queue shared by the descriptors of its two
// ends, across the processes that inherited them. Readers and writers are counted per open
// file description end, so EOF (no writer left) and EPIPE (no reader left) follow Linux. A read
// of an empty pipe or a write to a full one asks the caller to block (`PIPE_BLOCK`); the
// scheduler retries the system call once other processes have run. FIFOs made with mkfifo are
// the same object, found by their host path.

/** Linux's default pipe capacity (16 pages). */
export const PIPE_CAPACITY = 65536;
/** Result of a pipe operation that must wait for the other end. */
export const PIPE_BLOCK = -0x10000;

export class Pipe {
  private chunks: Uint8Array[] = [];
  private size = 0;
  readers = 0;
  writers = 0;

  /** Up to `max` bytes; empty at EOF; PIPE_BLOCK while empty with a writer left. */
  read(max: number): Uint8Array | number {
    if (this.size === 0) return this.writers > 0 ? PIPE_BLOCK : new Uint8Array(0);
    const out = new Uint8Array(Math.min(max, this.size));
    let done = 0;
    while (done < out.length) {
      const chunk = this.chunks[0]!;
      const take = Math.min(chunk.length, out.length - done);
      out.set(chunk.subarray(0, take), done);
      done += take;
      if (take === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(take);
    }
    this.size -= done;
    return out;
  }

  /** The count accepted (a partial write when nearly full); PIPE_BLOCK when full; -1 if no reader. */
  write(bytes: Uint8Array): number {
    if (this.readers === 0) return -1;
    if (bytes.length === 0) return 0;
    const room = PIPE_CAPACITY - this.size;
    if (room === 0) return PIPE_BLOCK;
    const take = Math.min(room, bytes.length);
    this.chunks.push(bytes.slice(0, take));
    this.size += take;
    return take;
  }
}

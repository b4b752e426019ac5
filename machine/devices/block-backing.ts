// Where a block device's sectors live: an in-memory image or a host file. Writes reach the
// backing in the order the device completes them (one command at a time), so a crash after
// command n leaves exactly commands 1..n in the image.
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';

export const SECTOR_SIZE = 512;

export interface BlockBacking {
  readonly sectors: number;
  readonly readOnly: boolean;
  read(lba: number, target: Uint8Array): void;
  write(lba: number, source: Uint8Array): void;
  flush(): void;
  close(): void;
}

export class MemoryBacking implements BlockBacking {
  readonly sectors: number;

  /** `image` is used in place (the caller sees the writes); its length must be whole sectors. */
  constructor(
    readonly image: Uint8Array,
    readonly readOnly = false,
  ) {
    if (image.length % SECTOR_SIZE !== 0)
      throw new RangeError(`image of ${image.length} bytes is not whole sectors`);
    this.sectors = image.length / SECTOR_SIZE;
  }

  read(lba: number, target: Uint8Array): void {
    target.set(this.image.subarray(lba * SECTOR_SIZE, lba * SECTOR_SIZE + target.length));
  }

  write(lba: number, source: Uint8Array): void {
    this.image.set(source, lba * SECTOR_SIZE);
  }

  flush(): void {}
  close(): void {}
}

export class FileBacking implements BlockBacking {
  readonly sectors: number;
  private fd: number;

  constructor(
    readonly path: string,
    readonly readOnly = false,
  ) {
    this.fd = openSync(path, readOnly ? 'r' : 'r+');
    const size = fstatSync(this.fd).size;
    if (size % SECTOR_SIZE !== 0) {
      closeSync(this.fd);
      throw new RangeError(`disk image ${path} is ${size} bytes, not whole 512-byte sectors`);
    }
    this.sectors = size / SECTOR_SIZE;
  }

  read(lba: number, target: Uint8Array): void {
    let done = 0;
    while (done < target.length) {
      const n = readSync(this.fd, target, done, target.length - done, lba * SECTOR_SIZE + done);
      if (n <= 0) break;
      done += n;
    }
    target.fill(0, done);
  }

  write(lba: number, source: Uint8Array): void {
    let done = 0;
    while (done < source.length)
      done += writeSync(this.fd, source, done, source.length - done, lba * SECTOR_SIZE + done);
  }

  flush(): void {
    if (!this.readOnly) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

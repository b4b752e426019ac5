import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileTable } from '../../src/exec/host-files.ts';
import { ERRNO } from '../../src/exec/host-paths.ts';

// The exec shim's file layer: guests reach host files only inside the start directory.
describe('chorus exec: host files stay inside the start directory', () => {
  let outside = '';
  let root = '';
  const streams = { stdout: () => {}, stderr: () => {}, stdin: () => new Uint8Array(0) };
  beforeAll(() => {
    outside = mkdtempSync(join(tmpdir(), 'chorus-exec-files-'));
    root = join(outside, 'root');
    mkdirSync(root);
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    writeFileSync(join(root, 'inside.txt'), 'inside');
    symlinkSync(join(outside, 'secret.txt'), join(root, 'escape'));
  });
  afterAll(() => {
    if (outside) rmSync(outside, { recursive: true, force: true });
  });

  const cases: [string, string, number][] = [
    ['an absolute path outside', '/etc/hosts', -ERRNO.EACCES],
    ['a relative path climbing out', '../secret.txt', -ERRNO.EACCES],
    ['a symbolic link pointing out', 'escape', -ERRNO.EACCES],
    ['a missing file', 'missing.txt', -ERRNO.ENOENT],
  ];
  for (const [name, path, expected] of cases) {
    it(`EXEC files: open of ${name} fails with errno ${-expected}`, () => {
      const files = new FileTable(streams, root);
      expect(files.open(path, 0, 0)).toBe(expected);
    });
  }

  it('EXEC files: /etc/passwd and /etc/group are the built-in files (root and one user), read-only', () => {
    const files = new FileTable(streams, root);
    const fd = files.open('/etc/passwd', 0, 0);
    const text = Buffer.from(files.read(fd, 4096) as Uint8Array).toString();
    expect(text.split('\n')[0]).toBe('root:x:0:0:root:/root:/bin/sh');
    expect(text).toContain('\nuser:x:1000:1000:');
    expect(files.open('/etc/../etc/group', 0, 0)).toBeGreaterThan(fd);
    expect(files.open('/etc/passwd', 1, 0)).toBe(-ERRNO.EACCES);
  });

  it('EXEC files: a file inside is read through its descriptor; dup shares the offset', () => {
    const files = new FileTable(streams, root);
    const fd = files.open('inside.txt', 0, 0);
    expect(fd).toBe(3);
    const copy = files.duplicate(fd, 0);
    expect(Buffer.from(files.read(fd, 3) as Uint8Array).toString()).toBe('ins');
    expect(Buffer.from(files.read(copy, 10) as Uint8Array).toString()).toBe('ide');
    expect(files.write(fd, new Uint8Array(1))).toBe(-ERRNO.EBADF); // opened read-only
    expect(files.close(fd)).toBe(0);
    expect(files.close(fd)).toBe(-ERRNO.EBADF);
    files.closeAll();
  });

  it('EXEC files: a file created inside can be written and read back', () => {
    const files = new FileTable(streams, root);
    const fd = files.open('new.txt', 0x2 | 0x100, 0o644); // O_RDWR | O_CREAT (MIPS values)
    expect(files.write(fd, Buffer.from('hello'))).toBe(5);
    expect(files.seek(fd, 1, 0)).toBe(1);
    expect(Buffer.from(files.read(fd, 10) as Uint8Array).toString()).toBe('ello');
    files.closeAll();
  });
});

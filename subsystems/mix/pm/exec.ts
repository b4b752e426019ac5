// execve(path, argv, envp): the PM replaces a process's program with a static ELF executable
// from the image server. Everything that can fail without harm is checked first (the file, its
// ELF header and segments, the argument and environment strings), so that those errors
// (ENOENT, EACCES, ENOEXEC, EFAULT, E2BIG) leave the old program intact. Then the caller's
// regions are freed, new ones made for the PT_LOAD segments and filled through svCopyOut (the
// trap runs on the caller's thread, in its address space), a stack is built as Linux builds it
// (argc, argv, envp, the auxiliary vector; what crt0 and __libc_start read), the registers are
// set to start at the entry point and the descriptors marked close-on-exec are closed. A
// failure after the old regions are gone ends the process (SIGKILL's status), as Linux does.
import { api, STACK_PAGES, STACK_TOP } from '../../../nucleus/index.ts';
import { KIND } from '../image/protocol.ts';
import { ERRNO, SP } from './abi.ts';
import type { Call, CallContext, CallEntry } from './context.ts';
import { readWords } from './context.ts';
import { closeOnExec, filesOf } from './fds.ts';
import { absolute, FERR, lookup, readFile, readString } from './files.ts';
import { becomeZombie } from './lifecycle.ts';
import { signalsAtExec } from './signal-post.ts';

const PAGE = 4096;
const PT_LOAD = 1;
const PF_W = 2;
const EM_MIPS = 8;
const ET_EXEC = 2;
const EACCES = 13;
const E2BIG = 7;
/** The most argument and environment strings, and their bytes, execve takes. */
const ARGS_MAX = 4096;
const ARG_BYTES_MAX = 128 * 1024;
/** The wait status of a process killed by SIGKILL. */
const KILLED = 9;
const USER_END = 0x8000_0000;

interface Segment {
  readonly vaddr: number;
  readonly offset: number;
  readonly fileSize: number;
  readonly memSize: number;
  readonly flags: number;
}

export interface ElfImage {
  readonly entry: number;
  readonly segments: readonly Segment[];
  readonly phdrAddress: number;
  readonly phentsize: number;
  readonly phnum: number;
}

/** The loadable image of a static ELF32 MIPS executable in the site's byte order, or undefined. */
export function parseExecutable(file: Uint8Array, bigEndian: boolean): ElfImage | undefined {
  if (file.length < 52 || file[0] !== 0x7f || file[1] !== 0x45 || file[2] !== 0x4c || file[3] !== 0x46)
    return undefined;
  if (file[4] !== 1 || file[5] !== (bigEndian ? 2 : 1)) return undefined;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const little = !bigEndian;
  if (view.getUint16(16, little) !== ET_EXEC || view.getUint16(18, little) !== EM_MIPS) return undefined;
  const entry = view.getUint32(24, little);
  const phoff = view.getUint32(28, little);
  const phentsize = view.getUint16(42, little);
  const phnum = view.getUint16(44, little);
  if (phentsize < 32) return undefined;
  const segments: Segment[] = [];
  let phdrAddress = 0;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 32 > file.length) return undefined;
    if (view.getUint32(at, little) !== PT_LOAD) continue;
    const segment = {
      offset: view.getUint32(at + 4, little),
      vaddr: view.getUint32(at + 8, little),
      fileSize: view.getUint32(at + 16, little),
      memSize: view.getUint32(at + 20, little),
      flags: view.getUint32(at + 24, little),
    };
    if (segment.fileSize > segment.memSize || segment.offset + segment.fileSize > file.length)
      return undefined;
    if (segment.vaddr + segment.memSize > STACK_TOP - STACK_PAGES * PAGE) return undefined;
    if (phoff >= segment.offset && phoff < segment.offset + segment.fileSize)
      phdrAddress = segment.vaddr + phoff - segment.offset;
    segments.push(segment);
  }
  if (segments.length === 0) return undefined;
  return { entry, segments, phdrAddress, phentsize, phnum };
}

/** The strings of the NULL-ended pointer array at `address` (argv, envp), or -errno. */
function* readStrings(call: CallContext, address: number): Call<string[] | number> {
  const strings: string[] = [];
  if (address === 0) return strings;
  let bytes = 0;
  for (let i = 0; ; i++) {
    if (i >= ARGS_MAX) return -E2BIG;
    const [pointer] = (yield* readWords(call, address + 4 * i, 1)) ?? [];
    if (pointer === undefined) return -ERRNO.EFAULT;
    if (pointer === 0) return strings;
    const text = yield* readString(pointer, ARG_BYTES_MAX);
    if (typeof text === 'number') return text === -FERR.ENAMETOOLONG ? -E2BIG : text;
    bytes += text.length + 1;
    if (bytes > ARG_BYTES_MAX) return -E2BIG;
    strings.push(text);
  }
}

/** Page runs the segments cover (segments sharing a page share a run, writable if either is). */
function pageRuns(image: ElfImage): { start: number; end: number; writable: boolean }[] {
  const runs: { start: number; end: number; writable: boolean }[] = [];
  for (const s of [...image.segments].sort((a, b) => a.vaddr - b.vaddr)) {
    if (s.memSize === 0) continue;
    const run = {
      start: Math.floor(s.vaddr / PAGE) * PAGE,
      end: Math.ceil((s.vaddr + s.memSize) / PAGE) * PAGE,
      writable: (s.flags & PF_W) !== 0,
    };
    const last = runs.at(-1);
    if (last !== undefined && run.start < last.end) {
      last.end = Math.max(last.end, run.end);
      last.writable ||= run.writable;
    } else runs.push(run);
  }
  return runs;
}

/**
 * The initial stack's bytes and where they start: argc, argv[], 0, envp[], 0, the auxiliary
 * vector, then the 16 AT_RANDOM bytes (fixed: runs are reproducible) and the strings.
 */
function initialStack(
  call: CallContext,
  image: ElfImage,
  path: string,
  argv: readonly string[],
  envp: readonly string[],
): { sp: number; bytes: Uint8Array } {
  const encoder = new TextEncoder();
  const strings: Uint8Array[] = [];
  let top = STACK_TOP - 16;
  const place = (bytes: Uint8Array): number => {
    top -= bytes.length;
    strings.push(bytes);
    return top;
  };
  const execfn = place(encoder.encode(`${path}\0`));
  const argAddresses = argv.map((a) => place(encoder.encode(`${a}\0`)));
  const envAddresses = envp.map((e) => place(encoder.encode(`${e}\0`)));
  top &= ~3;
  const random = place(Uint8Array.from({ length: 16 }, (_, i) => (i * 37 + 11) & 0xff));
  const auxv = [
    [3, image.phdrAddress], // AT_PHDR
    [4, image.phentsize],
    [5, image.phnum],
    [6, PAGE], // AT_PAGESZ
    [7, 0], // AT_BASE: no interpreter
    [8, 0],
    [9, image.entry], // AT_ENTRY
    [11, 0], // uids and gids: root
    [12, 0],
    [13, 0],
    [14, 0],
    [16, 0], // AT_HWCAP
    [17, 100], // AT_CLKTCK
    [23, 0], // AT_SECURE
    [25, random],
    [31, execfn],
    [0, 0],
  ].flat();
  const words = call.pm.words.encode([argv.length, ...argAddresses, 0, ...envAddresses, 0, ...auxv]);
  let sp = top - words.length;
  sp -= sp % 16;
  const bytes = new Uint8Array(STACK_TOP - 16 - sp);
  bytes.set(words, 0);
  // The strings were placed downwards from STACK_TOP - 16, in the order of `strings`.
  let at = STACK_TOP - 16;
  for (const s of strings) {
    at -= s.length;
    bytes.set(s, at - sp);
  }
  return { sp, bytes };
}

/** Frees every region of the process and lays the new program out; false when that fails. */
function* replaceImage(
  call: CallContext,
  image: ElfImage,
  file: Uint8Array,
  stack: Uint8Array,
  sp: number,
): Call<boolean> {
  const actor = call.process.actor;
  yield* api.rgnFree(actor, 0, USER_END);
  const runs = pageRuns(image);
  for (const run of runs) {
    const options = api.K_WRITABLE | api.K_EXECUTABLE;
    if ((yield* api.rgnAllocate(actor, { start: run.start, size: run.end - run.start, options })) < 0)
      return false;
  }
  for (const s of image.segments) {
    if (s.fileSize === 0) continue;
    const data = file.subarray(s.offset, s.offset + s.fileSize);
    if ((yield* api.svCopyOut(s.vaddr, data)) !== 0) return false;
  }
  for (const run of runs)
    if (!run.writable) yield* api.rgnSetProtect(actor, run.start, run.end - run.start, api.K_EXECUTABLE);
  const stackBase = STACK_TOP - STACK_PAGES * PAGE;
  if (
    (yield* api.rgnAllocate(actor, { start: stackBase, size: STACK_PAGES * PAGE, options: api.K_WRITABLE })) <
    0
  )
    return false;
  if ((yield* api.svCopyOut(sp, stack)) !== 0) return false;
  const brk = runs.at(-1)!.end;
  call.process.brkStart = brk;
  call.process.brk = brk;
  call.process.brkMapped = brk;
  return true;
}

function* execve(call: CallContext): Call<number> {
  const { process, args } = call;
  const [pathAddress, argvAddress, envpAddress] = args;
  const name = yield* readString(pathAddress!);
  if (typeof name === 'number') return name;
  if (name === '') return -ERRNO.ENOENT;
  const path = absolute(filesOf(process).cwd, name);
  const node = yield* lookup(path);
  if (typeof node === 'number') return node;
  if (node.kind !== KIND.FILE) return -EACCES;
  const argv = yield* readStrings(call, argvAddress!);
  if (typeof argv === 'number') return argv;
  const envp = yield* readStrings(call, envpAddress!);
  if (typeof envp === 'number') return envp;
  const file = yield* readFile(node.ino, 0, node.size);
  if (typeof file === 'number') return file;
  const image = parseExecutable(file, call.pm.words.bigEndian);
  if (image === undefined) return -FERR.ENOEXEC;
  const { sp, bytes } = initialStack(call, image, path, argv, envp);
  if (bytes.length > (STACK_PAGES * PAGE) / 2) return -E2BIG;
  // The point of no return: the old program goes.
  if (!(yield* replaceImage(call, image, file, bytes, sp))) {
    yield* becomeZombie(call.pm, process, KILLED);
    yield* api.actorDelete(process.actor);
    return -ERRNO.ENOMEM; // not reached: the caller's thread ended with its actor
  }
  yield* closeOnExec(process);
  signalsAtExec(call.pm, process);
  const registers = yield* api.svGetContext(0);
  if (typeof registers === 'number') return -ERRNO.EFAULT;
  const gpr = registers.gpr.map(() => 0);
  gpr[SP] = sp;
  yield* api.svSetContext(0, { ...registers, gpr, pc: image.entry });
  return 0;
}

export const EXEC_CALLS: readonly (readonly [number, CallEntry])[] = [
  [4011, { name: 'execve', handler: execve }],
];

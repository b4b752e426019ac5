// The PM's per-process table (Minix servers/pm/mproc.h in spirit): one record per UNIX process,
// found by pid or by the capability of the actor that runs it (a trap handler learns its
// caller's actor with actorSelf). A process that exits stays as a zombie, holding its wait
// status, until its parent reaps it with wait4; orphans go to pid 1.
import type { Capability, Semaphore } from '../../../nucleus/index.ts';
import { inheritFiles } from './fds.ts';

export type ProcessState = 'running' | 'zombie';

export interface Process {
  readonly pid: number;
  ppid: number;
  readonly actor: Capability;
  state: ProcessState;
  /** The wait status in the Linux encoding (exit code << 8), valid once a zombie. */
  status: number;
  readonly children: Set<number>;
  /** The initial program break (page-aligned; execve sets it anew) and the current one (any byte). */
  brkStart: number;
  brk: number;
  /** Where the pages given to the break end (a page boundary >= brk). */
  brkMapped: number;
  /** rt_sigaction records by signal (the guest's struct sigaction bytes); signals.ts delivers. */
  readonly sigactions: Map<number, Uint8Array>;
  /** The blocked-signal mask, signals 1-64 as two words. */
  sigmask: [number, number];
  /** The TLS pointer given with set_thread_area (recorded; the HAL has no UserLocal register yet). */
  threadArea: number;
  /** V'd each time a child becomes a zombie; a wait4 that must block waits on it. */
  readonly childExited: Semaphore;
}

const keyOf = (cap: Capability) => `${cap.site}.${cap.epoch}.${cap.serial}`;

export class ProcessTable {
  private readonly byPid = new Map<number, Process>();
  private readonly byActor = new Map<string, Process>();
  private nextPid = 1;

  /** Enters a new running process for `actor`; the pid is the next unused one. */
  add(actor: Capability, ppid: number, brk: number, childExited: Semaphore, from?: Process): Process {
    const process: Process = {
      pid: this.nextPid++,
      ppid,
      actor,
      state: 'running',
      status: 0,
      children: new Set(),
      brkStart: from?.brkStart ?? brk,
      brk,
      brkMapped: from?.brkMapped ?? brk,
      sigactions: new Map(from?.sigactions ?? []),
      sigmask: from === undefined ? [0, 0] : [...from.sigmask],
      threadArea: from?.threadArea ?? 0,
      childExited,
    };
    this.byPid.set(process.pid, process);
    this.byActor.set(keyOf(actor), process);
    this.byPid.get(ppid)?.children.add(process.pid);
    // A forked child's descriptors and working directory are copies of its parent's.
    if (from !== undefined) inheritFiles(from, process);
    return process;
  }

  get(pid: number): Process | undefined {
    return this.byPid.get(pid);
  }

  /** The running process whose actor is `actor`. */
  ofActor(actor: Capability): Process | undefined {
    return this.byActor.get(keyOf(actor));
  }

  /** Every process, by pid. */
  all(): Process[] {
    return [...this.byPid.values()].sort((a, b) => a.pid - b.pid);
  }

  /**
   * Makes `process` a zombie with wait status `status`; its children go to pid 1 (or have no
   * parent when it is pid 1). Returns the processes whose wait4 may now succeed: its parent,
   * and pid 1 when it was handed zombies.
   */
  exit(process: Process, status: number): Process[] {
    process.state = 'zombie';
    process.status = status;
    this.byActor.delete(keyOf(process.actor));
    const init = process.pid === 1 ? undefined : this.byPid.get(1);
    let handedZombies = false;
    for (const pid of process.children) {
      const child = this.byPid.get(pid)!;
      child.ppid = init?.pid ?? 0;
      init?.children.add(pid);
      if (child.state === 'zombie') handedZombies = true;
    }
    process.children.clear();
    const parent = this.byPid.get(process.ppid);
    const notify = parent === undefined ? [] : [parent];
    if (handedZombies && init !== undefined && init !== parent) notify.push(init);
    return notify;
  }

  /** Removes zombie `process` after its parent collected its status. */
  reap(process: Process): void {
    this.byPid.delete(process.pid);
    this.byPid.get(process.ppid)?.children.delete(process.pid);
  }
}

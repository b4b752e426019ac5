// The cost table: simulated cycles the nucleus charges to the CPU that runs each path (DESIGN.md
// §3: the nucleus is host code, its time is modelled). The defaults keep the ratios of the
// ChorusOS 5.0 profile (reference §7, microseconds): threadSelf 2.2, sysTime 2.6, thread switch
// 5.8, threadCreate 8.1, threadResume 4.0, semaphore and delay paths close to threadResume,
// ipcSend 7-8, ipcReceive 6.8-7.5, memcpy 64 KB 185.6 (0.28 per byte). At 100 cycles per
// microsecond-equivalent they become the numbers below. A site may pass its own.

export interface CostTable {
  /** Entering the nucleus from a thread and leaving it (trap or native call), any call. */
  readonly call: number;
  /** Saving one thread's context and loading another's on a CPU. */
  readonly contextSwitch: number;
  readonly threadCreate: number;
  readonly threadDelete: number;
  /** Suspend, resume, abort, scheduler parameter changes. */
  readonly threadControl: number;
  readonly threadSelf: number;
  readonly actorCreate: number;
  readonly actorDelete: number;
  readonly sysTime: number;
  /** semP/semV, mutexGet/Rel/Try, eventPost/Wait/Clear: the fast path. */
  readonly sync: number;
  /** Making a blocked thread ready (per thread woken). */
  readonly wake: number;
  /** Taking an interrupt (entry, acknowledge, end of interrupt, return). */
  readonly interrupt: number;
  /** Sending an inter-processor interrupt. */
  readonly ipi: number;
  /** Refilling the TLB from a user actor's page table (hal/mips). */
  readonly tlbRefill: number;
  /** Port and group management: create, delete, enable, migrate, insert, lookups. */
  readonly portControl: number;
  /** Sending a message (ipcSend, the request of ipcCall, ipcReply, ipcForward), bytes aside. */
  readonly ipcSend: number;
  /** Taking a message (ipcReceive, the reply of ipcCall), bytes aside. */
  readonly ipcReceive: number;
  /** Copying 1 KiB between a thread's buffer and a nucleus buffer (annex and body). */
  readonly copyPerKiB: number;
  /** A page fault resolved without a mapper (finding the region, zero fill, mapping), copies aside. */
  readonly pageFault: number;
  /** Copying one 4 KiB page (copy-on-write). */
  readonly pageCopy: number;
  /** Sharing one page copy-on-write (a reference more, its translations write-protected). */
  readonly pageShare: number;
}

export const DEFAULT_COSTS: CostTable = {
  call: 120,
  contextSwitch: 580,
  threadCreate: 810,
  threadDelete: 500,
  threadControl: 400,
  threadSelf: 220,
  actorCreate: 1500,
  actorDelete: 1200,
  sysTime: 260,
  sync: 300,
  wake: 150,
  interrupt: 250,
  ipi: 100,
  tlbRefill: 40,
  portControl: 400,
  ipcSend: 700,
  ipcReceive: 600,
  copyPerKiB: 300,
  pageFault: 500,
  pageCopy: 1200,
  pageShare: 60,
};

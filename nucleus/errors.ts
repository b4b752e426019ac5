// Chorus return codes (reference §2: 0 or positive on success, negative K_E* on error) and the
// nucleus panic. Errors are data: calls return these codes; only a broken invariant of the
// nucleus itself panics, and the panic names site, cycle, CPU, thread and reason.

export const K_OK = 0;
export const K_EINVAL = -1;
export const K_EUNKNOWN = -2;
export const K_EFAULT = -3;
export const K_EPRIV = -4;
export const K_ENOMEM = -5;
export const K_ETIMEOUT = -6;
export const K_EABORT = -7;
export const K_ENOPORT = -8;
export const K_EBUSY = -9;
export const K_ELINKFAILURE = -10;
export const K_ETOOMUCH = -11;
/** A port's queue is full (ipcSend and ipcReply fail rather than block; docs/ipc.md). */
export const K_EFULL = -12;
/** No such service here (the value <chorus.h> uses; see docs/abi.md for the guest calls that return it). */
export const K_ENOSYS = -38;

/** Timeout value meaning "wait for ever" (KnTimeVal K_NOTIMEOUT). */
export const K_NOTIMEOUT = -1;
/** Timeout value meaning "do not block" (the call fails with K_ETIMEOUT at once). */
export const K_NOBLOCK = 0;

const NAMES: Readonly<Record<number, string>> = {
  [K_OK]: 'K_OK',
  [K_EINVAL]: 'K_EINVAL',
  [K_EUNKNOWN]: 'K_EUNKNOWN',
  [K_EFAULT]: 'K_EFAULT',
  [K_EPRIV]: 'K_EPRIV',
  [K_ENOMEM]: 'K_ENOMEM',
  [K_ETIMEOUT]: 'K_ETIMEOUT',
  [K_EABORT]: 'K_EABORT',
  [K_ENOPORT]: 'K_ENOPORT',
  [K_EBUSY]: 'K_EBUSY',
  [K_ELINKFAILURE]: 'K_ELINKFAILURE',
  [K_ETOOMUCH]: 'K_ETOOMUCH',
  [K_EFULL]: 'K_EFULL',
  [K_ENOSYS]: 'K_ENOSYS',
};

/** The name of a return code ("K_ETIMEOUT"), or the number for a success value. */
export function codeName(code: number): string {
  return NAMES[code] ?? String(code);
}

/** Where and why the nucleus stopped: a broken invariant, never a user error. */
export interface PanicReport {
  readonly site: string;
  readonly cycle: number;
  readonly cpu: number;
  readonly thread: string;
  readonly where: string;
  readonly reason: string;
}

export class NucleusPanic extends Error {
  override readonly name = 'NucleusPanic';
  constructor(readonly report: PanicReport) {
    super(formatPanic(report));
  }
}

export function formatPanic(r: PanicReport): string {
  return `nucleus panic at ${r.where}: ${r.reason} (site ${r.site}, cycle ${r.cycle}, cpu${r.cpu}, thread ${r.thread})`;
}

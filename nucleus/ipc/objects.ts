// The objects of Chorus IPC (reference §1.4-1.7, §3): unique identifiers, ports, port groups,
// messages and RPC transactions. A message is bytes (annex and body) copied into the nucleus at
// send time; the nucleus never interprets them. A transaction ties an ipcCall to the one reply
// that may end it, so a reply that comes too late is recognised and dropped.
import type { Actor, Thread } from '../objects.ts';

/** Largest annex (K_CMSGANNEXSIZE of ChorusOS 5) and body, in bytes. */
export const ANNEX_SIZE = 120;
export const BODY_MAX = 64 * 1024;
/** Messages one port queues before senders get K_EFULL (K_CPORTQUEUE). */
export const PORT_QUEUE = 64;
/** Messages one actor may park with ipcSave (K_CMSGSAVEDMAX). */
export const SAVED_MAX = 16;
/** Ports one actor may hold. */
export const PORTS_MAX = 1024;

/** Port LIs that name a port by role rather than by number. */
export const K_DEFAULTPORT = -1;
export const K_ANYENABLED = -2;

/** Group addressing modes (ipcTarget); a bare group UI means broadcast. */
export const K_BROADMODE = 0;
export const K_FUNCMODE = 1;
export const K_FUNCUMODE = 2;
export const K_FUNCXMODE = 3;
export type TargetMode = 0 | 1 | 2 | 3;

/**
 * A unique identifier: the creating site, its epoch (boot count; 0 for UIs built from a stamp
 * with uiBuild, which stay the same across boots) and a serial never reused within an epoch.
 * `mode` is the group addressing mode ipcTarget stamps into a target.
 */
export interface Ui {
  readonly site: number;
  readonly epoch: number;
  readonly serial: number;
  readonly mode?: TargetMode;
}

/** A map key for a UI (the mode is not part of the name). */
export const uiKey = (ui: Ui): string => `${ui.site}.${ui.epoch}.${ui.serial}`;

export const sameUi = (a: Ui | undefined, b: Ui | undefined): boolean =>
  a !== undefined && b !== undefined && a.site === b.site && a.epoch === b.epoch && a.serial === b.serial;

export const isUi = (v: unknown): v is Ui =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as Ui).site === 'number' &&
  typeof (v as Ui).epoch === 'number' &&
  typeof (v as Ui).serial === 'number';

/** A protection identifier (KnProtId), set by trusted code and carried by every message. */
export interface ProtId {
  readonly uid: number;
  readonly gid: number;
  readonly did: number;
}

export const NO_PI: ProtId = { uid: 0, gid: 0, did: 0 };

/** What the receiver learns about a message besides its bytes (KnMsgHead, ipcSysInfo). */
export interface MessageHead {
  /** The sender's port (where a reply to an ipcSend would go), if it named one. */
  readonly srcPort: Ui | undefined;
  /** The destination as the sender wrote it (a port, or a group with its mode). */
  readonly target: Ui;
  readonly coTarget: Ui | undefined;
  /** Non-zero for an ipcCall request. */
  readonly transId: number;
  readonly actorPi: ProtId;
  readonly portPi: ProtId;
}

export class Message {
  /** Set when received with the body left in the nucleus (ipcGetData takes it once). */
  bodyPending = false;
  /** The port's receive counter when this message was received. */
  seqNum = 0;
  /** Order of arrival on the site (the oldest queued message goes first). */
  order = 0;
  constructor(
    readonly head: MessageHead,
    readonly annex: Uint8Array,
    readonly body: Uint8Array,
    /** The RPC this request belongs to; undefined for ipcSend and replies. */
    readonly call: Transaction | undefined,
  ) {}
}

/**
 * One ipcCall. It is open while its caller waits; the reply, a timeout, an abort or the loss of
 * the request closes it, and only the first of these counts.
 */
export class Transaction {
  open = true;
  /** The port the request is queued on, until a thread receives it. */
  queuedOn: Port | undefined = undefined;
  /** The thread whose current message the request is (abort propagation). */
  server: Thread | undefined = undefined;
  constructor(
    readonly id: number,
    readonly caller: Thread,
    readonly abortable: boolean,
  ) {}
}

export class Port {
  readonly queue: Message[] = [];
  /** Threads blocked in ipcReceive on this port by its LI (not through K_ANYENABLED). */
  readonly receivers: Thread[] = [];
  readonly groups = new Set<Group>();
  enabled = false;
  /** Priority in the actor's enabled set (lower is more urgent). */
  priority = 0;
  /** Messages received since the port was created or last migrated (portGetSeqNum). */
  received = 0;
  pi: ProtId = NO_PI;
  deleted = false;
  constructor(
    readonly ui: Ui,
    /** The actor holding the port now, and the port's LI in it. */
    public actor: Actor,
    public li: number,
    /** Built from a stamp (portDeclare): a well-known name that cannot migrate. */
    readonly isStatic: boolean,
  ) {}
}

export class Group {
  /** Members in insertion order (functional mode picks among them in turn). */
  readonly members: Port[] = [];
  /** Rotates the functional-mode choice so equal servers share the load. */
  nextMember = 0;
  constructor(
    readonly ui: Ui,
    readonly key: number,
  ) {}
}

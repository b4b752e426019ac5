// The IPC engine (docs/ipc.md): the site's port and group tables, routing a destination to
// ports, handing messages to receivers, and the ends of transactions. The calls (ipc/calls.ts)
// check arguments and use it; the executive uses it to undo IPC waits and to clean up after a
// thread or an actor goes. Nothing here switches threads: wake-ups go through Nucleus.endWait.
import { K_EABORT, K_EFULL, K_EINVAL, K_ENOMEM, K_ENOPORT, K_OK } from '../errors.ts';
import type { Nucleus } from '../nucleus.ts';
import type { Actor, Thread } from '../objects.ts';
import type { MessageHead, Transaction, Ui } from './objects.ts';
import {
  type Group,
  K_ANYENABLED,
  K_BROADMODE,
  K_DEFAULTPORT,
  K_FUNCMODE,
  K_FUNCUMODE,
  K_FUNCXMODE,
  type Message,
  PORT_QUEUE,
  PORTS_MAX,
  Port,
  uiKey,
} from './objects.ts';

/** A message as a receiver gets it (ipcReceive, and the reply of ipcCall). */
export interface ReceivedMessage {
  /** The LI of the port it came from in the receiver's actor (0 for a reply). */
  readonly port: number;
  readonly annex: Uint8Array;
  /** The body, or undefined when it was left in the nucleus (ipcGetData). */
  readonly body: Uint8Array | undefined;
  readonly bodySize: number;
  readonly seqNum: number;
  readonly head: MessageHead;
}

export interface IpcStats {
  sent: number;
  received: number;
  calls: number;
  replies: number;
  /** Replies that found their call already ended (timeout, abort): dropped. */
  lateReplies: number;
  /** Messages destroyed unread (port deleted or migrated without them, actor deleted). */
  dropped: number;
  /** Bytes copied into and out of nucleus buffers. */
  bytesCopied: number;
}

export class Ipc {
  readonly ports = new Map<string, Port>();
  readonly groups = new Map<string, Group>();
  readonly stats: IpcStats = {
    sent: 0,
    received: 0,
    calls: 0,
    replies: 0,
    lateReplies: 0,
    dropped: 0,
    bytesCopied: 0,
  };
  /** Order of arrival of messages and of blocked receivers (ties are broken by it). */
  private arrivals = 0;
  private nextTransId = 1;
  /** Queue capacity of new ports. */
  portQueue = PORT_QUEUE;

  constructor(private readonly n: Nucleus) {}

  newTransId(): number {
    return this.nextTransId++;
  }

  nextArrival(): number {
    return ++this.arrivals;
  }

  /** Charges the copy of `bytes` bytes between a thread's buffer and the nucleus. */
  copy(bytes: number): void {
    this.stats.bytesCopied += bytes;
    this.n.charged += Math.ceil((bytes * this.n.costs.copyPerKiB) / 1024);
  }

  // --- ports ---

  /** A new port held by `actor` (disabled), with a fresh UI unless one is declared. */
  createPort(actor: Actor, declared?: Ui): Port | number {
    if (actor.ports.size >= PORTS_MAX) return K_ENOMEM;
    const ui = declared ?? this.n.newUi();
    const port = new Port(ui, actor, actor.nextPortLi++, declared !== undefined);
    port.pi = actor.pi;
    actor.ports.set(port.li, port);
    this.ports.set(uiKey(ui), port);
    return port;
  }

  /** The port an actor names by LI: K_DEFAULTPORT is its default port, made on first use. */
  portOf(actor: Actor, li: unknown): Port | undefined {
    if (li === K_DEFAULTPORT) {
      if (actor.defaultPort === undefined || actor.defaultPort.deleted) {
        const port = this.createPort(actor);
        if (typeof port === 'number') return undefined;
        port.enabled = true;
        actor.defaultPort = port;
      }
      return actor.defaultPort;
    }
    return typeof li === 'number' ? actor.ports.get(li) : undefined;
  }

  /** The live port or group a UI names on this site. */
  portByUi(ui: Ui): Port | undefined {
    return this.ports.get(uiKey(ui));
  }

  /**
   * Deletes a port: queued messages are destroyed (their calls end with `callResult`), blocked
   * receivers get K_ENOPORT, and it leaves its groups.
   */
  deletePort(port: Port, callResult = K_ENOPORT): void {
    port.deleted = true;
    this.dropQueue(port, callResult);
    this.wakeReceivers(port, K_ENOPORT);
    for (const group of port.groups) removeFrom(group.members, port);
    port.groups.clear();
    port.actor.ports.delete(port.li);
    if (port.actor.defaultPort === port) port.actor.defaultPort = undefined;
    this.ports.delete(uiKey(port.ui));
  }

  /** Destroys a port's queued messages; the callers of queued requests get `callResult`. */
  dropQueue(port: Port, callResult: number): void {
    for (const m of port.queue.splice(0)) {
      this.stats.dropped++;
      if (m.call !== undefined) this.failCall(m.call, callResult);
    }
  }

  /** Threads blocked receiving on `port` by its LI get `result`. */
  wakeReceivers(port: Port, result: number): void {
    for (const t of port.receivers.splice(0)) this.n.undoWait(t, result);
  }

  /** Moves a port to another actor (portMigrate): it arrives disabled with a new LI. */
  migrate(port: Port, to: Actor, keepMessages: boolean): number {
    if (!keepMessages) this.dropQueue(port, K_EABORT);
    this.wakeReceivers(port, K_ENOPORT);
    const seq = port.received + 1;
    port.actor.ports.delete(port.li);
    port.actor = to;
    port.li = to.nextPortLi++;
    port.enabled = false;
    port.received = 0;
    to.ports.set(port.li, port);
    // Messages that followed the port may find a receiver waiting on the new actor's enabled
    // set only once the port is enabled there (portEnable hands them over).
    return seq;
  }

  // --- routing ---

  /**
   * The ports a destination reaches: one port, or a group's members by mode (broadcast: all;
   * functional: one in turn; associative / exclusive: one on / not on coTarget's site).
   * Errors: K_ENOPORT when nothing is reachable, K_EINVAL for broadcast where it is refused.
   */
  route(target: Ui, coTarget: Ui | undefined, broadcastAllowed: boolean): Port[] | number {
    const port = this.portByUi(target);
    if (port !== undefined) return [port];
    const group = this.groups.get(uiKey(target));
    if (group === undefined) return K_ENOPORT;
    const mode = target.mode ?? K_BROADMODE;
    if (mode === K_BROADMODE) {
      if (!broadcastAllowed) return K_EINVAL;
      return [...group.members];
    }
    let candidates = group.members;
    if (mode === K_FUNCUMODE || mode === K_FUNCXMODE) {
      if (coTarget === undefined) return K_EINVAL;
      const site = this.siteOf(coTarget);
      const here = this.n.siteNumber;
      // Every member is on this site until the network issue: associative mode reaches them
      // when coTarget designates this site, exclusive mode when it designates another.
      candidates = (mode === K_FUNCUMODE) === (site === here) ? group.members : [];
    } else if (mode !== K_FUNCMODE) return K_EINVAL;
    if (candidates.length === 0) return K_ENOPORT;
    const chosen = candidates[group.nextMember % candidates.length]!;
    group.nextMember = (group.nextMember + 1) % candidates.length;
    return [chosen];
  }

  /** The site a UI designates: where a port it names is, else the site the UI carries. */
  siteOf(ui: Ui): number {
    return this.portByUi(ui) !== undefined ? this.n.siteNumber : ui.site;
  }

  // --- delivery ---

  /**
   * Puts message `m` on `port`: straight to the most urgent blocked receiver, else on the queue.
   * K_EFULL when the queue is full (ipcSend and ipcReply never block on it).
   */
  deliver(port: Port, m: Message): number {
    this.stats.sent++;
    m.order = this.nextArrival();
    const receiver = this.receiverFor(port);
    if (receiver !== undefined) {
      this.handOver(receiver, port, m);
      return K_OK;
    }
    if (port.queue.length >= this.portQueue) {
      this.stats.sent--;
      return K_EFULL;
    }
    port.queue.push(m);
    if (m.call !== undefined) m.call.queuedOn = port;
    return K_OK;
  }

  /**
   * The blocked receiver a message arriving on `port` goes to: among the threads waiting on the
   * port itself and, if it is enabled, those waiting on its actor's enabled set, the most urgent
   * (then the earliest). It is taken off its list.
   */
  private receiverFor(port: Port): Thread | undefined {
    let best: Thread | undefined;
    let from: Thread[] | undefined;
    const consider = (list: Thread[]) => {
      for (const t of list) if (best === undefined || beats(t, best)) [best, from] = [t, list];
    };
    consider(port.receivers);
    if (port.enabled) consider(port.actor.anyReceivers);
    if (best !== undefined) removeFrom(from!, best);
    return best;
  }

  /** A queued message for a receiver on `port`, or on the actor's enabled set (undefined). */
  takeQueued(actor: Actor, port: Port | undefined): { port: Port; message: Message } | undefined {
    if (port !== undefined) {
      const message = port.queue.shift();
      return message === undefined ? undefined : { port, message };
    }
    // The enabled set: the most urgent port with messages, then the oldest message.
    let best: Port | undefined;
    for (const p of actor.ports.values()) {
      if (!p.enabled || p.queue.length === 0) continue;
      if (
        best === undefined ||
        p.priority < best.priority ||
        (p.priority === best.priority && p.queue[0]!.order < best.queue[0]!.order)
      )
        best = p;
    }
    if (best === undefined) return undefined;
    return { port: best, message: best.queue.shift()! };
  }

  /** Messages queued on a port being enabled go to receivers blocked on the enabled set. */
  flushToEnabledSet(port: Port): void {
    while (port.queue.length > 0) {
      const t = this.receiverFor(port);
      if (t === undefined) return;
      this.handOver(t, port, port.queue.shift()!);
    }
  }

  /** Thread `t` (blocked in ipcReceive) gets message `m` from `port`. */
  private handOver(t: Thread, port: Port, m: Message): void {
    const w = t.wait;
    const leaveBody = w.kind === 'receive' && w.leaveBody;
    this.n.endWait(t, this.receive(t, port, m, leaveBody));
  }

  /**
   * `m` becomes thread `t`'s current message (the previous one is let go) and is copied out to
   * it: the annex, and the body unless it is left in the nucleus.
   */
  receive(t: Thread, port: Port, m: Message, leaveBody: boolean): ReceivedMessage {
    this.letGo(t);
    this.stats.received++;
    port.received++;
    m.seqNum = port.received;
    m.bodyPending = leaveBody && m.body.length > 0;
    t.current = m;
    if (m.call !== undefined) {
      m.call.queuedOn = undefined;
      m.call.server = t;
    }
    this.copy(m.annex.length + (m.bodyPending ? 0 : m.body.length));
    return {
      port: port.li,
      annex: m.annex,
      body: m.bodyPending ? undefined : m.body,
      bodySize: m.body.length,
      seqNum: m.seqNum,
      head: m.head,
    };
  }

  // --- transactions ---

  /**
   * Thread `t` no longer holds its current message (it received another, restored a saved one,
   * or went away). An unanswered request in it can never be answered: its caller gets K_EABORT
   * (K_ENOPORT when the thread is gone with its actor or deleted, `gone`).
   */
  letGo(t: Thread, gone = false): void {
    const m = t.current;
    t.current = undefined;
    if (m?.call !== undefined && m.call.server === t) {
      m.call.server = undefined;
      this.failCall(m.call, gone ? K_ENOPORT : K_EABORT);
    }
  }

  /** Ends an open call with an error for its caller (the caller is blocked waiting on it). */
  failCall(call: Transaction, result: number): void {
    if (!call.open) return;
    const w = call.caller.wait;
    if (w.kind === 'call' && w.call === call) this.n.undoWait(call.caller, result);
    else call.open = false;
  }

  /**
   * Undoes an ipcCall wait (timeout, abort, deletion of the caller): the call closes, a request
   * still queued is withdrawn (so it never runs), and an abort is carried to the thread serving
   * it when the call was abortable.
   */
  endCallWait(call: Transaction, result: number): void {
    call.open = false;
    if (call.queuedOn !== undefined) {
      const queue = call.queuedOn.queue;
      const at = queue.findIndex((m) => m.call === call);
      if (at >= 0) queue.splice(at, 1);
      call.queuedOn = undefined;
    }
    if (result === K_EABORT && call.abortable && call.server !== undefined) this.n.abort(call.server);
  }

  /** A receive wait is undone: the thread leaves the list it waited on. */
  endReceiveWait(t: Thread, port: Port | undefined): void {
    removeFrom(port === undefined ? t.actor.anyReceivers : port.receivers, t);
  }

  /** Thread `t` is being deleted: its current and its own pending call go. */
  threadGone(t: Thread): void {
    this.letGo(t, true);
  }

  /** Actor `a` is being deleted (after its threads): its ports and saved messages go. */
  actorGone(a: Actor): void {
    for (const port of [...a.ports.values()]) this.deletePort(port);
    for (const m of a.saved) if (m?.call !== undefined) this.failCall(m.call, K_ENOPORT);
    a.saved.length = 0;
  }
}

/** Whether blocked thread `a` should get a message before `b`: more urgent, then earlier. */
function beats(a: Thread, b: Thread): boolean {
  if (a.priority !== b.priority) return a.priority < b.priority;
  return waitOrder(a) < waitOrder(b);
}

const waitOrder = (t: Thread): number => (t.wait.kind === 'receive' ? t.wait.order : 0);

function removeFrom<T>(list: T[], item: T): void {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}

export { K_ANYENABLED, K_DEFAULTPORT };

// Model-based test of nucleus IPC (docs/ipc.md): fast-check generates a list of port, group and
// queue commands; a booted site (one or two CPUs) runs them one at a time on native threads, one
// worker thread in each of three actors, and every result is compared with a simple model of
// ports, groups and queues. Receives never block here (K_NOBLOCK), so the order of commands is the
// order of events and the model can say exactly what each call returns.
//
// What the model pins: no message is lost, duplicated or reordered per (sender, port), except where
// the semantics allow it (a full queue refuses the message with K_EFULL; deleting a port or
// migrating it without its messages drops its queue; functional mode reaches exactly one member);
// K_ANYENABLED takes the oldest message of the most urgent enabled port; error codes match.
//
// Functional mode rotates through the members in insertion order (ipc/engine.ts route): which
// member is chosen is this project's choice [D], so the model follows that rotation rather than
// accepting any member; it still checks that exactly one member gets the message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Capability, Semaphore } from '../../nucleus/index.ts';
import {
  api,
  codeName,
  K_EFULL,
  K_EINVAL,
  K_ENOPORT,
  K_ETIMEOUT,
  K_NOBLOCK,
  K_NOTIMEOUT,
  K_OK,
} from '../../nucleus/index.ts';
import { actor, boot } from './support.ts';

const ACTORS = 3;
/** A small queue so that K_EFULL is reached within a short command list. */
const QUEUE = 4;

// --- the model ---

interface ModelMessage {
  readonly sender: number;
  readonly seq: number;
  /** Order of arrival on the site (K_ANYENABLED takes the oldest among equal priorities). */
  readonly order: number;
}

interface ModelPort {
  owner: number;
  li: number;
  enabled: boolean;
  priority: number;
  received: number;
  deleted: boolean;
  readonly queue: ModelMessage[];
}

interface ModelGroup {
  /** Indices into Model.ports, in insertion order. */
  readonly members: number[];
  nextMember: number;
}

interface Model {
  readonly ports: ModelPort[];
  readonly groups: ModelGroup[];
  /** The next LI each actor hands out (LIs are never reused within an actor). */
  readonly nextLi: number[];
  /** The next sequence number of each sender (an actor's worker thread). */
  readonly nextSeq: number[];
  arrivals: number;
  /** Messages queued on some port (each broadcast copy counts). */
  accepted: number;
  /** Messages destroyed unread: port deleted, or migrated without its messages. */
  dropped: number;
}

const newModel = (): Model => ({
  ports: [],
  groups: [],
  nextLi: Array(ACTORS).fill(1),
  nextSeq: Array(ACTORS).fill(1),
  arrivals: 0,
  accepted: 0,
  dropped: 0,
});

/** The live port actor `a` holds under LI `li`, if any. */
function portAt(m: Model, a: number, li: number): number | undefined {
  const at = m.ports.findIndex((p) => !p.deleted && p.owner === a && p.li === li);
  return at < 0 ? undefined : at;
}

/** Queues a message on port `at`, or refuses it when the queue is full. */
function enqueue(m: Model, at: number, sender: number, seq: number): number {
  const port = m.ports[at]!;
  if (port.queue.length >= QUEUE) return K_EFULL;
  port.queue.push({ sender, seq, order: ++m.arrivals });
  m.accepted++;
  return K_OK;
}

/** The member functional mode picks, advancing the rotation (ipc/engine.ts route). */
function functionalPick(g: ModelGroup): number | undefined {
  if (g.members.length === 0) return undefined;
  const chosen = g.members[g.nextMember % g.members.length]!;
  g.nextMember = (g.nextMember + 1) % g.members.length;
  return chosen;
}

function dropQueue(m: Model, port: ModelPort): void {
  m.dropped += port.queue.length;
  port.queue.length = 0;
}

function leaveGroups(m: Model, at: number): void {
  for (const g of m.groups) {
    const i = g.members.indexOf(at);
    if (i >= 0) g.members.splice(i, 1);
  }
}

// --- the real system ---

interface Received {
  readonly port: number;
  readonly sender: number;
  readonly seq: number;
}

interface Real {
  readonly caps: Capability[];
  /** UIs of the ports by model index (they stay valid as names after deletion). */
  readonly uis: api.Ui[];
  readonly groups: Capability[];
  /** Every message received, by model port index, in the order received. */
  readonly log: Received[];
  /** The command fast-check's bookkeeping last marked as run (see IpcCommand.run). */
  next: IpcCommand | undefined;
}

type Step = Generator<api.Request, string, unknown>;

/** How a result reads in a mismatch report: an error name, a success value, or a message. */
const show = (r: unknown): string => (typeof r === 'number' ? codeName(r) : JSON.stringify(r));

const annexOf = (sender: number, seq: number) => new Uint8Array([sender, seq >> 8, seq & 0xff]);

/** A port reference resolved against the model: which port, and who names it with which LI. */
interface Named {
  readonly at: number;
  readonly actor: number;
  readonly li: number;
}

/**
 * `who` is an actor index, or 'owner' for the actor holding (or last holding) the port. A port
 * reference `ref` (p<ref> in a counterexample) is taken modulo the ports created so far, deleted
 * ones included, so a shrunk command list still names ports; groups likewise.
 */
type Who = number | 'owner';

function named(m: Model, ref: number, who: Who): Named {
  const at = ref % m.ports.length;
  const port = m.ports[at]!;
  return { at, actor: who === 'owner' ? port.owner : who, li: port.li };
}

/**
 * One generated command. `actor` says whose worker runs it; `act` makes the real calls and
 * renders what they returned; `expected` renders what the model says they return and updates
 * the model. `run`, called through fast-check's wrapper (which records that the command ran, so
 * shrinking keeps it), only hands the command to the driver.
 */
abstract class IpcCommand implements fc.Command<Model, Real> {
  check(_m: Model): boolean {
    return true;
  }
  run(_m: Model, r: Real): void {
    r.next = this;
  }
  abstract actor(m: Model): number;
  abstract act(m: Model, r: Real): Step;
  abstract expected(m: Model, r: Real): string;
  abstract toString(): string;
}

abstract class PortCommand extends IpcCommand {
  override check(m: Model): boolean {
    return m.ports.length > 0;
  }
}

abstract class GroupCommand extends IpcCommand {
  override check(m: Model): boolean {
    return m.groups.length > 0;
  }
}

class CreatePort extends IpcCommand {
  constructor(readonly owner: number) {
    super();
  }
  actor() {
    return this.owner;
  }
  *act(_m: Model, r: Real): Step {
    const p = yield* api.portCreate(r.caps[this.owner]!);
    if (typeof p === 'number') return show(p);
    r.uis.push(p.ui);
    return `li ${p.li}`;
  }
  expected(m: Model): string {
    const li = m.nextLi[this.owner]!++;
    m.ports.push({
      owner: this.owner,
      li,
      enabled: false,
      priority: 0,
      received: 0,
      deleted: false,
      queue: [],
    });
    return `li ${li}`;
  }
  toString() {
    return `create(a${this.owner})`;
  }
}

class DeletePort extends PortCommand {
  constructor(
    readonly ref: number,
    readonly who: Who,
  ) {
    super();
  }
  actor(m: Model) {
    return named(m, this.ref, this.who).actor;
  }
  *act(m: Model, r: Real): Step {
    const n = named(m, this.ref, this.who);
    return show(yield* api.portDelete(r.caps[n.actor]!, n.li));
  }
  expected(m: Model): string {
    const n = named(m, this.ref, this.who);
    const at = portAt(m, n.actor, n.li);
    if (at === undefined) return show(K_EINVAL);
    const port = m.ports[at]!;
    dropQueue(m, port);
    port.deleted = true;
    leaveGroups(m, at);
    return show(K_OK);
  }
  toString() {
    return `delete(p${this.ref}, ${this.who})`;
  }
}

class EnablePort extends PortCommand {
  constructor(
    readonly ref: number,
    readonly who: Who,
    /** undefined: portDisable. */
    readonly priority: number | undefined,
  ) {
    super();
  }
  actor(m: Model) {
    return named(m, this.ref, this.who).actor;
  }
  *act(m: Model, r: Real): Step {
    const n = named(m, this.ref, this.who);
    const cap = r.caps[n.actor]!;
    return show(
      this.priority === undefined
        ? yield* api.portDisable(cap, n.li)
        : yield* api.portEnable(cap, n.li, this.priority),
    );
  }
  expected(m: Model): string {
    const n = named(m, this.ref, this.who);
    const at = portAt(m, n.actor, n.li);
    if (at === undefined) return show(K_EINVAL);
    const port = m.ports[at]!;
    if (this.priority === undefined) port.enabled = false;
    else if (this.priority > 255) return show(K_EINVAL);
    else [port.enabled, port.priority] = [true, this.priority];
    return show(K_OK);
  }
  toString() {
    return this.priority === undefined
      ? `disable(p${this.ref}, ${this.who})`
      : `enable(p${this.ref}, ${this.who}, ${this.priority})`;
  }
}

class MigratePort extends PortCommand {
  constructor(
    readonly ref: number,
    readonly from: Who,
    readonly to: number,
    readonly keepMessages: boolean,
  ) {
    super();
  }
  actor() {
    return 0;
  }
  *act(m: Model, r: Real): Step {
    const n = named(m, this.ref, this.from);
    const moved = yield* api.portMigrate(r.caps[n.actor]!, n.li, r.caps[this.to]!, this.keepMessages);
    return typeof moved === 'number' ? show(moved) : `li ${moved.li} seq ${moved.seqNum}`;
  }
  expected(m: Model): string {
    const n = named(m, this.ref, this.from);
    const at = portAt(m, n.actor, n.li);
    if (at === undefined) return show(K_EINVAL);
    const port = m.ports[at]!;
    const seq = port.received + 1;
    if (port.owner === this.to) return `li ${port.li} seq ${seq}`;
    if (!this.keepMessages) dropQueue(m, port);
    port.owner = this.to;
    port.li = m.nextLi[this.to]!++;
    port.enabled = false;
    port.received = 0;
    return `li ${port.li} seq ${seq}`;
  }
  toString() {
    return `migrate(p${this.ref}, ${this.from} -> a${this.to}, ${this.keepMessages ? 'with' : 'without'} messages)`;
  }
}

/** Where a send or a call goes: a port by reference, or a group by reference and mode. */
type Dest = { kind: 'port'; ref: number } | { kind: 'group'; ref: number; mode: 'broadcast' | 'functional' };

const showDest = (d: Dest) => (d.kind === 'port' ? `p${d.ref}` : `g${d.ref}/${d.mode}`);

function realDest(m: Model, r: Real, d: Dest): api.IpcDest {
  if (d.kind === 'port') return { target: r.uis[d.ref % m.ports.length]! };
  const group = r.groups[d.ref % m.groups.length]!;
  return { target: d.mode === 'broadcast' ? group : api.ipcTarget(group, api.K_FUNCMODE) };
}

/** The ports a destination reaches in the model (advancing the functional rotation), or an error. */
function route(m: Model, d: Dest): number[] | number {
  if (d.kind === 'port') {
    const at = d.ref % m.ports.length;
    return m.ports[at]!.deleted ? K_ENOPORT : [at];
  }
  const g = m.groups[d.ref % m.groups.length]!;
  if (d.mode === 'broadcast') return [...g.members];
  const chosen = functionalPick(g);
  return chosen === undefined ? K_ENOPORT : [chosen];
}

class Send extends IpcCommand {
  constructor(
    readonly sender: number,
    readonly dest: Dest,
  ) {
    super();
  }
  override check(m: Model): boolean {
    return this.dest.kind === 'port' ? m.ports.length > 0 : m.groups.length > 0;
  }
  actor() {
    return this.sender;
  }
  *act(m: Model, r: Real): Step {
    const seq = m.nextSeq[this.sender]!;
    const body = new Uint8Array(seq % 5);
    return show(yield* api.ipcSend(realDest(m, r, this.dest), { annex: annexOf(this.sender, seq), body }));
  }
  expected(m: Model): string {
    const seq = m.nextSeq[this.sender]!++;
    const ports = route(m, this.dest);
    if (typeof ports === 'number') return show(ports);
    const results = ports.map((at) => enqueue(m, at, this.sender, seq));
    // Broadcast is best effort: a full member does not fail a send that reaches several.
    return show(results.length === 1 ? results[0]! : K_OK);
  }
  toString() {
    return `send(a${this.sender} -> ${showDest(this.dest)})`;
  }
}

/** ipcCall with K_NOBLOCK: after routing, K_ETIMEOUT with nothing sent (a full queue is not seen). */
class CallNoBlock extends IpcCommand {
  constructor(
    readonly caller: number,
    readonly dest: Dest,
  ) {
    super();
  }
  override check(m: Model): boolean {
    return this.dest.kind === 'port' ? m.ports.length > 0 : m.groups.length > 0;
  }
  actor() {
    return this.caller;
  }
  *act(m: Model, r: Real): Step {
    return show(yield* api.ipcCall(realDest(m, r, this.dest), { annex: annexOf(this.caller, 0) }, K_NOBLOCK));
  }
  expected(m: Model): string {
    if (this.dest.kind === 'group' && this.dest.mode === 'broadcast') return show(K_EINVAL);
    const ports = route(m, this.dest);
    return show(typeof ports === 'number' ? ports : K_ETIMEOUT);
  }
  toString() {
    return `callNoBlock(a${this.caller} -> ${showDest(this.dest)})`;
  }
}

/** ipcReceive with K_NOBLOCK by actor `who`, on a port's LI or on K_ANYENABLED (ref undefined). */
class Receive extends IpcCommand {
  constructor(
    readonly who: Who,
    readonly ref: number | undefined,
  ) {
    super();
  }
  override check(m: Model): boolean {
    return m.ports.length > 0 && (this.ref !== undefined || this.who !== 'owner');
  }
  actor(m: Model) {
    if (this.ref === undefined) return this.who as number;
    return named(m, this.ref, this.who).actor;
  }
  *act(m: Model, r: Real): Step {
    const li = this.ref === undefined ? api.K_ANYENABLED : named(m, this.ref, this.who).li;
    const got = yield* api.ipcReceive(li, K_NOBLOCK);
    if (typeof got === 'number') return show(got);
    const [sender = -1, hi = 0, lo = 0] = got.annex;
    const seq = (hi << 8) | lo;
    const at = portAt(m, this.actor(m), got.port);
    if (at !== undefined) r.log.push({ port: at, sender, seq });
    return `s${sender}#${seq} li ${got.port} n${got.seqNum} body ${got.bodySize}`;
  }
  expected(m: Model): string {
    const a = this.actor(m);
    let at: number | undefined;
    if (this.ref === undefined) {
      // The most urgent enabled port with messages, then the oldest message (reference §3.3).
      for (const [i, p] of m.ports.entries()) {
        if (p.deleted || p.owner !== a || !p.enabled || p.queue.length === 0) continue;
        const best = at === undefined ? undefined : m.ports[at]!;
        if (
          best === undefined ||
          p.priority < best.priority ||
          (p.priority === best.priority && p.queue[0]!.order < best.queue[0]!.order)
        )
          at = i;
      }
      if (at === undefined) return show(K_ETIMEOUT);
    } else {
      const n = named(m, this.ref, this.who);
      at = portAt(m, n.actor, n.li);
      if (at === undefined) return show(K_EINVAL);
    }
    const port = m.ports[at]!;
    const msg = port.queue.shift();
    if (msg === undefined) return show(K_ETIMEOUT);
    port.received++;
    return `s${msg.sender}#${msg.seq} li ${port.li} n${port.received} body ${msg.seq % 5}`;
  }
  toString() {
    return this.ref === undefined ? `receiveAny(a${this.who})` : `receive(p${this.ref}, ${this.who})`;
  }
}

class GroupAllocate extends IpcCommand {
  actor() {
    return 0;
  }
  *act(_m: Model, r: Real): Step {
    const g = yield* api.grpAllocate('dynamic');
    if (typeof g === 'number') return show(g);
    r.groups.push(g);
    return 'group';
  }
  expected(m: Model): string {
    m.groups.push({ members: [], nextMember: 0 });
    return 'group';
  }
  toString() {
    return 'grpAllocate';
  }
}

class GroupChange extends GroupCommand {
  constructor(
    readonly ref: number,
    readonly portRef: number,
    readonly insert: boolean,
  ) {
    super();
  }
  override check(m: Model): boolean {
    return m.groups.length > 0 && m.ports.length > 0;
  }
  actor() {
    return 0;
  }
  *act(m: Model, r: Real): Step {
    const group = r.groups[this.ref % m.groups.length]!;
    const ui = r.uis[this.portRef % m.ports.length]!;
    return show(this.insert ? yield* api.grpPortInsert(group, ui) : yield* api.grpPortRemove(group, ui));
  }
  expected(m: Model): string {
    const g = m.groups[this.ref % m.groups.length]!;
    const at = this.portRef % m.ports.length;
    if (m.ports[at]!.deleted) return show(K_EINVAL);
    const i = g.members.indexOf(at);
    if (this.insert) {
      if (i < 0) g.members.push(at);
      return show(K_OK);
    }
    if (i < 0) return show(K_EINVAL);
    g.members.splice(i, 1);
    return show(K_OK);
  }
  toString() {
    return `${this.insert ? 'grpPortInsert' : 'grpPortRemove'}(g${this.ref}, p${this.portRef})`;
  }
}

// --- generators ---

const actorIndex = fc.nat(ACTORS - 1);
const who: fc.Arbitrary<Who> = fc.oneof({ weight: 4, arbitrary: fc.constant('owner' as const) }, actorIndex);
const ref = fc.nat(15);
const dest: fc.Arbitrary<Dest> = fc.oneof(
  { weight: 3, arbitrary: ref.map((r): Dest => ({ kind: 'port', ref: r })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(ref, fc.constantFrom('broadcast' as const, 'functional' as const))
      .map(([r, mode]): Dest => ({ kind: 'group', ref: r, mode })),
  },
);

const create = actorIndex.map((a) => new CreatePort(a));
const remove = fc.tuple(ref, who).map(([r, w]) => new DeletePort(r, w));
const enable = fc
  .tuple(ref, who, fc.option(fc.oneof(fc.nat(3), fc.constant(256)), { nil: undefined, freq: 4 }))
  .map(([r, w, p]) => new EnablePort(r, w, p));
const migrate = fc
  .tuple(ref, who, actorIndex, fc.boolean())
  .map(([r, f, t, k]) => new MigratePort(r, f, t, k));
const send = fc.tuple(actorIndex, dest).map(([s, d]) => new Send(s, d));
const callNoBlock = fc.tuple(actorIndex, dest).map(([s, d]) => new CallNoBlock(s, d));
const receive = fc.tuple(who, ref).map(([w, r]) => new Receive(w, r));
const receiveAny = actorIndex.map((a) => new Receive(a, undefined));
const allocate = fc.constant(new GroupAllocate());
const groupChange = fc.tuple(fc.nat(3), ref, fc.boolean()).map(([g, p, i]) => new GroupChange(g, p, i));

// Repeated entries weight the choice: mostly traffic, some reconfiguration.
const commands = fc.commands(
  [
    create,
    remove,
    enable,
    enable,
    enable,
    migrate,
    send,
    send,
    send,
    send,
    callNoBlock,
    receive,
    receive,
    receiveAny,
    receiveAny,
    receiveAny,
    allocate,
    groupChange,
    groupChange,
  ],
  { maxCommands: 80, size: 'max' },
);

// --- running a command list on a site ---

interface Outcome {
  readonly finished: boolean;
  readonly mismatch: string | undefined;
  readonly model: Model;
  readonly real: Real;
  readonly dropped: number;
}

/**
 * Boots a site whose driver thread creates three actors, each with a worker thread, then hands
 * the commands to the workers one at a time (semaphores: the driver waits for each to finish).
 * After the list, every live port is drained through its owner, checked the same way.
 */
function execute(list: Iterable<fc.Command<Model, Real>>, cpus: number): Outcome {
  const model = newModel();
  const real: Real = { caps: [], uis: [], groups: [], log: [], next: undefined };
  let mismatch: string | undefined;
  let finished = false;
  let job: (() => Step) | undefined;
  let answer = '';

  const worker = (go: Semaphore, done: Semaphore) =>
    function* () {
      for (;;) {
        yield* api.semP(go, K_NOTIMEOUT);
        if (job === undefined) return;
        answer = yield* job();
        yield* api.semV(done);
      }
    };

  const b = boot(
    [
      actor('a0', [
        {
          name: 'driver',
          priority: 20,
          body: function* () {
            real.caps.push(yield* api.actorSelf());
            for (let i = 1; i < ACTORS; i++)
              real.caps.push((yield* api.actorCreate('system', `a${i}`)) as Capability);
            const done = (yield* api.semInit(0)) as Semaphore;
            const go: Semaphore[] = [];
            for (let i = 0; i < ACTORS; i++) {
              go.push((yield* api.semInit(0)) as Semaphore);
              yield* api.threadCreate(real.caps[i]!, `worker${i}`, 10, worker(go[i]!, done));
            }
            function* step(c: IpcCommand, label: string): Generator<api.Request, boolean, unknown> {
              job = () => c.act(model, real);
              yield* api.semV(go[c.actor(model)]!);
              yield* api.semP(done, K_NOTIMEOUT);
              const want = c.expected(model, real);
              if (answer !== want) mismatch = `${label}: nucleus gave ${answer}, model expects ${want}`;
              return mismatch === undefined;
            }
            // A fixed start, so that generated commands have ports and a group to work on.
            for (let i = 0; i < ACTORS; i++) yield* step(new CreatePort(i), `prelude p${i}`);
            yield* step(new GroupAllocate(), 'prelude g0');
            let index = 0;
            for (const c of list) {
              if (mismatch !== undefined) break;
              if (!c.check(model)) continue;
              c.run(model, real);
              const command = real.next!;
              if (!(yield* step(command, `command ${index++} ${command}`))) break;
            }
            // Drain: every live port holds exactly what the model says, in order, then nothing.
            for (const [i, p] of model.ports.entries()) {
              if (mismatch !== undefined) break;
              if (p.deleted) continue;
              for (let k = p.queue.length; k >= 0 && mismatch === undefined; k--)
                yield* step(new Receive('owner', i), `drain p${i}`);
            }
            job = undefined;
            for (const g of go) yield* api.semV(g);
            finished = true;
          },
        },
      ]),
    ],
    { cpus },
  );
  b.site.nucleus.ipc.portQueue = QUEUE;
  const stop = b.run();
  expect(stop.kind).toBe('idle');
  return { finished, mismatch, model, real, dropped: b.site.nucleus.ipc.stats.dropped };
}

describe('IPC model: ports, groups and queues against a model', () => {
  it('IPC MODEL: every result matches the model; no message lost, duplicated or reordered per (sender, port)', () => {
    fc.assert(
      fc.property(commands, fc.constantFrom(1, 2), (list, cpus) => {
        const out = execute(list, cpus);
        expect(out.mismatch).toBeUndefined();
        expect(out.finished).toBe(true);
        // Conservation: every message queued was received once or dropped by a delete or a
        // migration without messages (the drain emptied every live port).
        expect(out.real.log.length + out.dropped).toBe(out.model.accepted);
        expect(out.dropped).toBe(out.model.dropped);
        // Per (sender, port): strictly increasing sequence numbers (no duplicate, no reordering).
        const last = new Map<string, number>();
        for (const r of out.real.log) {
          const key = `${r.sender}/${r.port}`;
          expect(r.seq, `order of ${key}`).toBeGreaterThan(last.get(key) ?? 0);
          last.set(key, r.seq);
        }
      }),
      { numRuns: 100 },
    );
  });
});

// ipcCall with K_NOBLOCK sends nothing: before this was pinned, the request was delivered first,
// so a server already waiting in ipcReceive ran it while its caller was told K_ETIMEOUT.
describe('IPC: non-blocking calls', () => {
  it('IPC: ipcCall with K_NOBLOCK to a port where a server waits gives K_ETIMEOUT and the server never gets the request', () => {
    const seen: unknown[] = [];
    let port: api.PortId | undefined;
    const b = boot([
      actor('a', [
        {
          name: 'server',
          priority: 10,
          body: function* () {
            port = (yield* api.portCreate(yield* api.actorSelf())) as api.PortId;
            const r = yield* api.ipcReceive(port.li, 1000);
            seen.push(typeof r === 'number' ? codeName(r) : 'got the request');
            if (typeof r !== 'number') seen.push(yield* api.ipcReply({}));
          },
        },
        {
          name: 'client',
          priority: 20,
          body: function* () {
            yield* api.threadDelay(100); // the server is waiting in ipcReceive
            seen.push(show(yield* api.ipcCall({ target: port!.ui }, {}, K_NOBLOCK)));
          },
        },
      ]),
    ]);
    expect(b.run().kind).toBe('idle');
    expect(seen.sort()).toEqual(['K_ETIMEOUT', 'K_ETIMEOUT']);
    expect(b.site.nucleus.ipc.stats.lateReplies).toBe(0);
  });
});

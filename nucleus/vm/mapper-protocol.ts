// The nucleus <-> mapper protocol (reference §1.9, §4.3; docs/mappers.md): the five requests the
// nucleus sends to a segment's mapper with ipcCall, and their replies. Everything is carried in
// the annex as big-endian unsigned 32-bit words whatever the site's byte order, so a mapper on
// another site reads the same words; page data travels in the body.
//
//   request word 0 = service  MpCreate 1, MpGetAccess 2, MpPullIn 3, MpPushOut 4, MpRelease 5
//   MpCreate     [1, options, sizeHint]              -> [diag, segkey]
//   MpGetAccess  [2, segkey, offset, size, access]   -> [diag, grantedAccess]
//   MpPullIn     [3, segkey, offset, size, access]   -> [diag, grantedAccess], body = data
//   MpPushOut    [4, segkey, offset, size], body     -> [diag]
//   MpRelease    [5, segkey]                         -> [diag]
//
// Offsets and sizes are bytes, multiples of MAPPER_PAGE; a PullIn reply body may be shorter than
// the size asked (the end of a segment: the rest reads as zeroes). diag is 0 or a negative K_E*
// code. Decoders are total: a short or malformed annex gives K_EINVAL, never an exception.
//
// Three parts: pure encoders and decoders; client helpers the nucleus delegates to with yield*
// (each one ipcCall, K_NOTIMEOUT, abortable); and `serveMapper`, the receive loop mappers share.
import type { Request } from '../api/index.ts';
import { ipcCall, ipcReceive, ipcReply } from '../api/index.ts';
import { K_EABORT, K_EINVAL, K_NOTIMEOUT } from '../errors.ts';
import type { Ui } from '../ipc/objects.ts';
import type { Capability } from '../objects.ts';

export const MP_CREATE = 1;
export const MP_GET_ACCESS = 2;
export const MP_PULL_IN = 3;
export const MP_PUSH_OUT = 4;
export const MP_RELEASE = 5;

/** Access bits of GetAccess and PullIn. */
export const MP_READ = 1;
export const MP_WRITE = 2;
const ACCESS_BITS = MP_READ | MP_WRITE;

/** The unit of offsets and sizes in the protocol (the nucleus page). */
export const MAPPER_PAGE = 4096;

/**
 * A segment's capability: the mapper's port UI (site, epoch, serial) with the mapper's segkey
 * as the key. The nucleus sends requests to the UI and the mapper names the segment by the key.
 */
export type SegmentCap = Capability;

export type MapperRequest =
  | { readonly service: 'MpCreate'; readonly options: number; readonly sizeHint: number }
  | ({ readonly service: 'MpGetAccess' } & AccessRange)
  | ({ readonly service: 'MpPullIn' } & AccessRange)
  | {
      readonly service: 'MpPushOut';
      readonly segkey: number;
      readonly offset: number;
      readonly size: number;
      readonly data: Uint8Array;
    }
  | { readonly service: 'MpRelease'; readonly segkey: number };

/** The fields GetAccess and PullIn share: a page-aligned range and the access wanted on it. */
export interface AccessRange {
  readonly segkey: number;
  readonly offset: number;
  readonly size: number;
  readonly access: number;
}

/** What a PullIn brings back: the access granted and the data (at most `size` bytes). */
export interface PulledIn {
  readonly access: number;
  readonly data: Uint8Array;
}

// --- words ---

function words(values: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(4 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setUint32(4 * i, values[i]! >>> 0, false);
  return bytes;
}

/** The first `count` big-endian words of `annex`, or undefined when it is shorter. */
function readWords(annex: Uint8Array, count: number): number[] | undefined {
  if (annex.length < 4 * count) return undefined;
  const view = new DataView(annex.buffer, annex.byteOffset, annex.byteLength);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(view.getUint32(4 * i, false));
  return out;
}

/** A diag word read back as the signed code it is. */
const signed = (word: number) => word | 0;

/** Whether offset and size name a non-empty, page-aligned range inside the 32-bit space. */
function validRange(offset: number, size: number): boolean {
  return size > 0 && offset % MAPPER_PAGE === 0 && size % MAPPER_PAGE === 0 && offset + size <= 0x1_0000_0000;
}

const validAccess = (access: number) => access !== 0 && (access & ~ACCESS_BITS) === 0;

// --- requests ---

export const encodeCreate = (options: number, sizeHint: number) => words([MP_CREATE, options, sizeHint]);
export const encodeGetAccess = (segkey: number, offset: number, size: number, access: number) =>
  words([MP_GET_ACCESS, segkey, offset, size, access]);
export const encodePullIn = (segkey: number, offset: number, size: number, access: number) =>
  words([MP_PULL_IN, segkey, offset, size, access]);
/** The PushOut annex; the dirty data (size bytes) goes in the body. */
export const encodePushOut = (segkey: number, offset: number, size: number) =>
  words([MP_PUSH_OUT, segkey, offset, size]);
export const encodeRelease = (segkey: number) => words([MP_RELEASE, segkey]);

/** Decodes a request (annex and body); K_EINVAL for anything malformed. */
export function decodeRequest(annex: Uint8Array, body: Uint8Array | undefined): MapperRequest | number {
  const head = readWords(annex, 1);
  if (head === undefined) return K_EINVAL;
  switch (head[0]) {
    case MP_CREATE: {
      const w = readWords(annex, 3);
      return w === undefined ? K_EINVAL : { service: 'MpCreate', options: w[1]!, sizeHint: w[2]! };
    }
    case MP_GET_ACCESS:
    case MP_PULL_IN: {
      const w = readWords(annex, 5);
      if (w === undefined) return K_EINVAL;
      const [, segkey, offset, size, access] = w as [number, number, number, number, number];
      if (!validRange(offset, size) || !validAccess(access)) return K_EINVAL;
      const range = { segkey, offset, size, access };
      return head[0] === MP_PULL_IN
        ? { service: 'MpPullIn', ...range }
        : { service: 'MpGetAccess', ...range };
    }
    case MP_PUSH_OUT: {
      const w = readWords(annex, 4);
      if (w === undefined) return K_EINVAL;
      const [, segkey, offset, size] = w as [number, number, number, number];
      if (!validRange(offset, size) || body === undefined || body.length !== size) return K_EINVAL;
      return { service: 'MpPushOut', segkey, offset, size, data: body };
    }
    case MP_RELEASE: {
      const w = readWords(annex, 2);
      return w === undefined ? K_EINVAL : { service: 'MpRelease', segkey: w[1]! };
    }
    default:
      return K_EINVAL;
  }
}

// --- replies ---
// Every reply starts with diag. A reply with a non-zero diag needs no other word, so one error
// reply (`encodeError`) serves every service.

export const encodeError = (diag: number) => words([diag]);
export const encodeCreateReply = (segkey: number) => words([0, segkey]);
export const encodeAccessReply = (granted: number) => words([0, granted]);
export const encodeDoneReply = () => words([0]);

/** A reply's diag when it is an error, or the words of a successful reply (K_EINVAL: malformed). */
function replyWords(annex: Uint8Array, count: number): number[] | number {
  const head = readWords(annex, 1);
  if (head === undefined) return K_EINVAL;
  const diag = signed(head[0]!);
  if (diag > 0) return K_EINVAL;
  if (diag < 0) return diag;
  return readWords(annex, count) ?? K_EINVAL;
}

/** MpCreate's reply: the segkey, or the error. */
export function decodeCreateReply(annex: Uint8Array): { segkey: number } | number {
  const w = replyWords(annex, 2);
  return typeof w === 'number' ? w : { segkey: w[1]! };
}

/** MpGetAccess's reply: the access granted (a non-negative bit set), or the error. */
export function decodeAccessReply(annex: Uint8Array): number {
  const w = replyWords(annex, 2);
  if (typeof w === 'number') return w;
  return (w[1]! & ~ACCESS_BITS) === 0 ? w[1]! : K_EINVAL;
}

/** MpPullIn's reply for a request of `size` bytes: the access and data, or the error. */
export function decodePullInReply(
  annex: Uint8Array,
  body: Uint8Array | undefined,
  size: number,
): PulledIn | number {
  const access = decodeAccessReply(annex);
  if (access < 0) return access;
  const data = body ?? new Uint8Array(0);
  return data.length <= size ? { access, data } : K_EINVAL;
}

/** MpPushOut's and MpRelease's reply: K_OK or the error. */
export function decodeDoneReply(annex: Uint8Array): number {
  const w = replyWords(annex, 1);
  return typeof w === 'number' ? w : 0;
}

// --- client helpers (the nucleus's side) ---

type Call<T> = Generator<Request, T, unknown>;

/** The mapper port a segment capability names (its UI without the key). */
export const mapperPort = (seg: SegmentCap): Ui => ({ site: seg.site, epoch: seg.epoch, serial: seg.serial });

/** One RPC to the mapper: the reply's annex and body, or the ipcCall error. */
function* callMapper(
  port: Ui,
  annex: Uint8Array,
  body?: Uint8Array,
): Call<{ annex: Uint8Array; body?: Uint8Array } | number> {
  const message = body === undefined ? { annex } : { annex, body };
  const r = yield* ipcCall({ target: port }, message, K_NOTIMEOUT, { abortable: true });
  if (typeof r === 'number') return r;
  return r.body === undefined ? { annex: r.annex } : { annex: r.annex, body: r.body };
}

/** MpCreate to the mapper at `mapper` (the default mapper): a new temporary segment. */
export function* mpCreate(mapper: Ui, options = 0, sizeHint = 0): Call<SegmentCap | number> {
  const r = yield* callMapper(mapper, encodeCreate(options, sizeHint));
  if (typeof r === 'number') return r;
  const d = decodeCreateReply(r.annex);
  return typeof d === 'number'
    ? d
    : { site: mapper.site, epoch: mapper.epoch, serial: mapper.serial, key: d.segkey };
}

/** MpGetAccess: the access bits granted on the range, or the error. */
export function* mpGetAccess(seg: SegmentCap, offset: number, size: number, access: number): Call<number> {
  const r = yield* callMapper(mapperPort(seg), encodeGetAccess(seg.key, offset, size, access));
  return typeof r === 'number' ? r : decodeAccessReply(r.annex);
}

/** MpPullIn: the range's data (short at a segment's end: the rest is zeroes), or the error. */
export function* mpPullIn(
  seg: SegmentCap,
  offset: number,
  size: number,
  access: number,
): Call<PulledIn | number> {
  const r = yield* callMapper(mapperPort(seg), encodePullIn(seg.key, offset, size, access));
  return typeof r === 'number' ? r : decodePullInReply(r.annex, r.body, size);
}

/** MpPushOut: writes `data` (a whole number of pages) back at `offset`; K_OK or the error. */
export function* mpPushOut(seg: SegmentCap, offset: number, data: Uint8Array): Call<number> {
  const r = yield* callMapper(mapperPort(seg), encodePushOut(seg.key, offset, data.length), data);
  return typeof r === 'number' ? r : decodeDoneReply(r.annex);
}

/** MpRelease: the segment is no longer used; K_OK or the error. */
export function* mpRelease(seg: SegmentCap): Call<number> {
  const r = yield* callMapper(mapperPort(seg), encodeRelease(seg.key));
  return typeof r === 'number' ? r : decodeDoneReply(r.annex);
}

// --- the server skeleton (the mapper's side) ---

/** A result given at once, or by a generator that makes nucleus calls (I/O, waits) first. */
export type Served<T> = T | Call<T>;

const isCall = <T>(r: Served<T>): r is Call<T> =>
  typeof r === 'object' &&
  r !== null &&
  typeof (r as Call<T>).next === 'function' &&
  typeof (r as Call<T>)[Symbol.iterator] === 'function';

/** The value of a Served result, running its generator when it is one. */
export function* settle<T>(r: Served<T>): Call<T> {
  return isCall(r) ? yield* r : r;
}

type Handler<R, T> = (request: R) => Served<T>;
type Of<S extends MapperRequest['service']> = Extract<MapperRequest, { service: S }>;

/**
 * What a mapper serves, by service. Each handler returns its result or a negative K_E* code, at
 * once or from a generator that makes nucleus calls (I/O, waits) first; a service without a handler is answered K_EINVAL. A handler
 * must not receive other messages: the reply goes to the request it was given.
 */
export interface MapperHandlers {
  /** Returns the new segment's key. */
  readonly MpCreate?: Handler<Of<'MpCreate'>, number>;
  /** Returns the access bits granted. */
  readonly MpGetAccess?: Handler<Of<'MpGetAccess'>, number>;
  readonly MpPullIn?: Handler<Of<'MpPullIn'>, PulledIn | number>;
  /** Returns K_OK. */
  readonly MpPushOut?: Handler<Of<'MpPushOut'>, number>;
  /** Returns K_OK. */
  readonly MpRelease?: Handler<Of<'MpRelease'>, number>;
}

/** The reply to one decoded request (or K_EINVAL for a malformed one). */
function* answer(
  handlers: MapperHandlers,
  request: MapperRequest | number,
): Call<{ annex: Uint8Array; body?: Uint8Array }> {
  if (typeof request === 'number') return { annex: encodeError(request) };
  switch (request.service) {
    case 'MpCreate': {
      const r = handlers.MpCreate === undefined ? K_EINVAL : yield* settle(handlers.MpCreate(request));
      return { annex: r < 0 ? encodeError(r) : encodeCreateReply(r) };
    }
    case 'MpGetAccess': {
      const r = handlers.MpGetAccess === undefined ? K_EINVAL : yield* settle(handlers.MpGetAccess(request));
      return { annex: r < 0 ? encodeError(r) : encodeAccessReply(r) };
    }
    case 'MpPullIn': {
      const r = handlers.MpPullIn === undefined ? K_EINVAL : yield* settle(handlers.MpPullIn(request));
      if (typeof r === 'number') return { annex: encodeError(r < 0 ? r : K_EINVAL) };
      return { annex: encodeAccessReply(r.access), body: r.data };
    }
    case 'MpPushOut':
    case 'MpRelease': {
      const h = request.service === 'MpPushOut' ? handlers.MpPushOut : handlers.MpRelease;
      const r = h === undefined ? K_EINVAL : yield* settle((h as Handler<MapperRequest, number>)(request));
      return { annex: r < 0 ? encodeError(r) : encodeDoneReply() };
    }
  }
}

/**
 * A mapper's thread body: receives requests on port `portLi` of its actor, decodes each, runs
 * its handler and replies, for ever. An aborted receive (threadAbort) goes on waiting; any other
 * receive error (the port was deleted) ends the loop with that code.
 */
export function* serveMapper(portLi: number, handlers: MapperHandlers): Call<number> {
  for (;;) {
    const m = yield* ipcReceive(portLi, K_NOTIMEOUT);
    if (typeof m === 'number') {
      if (m === K_EABORT) continue;
      return m;
    }
    const reply = yield* answer(handlers, decodeRequest(m.annex, m.body));
    yield* ipcReply(reply);
  }
}

// nucleus/api for IPC (docs/ipc.md): ports, groups, messages and RPC for native actors, with
// the same calls and results guest code gets through the nucleus trap. A message is bytes: an
// annex of up to 120 and a body of up to 64 KiB, copied into the nucleus when sent.

import type { CallOptions, GroupKind, IpcDest, OutgoingMessage, ReceiveOptions } from '../ipc/calls.ts';
import type { ReceivedMessage } from '../ipc/engine.ts';
import type { MessageHead, ProtId, Ui } from '../ipc/objects.ts';
import type { Capability } from '../objects.ts';
import type { Request } from './index.ts';

export type { CallOptions, GroupKind, IpcDest, OutgoingMessage, ReceiveOptions } from '../ipc/calls.ts';
export { ipcTarget } from '../ipc/calls.ts';
export type { ReceivedMessage } from '../ipc/engine.ts';
export type { MessageHead, ProtId, TargetMode, Ui } from '../ipc/objects.ts';
export {
  ANNEX_SIZE,
  BODY_MAX,
  K_ANYENABLED,
  K_BROADMODE,
  K_DEFAULTPORT,
  K_FUNCMODE,
  K_FUNCUMODE,
  K_FUNCXMODE,
} from '../ipc/objects.ts';

export type IpcCallName =
  | 'portCreate'
  | 'portDeclare'
  | 'portDelete'
  | 'portEnable'
  | 'portDisable'
  | 'portMigrate'
  | 'portUi'
  | 'portLi'
  | 'portPi'
  | 'uiBuild'
  | 'uiLocalSite'
  | 'grpAllocate'
  | 'grpPortInsert'
  | 'grpPortRemove'
  | 'ipcSend'
  | 'ipcReceive'
  | 'ipcGetData'
  | 'ipcCall'
  | 'ipcReply'
  | 'ipcSysInfo'
  | 'ipcSave'
  | 'ipcRestore'
  | 'ipcForward';

/** A port as portCreate/portDeclare return it: its LI in the actor and its UI. */
export interface PortId {
  readonly li: number;
  readonly ui: Ui;
}

/** What ipcSysInfo tells about the current message. */
export interface MessageInfo extends MessageHead {
  readonly seqNum: number;
  readonly bodySize: number;
}

type Call<T> = Generator<Request, T, unknown>;

function* call<T>(name: IpcCallName, ...args: unknown[]): Call<T> {
  return (yield { op: 'call', name, args }) as T;
}

export const portCreate = (actor: Capability) => call<PortId | number>('portCreate', actor);
/** A port with a UI from uiBuild (trusted actors): a well-known service name. */
export const portDeclare = (actor: Capability, ui: Ui) => call<PortId | number>('portDeclare', actor, ui);
export const portDelete = (actor: Capability, li: number) => call<number>('portDelete', actor, li);
/** Adds the port to the actor's enabled set at `priority` (0 the most urgent). */
export const portEnable = (actor: Capability, li: number, priority = 0) =>
  call<number>('portEnable', actor, li, priority);
export const portDisable = (actor: Capability, li: number) => call<number>('portDisable', actor, li);
/** Moves a port to another actor; queued messages follow when `keepMessages`. */
export const portMigrate = (from: Capability, li: number, to: Capability, keepMessages: boolean) =>
  call<{ li: number; seqNum: number } | number>('portMigrate', from, li, to, keepMessages);
export const portUi = (actor: Capability, li: number) => call<Ui | number>('portUi', actor, li);
export const portLi = (ui: Ui) => call<number>('portLi', ui);
export const portPi = (actor: Capability, li: number, pi?: ProtId) =>
  call<ProtId | number>('portPi', actor, li, pi);
export const uiBuild = (stamp: number) => call<Ui | number>('uiBuild', stamp);
export const uiLocalSite = () => call<Ui>('uiLocalSite');

export const grpAllocate = (kind: GroupKind, stamp?: number) =>
  call<Capability | number>('grpAllocate', kind, stamp);
export const grpPortInsert = (group: Capability, port: Ui) => call<number>('grpPortInsert', group, port);
export const grpPortRemove = (group: Capability, port: Ui) => call<number>('grpPortRemove', group, port);

/** Asynchronous send; `srcLi` names the sender's port as the message's source. */
export const ipcSend = (dest: IpcDest, message: OutgoingMessage, srcLi?: number) =>
  call<number>('ipcSend', dest, message, srcLi);
/** Receives from port `li` (or K_DEFAULTPORT, K_ANYENABLED) within `micros`. */
export const ipcReceive = (li: number, micros: number, options?: ReceiveOptions) =>
  call<ReceivedMessage | number>('ipcReceive', li, micros, options);
export const ipcGetData = () => call<Uint8Array | number>('ipcGetData');
/** RPC: the reply to this request, or an error (timeout, abort, port or server gone). */
export const ipcCall = (dest: IpcDest, message: OutgoingMessage, micros: number, options?: CallOptions) =>
  call<ReceivedMessage | number>('ipcCall', dest, message, micros, options);
export const ipcReply = (message: OutgoingMessage) => call<number>('ipcReply', message);
export const ipcSysInfo = () => call<MessageInfo | number>('ipcSysInfo');
export const ipcSave = () => call<number>('ipcSave');
export const ipcRestore = (id: number) => call<number>('ipcRestore', id);
export const ipcForward = (dest: IpcDest) => call<number>('ipcForward', dest);

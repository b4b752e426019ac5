// Front door of MiX, the UNIX subsystem: its servers as system actors written against the
// nucleus's public API only (nucleus/index.ts). So far the process manager (pm/).
export type { PmOptions, PmProbe, PmState, Process, ProcessState } from './pm/index.ts';
export { CALL_TABLE, EPOCH_SECONDS, ProcessTable, pmActor, pmBoot } from './pm/index.ts';

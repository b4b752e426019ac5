// The PM's call table: Linux o32 call number -> the POSIX name and its handler, gathered from
// the feature files. A number missing here is ENOSYS (trap.ts logs it once).
import type { CallEntry } from './context.ts';
import { EXEC_CALLS } from './exec.ts';
import { FILE_CALLS } from './fds.ts';
import { IDENTITY_CALLS } from './identity.ts';
import { IO_CALLS } from './io.ts';
import { LIFECYCLE_CALLS } from './lifecycle.ts';
import { MEMORY_CALLS } from './memory.ts';
import { PATH_CALLS } from './paths.ts';
import { SIGNAL_CALLS } from './signals.ts';
import { TIME_CALLS } from './time.ts';

export const CALL_TABLE: ReadonlyMap<number, CallEntry> = new Map([
  ...IO_CALLS,
  ...MEMORY_CALLS,
  ...TIME_CALLS,
  ...IDENTITY_CALLS,
  ...SIGNAL_CALLS,
  ...LIFECYCLE_CALLS,
  ...FILE_CALLS,
  ...PATH_CALLS,
  ...EXEC_CALLS,
]);

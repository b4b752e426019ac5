// Time calls on the nucleus's clock (sysTime: simulated microseconds since boot, never the
// host's): CLOCK_REALTIME is a fixed epoch plus that, so runs are reproducible; the other clocks
// count from boot. nanosleep is threadDelay on the caller's thread.
import { api, K_EABORT } from '../../../nucleus/index.ts';
import { ERRNO } from './abi.ts';
import type { Call, CallContext, CallEntry } from './context.ts';
import { readWords, writeWords } from './context.ts';

/** The realtime clock at boot: 2026-01-01T00:00:00Z. */
export const EPOCH_SECONDS = 1_767_225_600;
const CLOCK_REALTIME = 0;

/** [seconds, nanoseconds] of `clock` now. */
function* now(clock: number): Call<[number, number]> {
  const micros = yield* api.sysTime();
  const seconds = Math.floor(micros / 1e6) + (clock === CLOCK_REALTIME ? EPOCH_SECONDS : 0);
  return [seconds, (micros % 1e6) * 1000];
}

/** clock_gettime(clock, struct timespec {long sec; long nsec}). */
function* clockGettime(call: CallContext): Call<number> {
  const [clock, ts] = call.args;
  return yield* writeWords(call, ts!, yield* now(clock!));
}

/** clock_gettime64(clock, struct __kernel_timespec {long long sec; long long nsec}). */
function* clockGettime64(call: CallContext): Call<number> {
  const [clock, ts] = call.args;
  const [s, ns] = yield* now(clock!);
  return yield* writeWords(call, ts!, [...call.pm.words.split64(s), ...call.pm.words.split64(ns)]);
}

/** gettimeofday(struct timeval {sec; usec}, timezone): the timezone is ignored. */
function* gettimeofday(call: CallContext): Call<number> {
  const [tv] = call.args;
  if (tv === 0) return 0;
  const [s, ns] = yield* now(CLOCK_REALTIME);
  return yield* writeWords(call, tv!, [s, Math.floor(ns / 1000)]);
}

function* time(call: CallContext): Call<number> {
  const [t] = call.args;
  const [s] = yield* now(CLOCK_REALTIME);
  if (t !== 0 && (yield* writeWords(call, t!, [s])) < 0) return -ERRNO.EFAULT;
  return s;
}

/**
 * times(struct tms): clock ticks (100 Hz) since boot. The PM counts no processor time per
 * process, so the four fields of the record are 0.
 */
function* times(call: CallContext): Call<number> {
  const [buf] = call.args;
  if (buf !== 0 && (yield* writeWords(call, buf!, [0, 0, 0, 0])) < 0) return -ERRNO.EFAULT;
  return Math.floor((yield* api.sysTime()) / 10_000) | 0;
}

/**
 * nanosleep(request, remaining): sleeps at least the request, rounded up to microseconds.
 * A signal interrupts it (the PM aborts the delay): EINTR, with the time left in `remaining`.
 */
function* nanosleep(call: CallContext): Call<number> {
  const [request, remaining] = call.args;
  const ts = yield* readWords(call, request!, 2);
  if (ts === undefined) return -ERRNO.EFAULT;
  const [seconds, nanoseconds] = [ts[0]! | 0, ts[1]! | 0];
  if (seconds < 0 || nanoseconds < 0 || nanoseconds >= 1e9) return -ERRNO.EINVAL;
  const micros = seconds * 1e6 + Math.ceil(nanoseconds / 1000);
  if (micros <= 0) return 0;
  const start = yield* api.sysTime();
  if ((yield* api.threadDelay(micros)) !== K_EABORT) return 0;
  if (remaining !== 0) {
    const left = Math.max(0, micros - ((yield* api.sysTime()) - start));
    yield* writeWords(call, remaining!, [Math.floor(left / 1e6), (left % 1e6) * 1000]);
  }
  return -ERRNO.EINTR;
}

export const TIME_CALLS: readonly (readonly [number, CallEntry])[] = [
  [4013, { name: 'time', handler: time }],
  [4043, { name: 'times', handler: times }],
  [4078, { name: 'gettimeofday', handler: gettimeofday }],
  [4166, { name: 'nanosleep', handler: nanosleep }],
  [4263, { name: 'clock_gettime', handler: clockGettime }],
  [4403, { name: 'clock_gettime64', handler: clockGettime64 }],
];

// What a nucleus call decides for its caller (STYLE.md: operations return a decision, one place
// acts on it): resume with a value, block on a wait until a deadline, or leave the CPU (the
// caller suspended or deleted itself). Nucleus.dispatch is the one place that applies it.
import { K_NOTIMEOUT } from './errors.ts';
import type { Nucleus } from './nucleus.ts';
import type { Thread, Wait } from './objects.ts';

export type Outcome =
  | { readonly kind: 'resume'; readonly value: unknown }
  | { readonly kind: 'block'; readonly wait: Wait; readonly deadline: number }
  | { readonly kind: 'leave' };

export const resume = (value: unknown): Outcome => ({ kind: 'resume', value });
export const LEAVE: Outcome = { kind: 'leave' };

/** Blocks the caller on `wait`, with a timeout in microseconds (K_NOTIMEOUT: none). */
export function block(n: Nucleus, t: Thread, wait: Wait, micros: number): Outcome {
  const deadline = micros === K_NOTIMEOUT ? Number.POSITIVE_INFINITY : n.deadlineIn(t, micros);
  return { kind: 'block', wait, deadline };
}

/** A timeout argument: K_NOTIMEOUT (-1), K_NOBLOCK (0) or microseconds. */
export const isTimeout = (v: unknown): v is number => typeof v === 'number' && (v === K_NOTIMEOUT || v >= 0);

// What a nucleus call decides for its caller (STYLE.md: operations return a decision, one place
// acts on it): resume with a value, block on a wait until a deadline, or leave the CPU (the
// caller suspended or deleted itself). Nucleus.dispatch is the one place that applies it.
import type { Wait } from './objects.ts';

export type Outcome =
  | { readonly kind: 'resume'; readonly value: unknown }
  | { readonly kind: 'block'; readonly wait: Wait; readonly deadline: number }
  | { readonly kind: 'leave' };

export const resume = (value: unknown): Outcome => ({ kind: 'resume', value });
export const LEAVE: Outcome = { kind: 'leave' };

// Oracles are host tools a test compares against or builds with (qemu-user, clang, e2fsck...).
// When one is missing, a test is skipped with the tool named, except under
// CHORUS_REQUIRE_ORACLES=1 (set by .ci/run), where it fails: CI must never pass by skipping.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'vitest';

export type OracleDecision =
  | { readonly kind: 'run' }
  | { readonly kind: 'skip'; readonly reason: string }
  | { readonly kind: 'fail'; readonly reason: string };

export interface OracleEnvironment {
  /** Environment variables (CHORUS_REQUIRE_ORACLES is read from here). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Answers whether a tool can be run. */
  readonly has: (tool: string) => boolean;
}

/** The path of `tool` if it is an executable file on PATH (or an absolute path to one). */
export function whichTool(tool: string, path = process.env.PATH ?? ''): string | undefined {
  const candidates = tool.includes('/') ? [tool] : path.split(delimiter).map((dir) => join(dir, tool));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** True when `tool` is an executable file on PATH (or an absolute path to one). */
export function isOnPath(tool: string, path = process.env.PATH ?? ''): boolean {
  return whichTool(tool, path) !== undefined;
}

export function requiresOracles(env: OracleEnvironment['env']): boolean {
  const value = env.CHORUS_REQUIRE_ORACLES;
  return value !== undefined && value !== '' && value !== '0';
}

/** Decides what a test needing `tools` does in this environment. */
export function decideOracles(
  tools: readonly string[],
  environment: OracleEnvironment = { env: process.env, has: (tool) => isOnPath(tool) },
): OracleDecision {
  const missing = tools.filter((tool) => !environment.has(tool));
  if (missing.length === 0) return { kind: 'run' };
  const reason = `missing oracle${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`;
  return requiresOracles(environment.env)
    ? { kind: 'fail', reason: `${reason} (CHORUS_REQUIRE_ORACLES is set)` }
    : { kind: 'skip', reason };
}

/**
 * A describe block that needs host tools. Missing tools skip it with the tools in its name, or,
 * under CHORUS_REQUIRE_ORACLES=1, turn it into one failing test that names them.
 */
export function describeWithOracles(tools: readonly string[], name: string, body: () => void): void {
  const decision = decideOracles(tools);
  switch (decision.kind) {
    case 'run':
      describe(name, body);
      return;
    case 'skip':
      describe.skip(`${name} [${decision.reason}]`, body);
      return;
    case 'fail':
      describe(name, () => {
        it('has its oracles', () => {
          throw new Error(decision.reason);
        });
      });
      return;
  }
}

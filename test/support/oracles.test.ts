import { describe, expect, it } from 'vitest';
import { decideOracles, isOnPath, requiresOracles } from './oracles.ts';

const nothingInstalled = () => false;
const everythingInstalled = () => true;

describe('ORACLES: the helper that decides whether a test needing host tools runs', () => {
  it('ORACLES: runs when every tool is present', () => {
    expect(decideOracles(['qemu-mips', 'clang'], { env: {}, has: everythingInstalled })).toEqual({
      kind: 'run',
    });
  });

  it('ORACLES: skips naming the missing tool when oracles are not required', () => {
    expect(decideOracles(['qemu-mips'], { env: {}, has: nothingInstalled })).toEqual({
      kind: 'skip',
      reason: 'missing oracle: qemu-mips',
    });
  });

  it('ORACLES: a test needing qemu-user fails under CHORUS_REQUIRE_ORACLES=1 when qemu-user is absent', () => {
    const decision = decideOracles(['qemu-mips', 'clang'], {
      env: { CHORUS_REQUIRE_ORACLES: '1' },
      has: (tool) => tool === 'clang',
    });
    expect(decision).toEqual({
      kind: 'fail',
      reason: 'missing oracle: qemu-mips (CHORUS_REQUIRE_ORACLES is set)',
    });
  });

  it('ORACLES: names every missing tool', () => {
    const decision = decideOracles(['qemu-arm', 'e2fsck'], { env: {}, has: nothingInstalled });
    expect(decision).toEqual({ kind: 'skip', reason: 'missing oracles: qemu-arm, e2fsck' });
  });

  it('ORACLES: CHORUS_REQUIRE_ORACLES=0 or empty does not require oracles', () => {
    expect(requiresOracles({ CHORUS_REQUIRE_ORACLES: '0' })).toBe(false);
    expect(requiresOracles({ CHORUS_REQUIRE_ORACLES: '' })).toBe(false);
    expect(requiresOracles({})).toBe(false);
    expect(requiresOracles({ CHORUS_REQUIRE_ORACLES: '1' })).toBe(true);
  });

  it('ORACLES: finds tools on a PATH and misses what is not there', () => {
    expect(isOnPath('node')).toBe(true);
    expect(isOnPath('chorus-no-such-tool-xyz')).toBe(false);
    expect(isOnPath('node', '/nonexistent-dir')).toBe(false);
  });
});

// Conversions between cycles of a board clock and nanoseconds, exact for any run length. Only
// used at coarse grain (network frames, cluster windows, RTC reads), never per instruction, so
// BigInt is affordable here and keeps products like 10^18 exact.

/** Whole cycles of a `hz` clock elapsed by `ns` nanoseconds (rounded down). */
export function nsToCycles(ns: number, hz: number): number {
  return Number((BigInt(Math.floor(ns)) * BigInt(hz)) / 1_000_000_000n);
}

/** Nanoseconds at cycle `cycles` of a `hz` clock (rounded down). */
export function cyclesToNs(cycles: number, hz: number): number {
  return Number((BigInt(Math.floor(cycles)) * 1_000_000_000n) / BigInt(hz));
}

/** Cycles of a `hz` clock that `ns` nanoseconds take, rounded up (a delay is never shortened). */
export function nsToCyclesCeil(ns: number, hz: number): number {
  const product = BigInt(Math.ceil(ns)) * BigInt(hz);
  return Number((product + 999_999_999n) / 1_000_000_000n);
}

/** Cycles of a `hz` clock that `bytes` take on a link of `bitsPerSecond`, rounded up. */
export function transferCycles(bytes: number, bitsPerSecond: number, hz: number): number {
  const product = BigInt(bytes) * 8n * BigInt(hz);
  const bps = BigInt(bitsPerSecond);
  return Number((product + bps - 1n) / bps);
}

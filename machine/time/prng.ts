// The machine's only source of randomness: xoshiro128** (Blackman and Vigna, 2018), 32-bit
// output, 128-bit state, period 2^128 - 1. The state is seeded from a 53-bit integer seed through
// SplitMix32 so that nearby seeds give unrelated streams. Device jitter, network loss and
// reordering, and the nucleus's capability keys all draw from here (or from a `split()` of it),
// so a run is a function of its seed.
//
// Step (all arithmetic mod 2^32):
//   result = rotl(s1 * 5, 7) * 9
//   t = s1 << 9;  s2 ^= s0;  s3 ^= s1;  s1 ^= s2;  s0 ^= s3;  s2 ^= t;  s3 = rotl(s3, 11)

export interface PrngState {
  readonly version: 1;
  readonly s: readonly [number, number, number, number];
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** SplitMix32 step over a 32-bit counter: a well-mixed 32-bit value. */
function splitMix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Prng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** `seed`: a non-negative integer below 2^53. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0)
      throw new RangeError(`seed ${seed} must be an integer in 0..2^53-1`);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 0x1_0000_0000) >>> 0;
    let x = splitMix32(lo ^ Math.imul(hi, 0x27d4eb2f));
    this.s0 = x;
    x = splitMix32(x ^ hi);
    this.s1 = x;
    x = splitMix32(x + 1);
    this.s2 = x;
    x = splitMix32(x + 2);
    this.s3 = x;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** Next unsigned 32-bit value. */
  nextU32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  nextFloat(): number {
    return this.nextU32() / 0x1_0000_0000;
  }

  /** Uniform integer in [0, n) for 1 <= n <= 2^32, without modulo bias (rejection). */
  below(n: number): number {
    if (n <= 1) return 0;
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /** True with probability p. p <= 0 and p >= 1 consume no randomness (golden runs stay put). */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.nextFloat() < p;
  }

  /** An independent generator seeded from this one's next outputs (e.g. one per network). */
  split(): Prng {
    const child = new Prng(0);
    child.restore({ version: 1, s: [this.nextU32(), this.nextU32(), this.nextU32(), this.nextU32() | 1] });
    return child;
  }

  snapshot(): PrngState {
    return { version: 1, s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0] };
  }

  restore(state: PrngState): void {
    if (state.version !== 1) throw new Error(`prng snapshot version ${state.version} is not 1`);
    [this.s0, this.s1, this.s2, this.s3] = state.s.map((v) => v | 0) as [number, number, number, number];
  }
}

/**
 * mulberry32: a small, fast, well-mixed seeded 32-bit PRNG giving numbers in [0, 1); the same
 * seed gives the same sequence everywhere (a sweep's launch order, the tests' fault mixes).
 * Internal.
 *
 * @example
 * ```ts
 * const random = mulberry32(42);
 * random(); // the same first number on every machine
 * ```
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

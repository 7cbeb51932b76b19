/**
 * mulberry32 (src/internal/mulberry32.ts): a small, fast, seeded pseudo-random generator, good
 * enough for dice and for generating reproducible test data. Returns numbers in [0, 1). Shared by
 * the fault proxy, the test servers and the benchmarks, so a seed means the same sequence
 * everywhere.
 */
export { mulberry32 as prng } from '../../src/internal/mulberry32';

/**
 * The order a sweep launches its jobs in: repeat by repeat (every cell's first run before any
 * cell's second, so repeats are spread over the whole run), each round shuffled with a seeded
 * PRNG (so no configuration always goes first, or always gets the region's quiet hour), the
 * seed recorded in the journal. Internal.
 *
 * @module
 */
import { mulberry32 } from '../../internal/mulberry32';

/** A random 32-bit seed. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
}

/**
 * The job names in launch order: grouped by repeat (ascending), each group shuffled
 * (Fisher-Yates) by one PRNG seeded with `seed`.
 *
 * @example
 * ```ts
 * launchOrder(plan.jobs, 42); // ['...-b512-r1', '...-b256-r1', '...-b256-r2', '...-b512-r2']
 * ```
 */
export function launchOrder(jobs: readonly { jobName: string; cell: { repeat: number } }[], seed: number): string[] {
  const random = mulberry32(seed);
  const rounds = new Map<number, string[]>();
  for (const job of jobs) rounds.set(job.cell.repeat, [...(rounds.get(job.cell.repeat) ?? []), job.jobName]);
  const order: string[] = [];
  for (const repeat of [...rounds.keys()].sort((a, b) => a - b)) {
    const round = rounds.get(repeat)!;
    for (let i = round.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [round[i], round[j]] = [round[j]!, round[i]!];
    }
    order.push(...round);
  }
  return order;
}

/**
 * "Did you mean" for sweep files: the known name closest to a misspelt one. Internal.
 *
 * @module
 */
import { editDistance } from '../../internal/editDistance';

/**
 * The candidate closest to `key`, when it is close enough to be a slip (at most a third of the
 * longer name's letters differ, and at least one may): `closestKey('matrx', ['name', 'matrix'])`
 * is `'matrix'`; nothing for a name unlike any candidate.
 *
 * @example
 * ```ts
 * closestKey('batchsize', ['batchSize', 'epochs']); // 'batchSize'
 * ```
 */
export function closestKey(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined) return undefined;
  const allowed = Math.max(1, Math.floor(Math.max(key.length, best.length) / 3));
  return bestDistance <= allowed ? best : undefined;
}

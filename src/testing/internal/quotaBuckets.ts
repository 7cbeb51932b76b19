/**
 * Rule matching and the token buckets of the fault proxy's quotas. Internal to sagemaker-bench/testing.
 */
import type { QuotaRule } from '../FaultRule';

/** Whether a rule's `operation` (absent: all; string: exact name; RegExp: tested) covers `operation`. */
export function matchesOperation(pattern: string | RegExp | undefined, operation: string): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? pattern === operation : pattern.test(operation);
}

/** A quota's token bucket. */
export interface Bucket {
  rule: QuotaRule;
  capacity: number;
  perMs: number;
  tokens: number;
  updatedAt: number;
}

/** A full bucket for each quota rule; throws on a rate or burst that is not a number >= 0. */
export function makeBuckets(quotas: readonly QuotaRule[], now: number): Bucket[] {
  return quotas.map((rule) => {
    const { requestsPerSecond: rps, burst } = rule;
    if (!Number.isFinite(rps) || rps < 0) throw new RangeError(`quota requestsPerSecond must be a number >= 0, got ${rps}`);
    if (burst !== undefined && !(Number.isFinite(burst) && burst >= 0)) throw new RangeError(`quota burst must be a number >= 0, got ${burst}`);
    const capacity = Math.max(1, burst ?? rps);
    return { rule, capacity, perMs: rps / 1000, tokens: capacity, updatedAt: now };
  });
}

/** Tolerance for the float sums of refills (10 x 0.1 s at 1/s must make one whole token). */
const TOKEN_EPSILON = 1e-9;

/**
 * Takes one token from every bucket covering `operation`, or none if one of them is empty (then
 * the request is throttled). `true` when the request may go on.
 */
export function takeTokens(buckets: readonly Bucket[], operation: string, now: number): boolean {
  const covering = buckets.filter((bucket) => matchesOperation(bucket.rule.operation, operation));
  for (const bucket of covering) {
    bucket.tokens = Math.min(bucket.capacity, bucket.tokens + Math.max(0, now - bucket.updatedAt) * bucket.perMs);
    bucket.updatedAt = now;
  }
  if (covering.some((bucket) => bucket.tokens < 1 - TOKEN_EPSILON)) return false;
  for (const bucket of covering) bucket.tokens = Math.max(0, bucket.tokens - 1);
  return true;
}

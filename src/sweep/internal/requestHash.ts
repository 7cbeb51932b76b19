/**
 * The fingerprint of a request that a sweep journal keeps instead of the request itself (which
 * may hold secrets in its environment): SHA-256 of its canonical JSON (keys sorted, undefined
 * members left out), so a resumed plan can be checked to send the same requests. Internal.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Hex SHA-256 of the request's canonical JSON: equal for equal requests whatever their key order.
 *
 * @example
 * ```ts
 * requestHash(plan.jobs[0].request); // '3f1c...'
 * ```
 */
export function requestHash(request: CreateTrainingJobCommandInput): string {
  return createHash('sha256').update(canonical(request)).digest('hex');
}

/**
 * A short description of a value for a TypeError's message: `"abc"`, `42`, `null`, `an array`,
 * `object`, `undefined`. Internal.
 *
 * @example
 * ```ts
 * throw new TypeError(`region must be a string, got ${describeValue(region)}`);
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

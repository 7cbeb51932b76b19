/**
 * Checks of numeric options, done where an option is given (a constructor, the start of a
 * call), so a bad value fails at once with a RangeError naming it instead of turning into a
 * busy loop or an endless retry later. Internal.
 */

/**
 * The longest delay a Node timer keeps: 2^31 - 1 ms (about 24.8 days). A longer one fires after
 * 1 ms, so an option that feeds a timer is bounded by it (in its own unit).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `value` if it is a finite number above 0 and at most `max` (or `fallback` when undefined); a
 * RangeError naming `name` otherwise.
 */
export function positiveNumber(where: string, name: string, value: unknown, fallback: number, max = Number.MAX_VALUE): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    const bound = max === Number.MAX_VALUE ? '' : ` and at most ${max}`;
    throw new RangeError(`${where}: ${name} must be a finite number above 0${bound}, got ${describe(value)}`);
  }
  return value;
}

/** `value` if it is a finite number >= 0 and at most `max` (or `fallback` when undefined); a RangeError naming `name` otherwise. */
export function nonNegativeNumber(where: string, name: string, value: unknown, fallback: number, max = Number.MAX_VALUE): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
    const bound = max === Number.MAX_VALUE ? '' : ` and at most ${max}`;
    throw new RangeError(`${where}: ${name} must be a finite number >= 0${bound}, got ${describe(value)}`);
  }
  return value;
}

/** A delay option in milliseconds: above 0, at most {@link MAX_TIMER_MS}. */
export function delayMs(where: string, name: string, value: unknown, fallback: number): number {
  return positiveNumber(where, name, value, fallback, MAX_TIMER_MS);
}

/** A delay option in seconds: above 0, at most {@link MAX_TIMER_MS} / 1000. */
export function delaySeconds(where: string, name: string, value: unknown, fallback: number): number {
  return positiveNumber(where, name, value, fallback, MAX_TIMER_MS / 1000);
}

/** `value` if it is an integer >= `min` and at most `max` (or `fallback` when undefined); a RangeError naming `name` otherwise. */
export function integerAtLeast(where: string, name: string, value: unknown, min: number, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const bound = max === Number.MAX_SAFE_INTEGER ? '' : ` and at most ${max}`;
    throw new RangeError(`${where}: ${name} must be an integer >= ${min}${bound}, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  return value === null ? 'null' : typeof value;
}

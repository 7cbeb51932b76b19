/**
 * How plain data objects (a sweep's result, a log's metrics, the `Clients`) print in a REPL or a
 * notebook without becoming something else: a non-enumerable `toString` and a non-enumerable
 * `util.inspect` hook, so JSON, `structuredClone`, spreading and deep equality see the same plain
 * object as before. Nothing is imported from `node:util`. Internal.
 *
 * @module
 */

/** The symbol `util.inspect` looks for (the same in every realm: `Symbol.for`). */
export const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** What `util.inspect` passes its hook (the part read here). */
export interface InspectOptionsLike {
  /** Items of an array shown before `... n more items` (default 100): also the rows of a table. */
  maxArrayLength?: number | null;
}

/**
 * The rows of a table to show under `util.inspect`'s `maxArrayLength`, as it shows arrays:
 * 100 by default, all of them for `null` or `Infinity`.
 */
export function rowLimit(options: InspectOptionsLike | undefined): number {
  const max = options?.maxArrayLength;
  if (max === null) return Infinity;
  return typeof max === 'number' && max >= 0 ? Math.floor(max) : 100;
}

/**
 * Gives `value` a non-enumerable `toString()` (the whole text: `text(Infinity)`) and a
 * non-enumerable `util.inspect` hook (`text(rows)` with `rows` from `maxArrayLength`), unless it
 * has its own hook already or cannot take properties (frozen). Returns `value`, unchanged
 * otherwise.
 *
 * @example
 * ```ts
 * const result = printable({ name: 'sweep', jobs: [] }, (rows) => `SweepResult sweep (${rows} rows at most)`);
 * String(result);         // 'SweepResult sweep (Infinity rows at most)'
 * JSON.stringify(result); // '{"name":"sweep","jobs":[]}'
 * ```
 */
export function printable<T extends object>(value: T, text: (maxRows: number) => string): T {
  if (!Object.isExtensible(value) || Object.hasOwn(value, INSPECT)) return value;
  Object.defineProperty(value, 'toString', {
    value: function toString(): string {
      return text(Infinity);
    },
    enumerable: false,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(value, INSPECT, {
    value: function inspect(_depth: number, options?: InspectOptionsLike): string {
      return text(rowLimit(options));
    },
    enumerable: false,
    writable: true,
    configurable: true,
  });
  return value;
}

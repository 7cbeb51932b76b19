/**
 * JSON for journal records that keeps what plain JSON loses: Dates (`{"$date":"..."}`) and
 * non-finite numbers (`{"$number":"NaN"}`: a diverged loss must read back as NaN, not null).
 * A key of the data that starts with `$` is written with one more `$` (`$$number`), so data can
 * never pass for a marker. Internal.
 *
 * @module
 */

/**
 * One JSON text (no newline in it) for `value`, Dates and NaN/Infinity kept.
 *
 * @example
 * ```ts
 * encodeRecord({ at: new Date(0), loss: Number.NaN }); // '{"at":{"$date":"1970-01-01T00:00:00.000Z"},"loss":{"$number":"NaN"}}'
 * ```
 */
export function encodeRecord(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, encoded: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: Number.isNaN(raw.getTime()) ? null : raw.toISOString() };
    if (typeof raw === 'number' && !Number.isFinite(raw)) return { $number: String(raw) };
    if (encoded !== null && typeof encoded === 'object' && !Array.isArray(encoded) && Object.keys(encoded).some((k) => k.startsWith('$'))) {
      return Object.fromEntries(Object.entries(encoded).map(([k, v]) => [k.startsWith('$') ? `$${k}` : k, v]));
    }
    return encoded;
  });
}

/**
 * The value of one {@link encodeRecord} text.
 *
 * @example
 * ```ts
 * decodeRecord('{"loss":{"$number":"NaN"}}'); // { loss: NaN }
 * ```
 */
export function decodeRecord(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === '$date') {
        const iso = (value as { $date: unknown }).$date;
        return new Date(typeof iso === 'string' ? iso : Number.NaN);
      }
      if (keys.length === 1 && keys[0] === '$number') return Number((value as { $number: unknown }).$number);
      if (keys.some((k) => k.startsWith('$$'))) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.startsWith('$$') ? k.slice(1) : k, v]));
      }
    }
    return value;
  });
}

/**
 * Numbers as training frameworks print them (Python's `float()` spellings). Internal.
 *
 * @module
 */

const NUMBER = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)$/;
const SPECIAL = /^([+-]?)(nan|inf|infinity)$/i;

/**
 * Reads `text` the way Python's `float()` does: decimals, scientific notation (`6.3974e-04` is read
 * whole), `nan`, `inf`, `-inf`, `Infinity`, surrounding spaces. Anything else is `undefined`.
 */
export function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (t === '') return undefined;
  if (NUMBER.test(t)) return Number(t);
  const special = SPECIAL.exec(t);
  if (special === null) return undefined;
  if (special[2]!.toLowerCase() === 'nan') return Number.NaN;
  return special[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}

/** The pattern source of one printed number, for use inside larger patterns. */
export const NUMBER_PATTERN = String.raw`[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|nan|NaN|-?inf|-?Infinity)`;

/**
 * Seconds of a clock time as tqdm and Keras print it: `15`, `00:15`, `1:02:03`, `2:13`.
 */
export function parseClock(text: string): number | undefined {
  if (!/^\d+(?::\d{1,2}){0,2}$/.test(text)) return undefined;
  let seconds = 0;
  for (const part of text.split(':')) seconds = seconds * 60 + Number(part);
  return seconds;
}

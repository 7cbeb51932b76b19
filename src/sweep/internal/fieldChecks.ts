/**
 * The checks of a sweep file's fields: each adds an issue (with the field's path, a code, and
 * what was expected and what was got) to a collector and says whether the value passed. Internal.
 *
 * @module
 */
import type { ValidationIssue } from '../../errors';
import { closestKey } from './closestKey';

export type Path = (string | number)[];
export type Json = Record<string, unknown>;

/** Collects every issue of a sweep file. */
export class Issues {
  readonly list: ValidationIssue[] = [];

  add(path: Path, code: string, message: string, value?: unknown): void {
    const issue: ValidationIssue = { path: [...path], code, message, severity: 'error' };
    if (arguments.length > 3) issue.value = value;
    this.list.push(issue);
  }

  get size(): number {
    return this.list.length;
  }
}

/**
 * What kind of value this is, for "got ...": `a string`, `a number`, `a boolean`, `null`, `an
 * array`, `an object`. The value itself goes in the issue's `value` (formatIssues shows it).
 */
export function got(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'undefined') return 'undefined';
  return `a ${typeof value}`;
}

export const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

export function checkObject(issues: Issues, value: unknown, path: Path, what: string): value is Json {
  if (isObject(value)) return true;
  issues.add(path, 'invalid_type', `expected ${what}, got ${got(value)}`, value);
  return false;
}

export function checkArray(issues: Issues, value: unknown, path: Path, what: string): value is unknown[] {
  if (Array.isArray(value)) return true;
  issues.add(path, 'invalid_type', `expected ${what}, got ${got(value)}`, value);
  return false;
}

export function checkString(issues: Issues, value: unknown, path: Path, rule: { pattern?: RegExp; maxLength?: number; rule?: string; minLength?: number } = {}): value is string {
  if (typeof value !== 'string') {
    issues.add(path, 'invalid_type', `expected a string${rule.rule ? ` (${rule.rule})` : ''}, got ${got(value)}`, value);
    return false;
  }
  if (rule.minLength !== undefined && value.length < rule.minLength) {
    issues.add(path, 'min_length', `expected a non-empty string${rule.rule ? ` (${rule.rule})` : ''}`, value);
    return false;
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    issues.add(path, 'max_length', `expected at most ${rule.maxLength} characters${rule.rule ? ` (${rule.rule})` : ''}, got ${value.length}`, value);
    return false;
  }
  if (rule.pattern !== undefined && !rule.pattern.test(value)) {
    issues.add(path, 'pattern', `expected ${rule.rule ?? `a string matching ${rule.pattern.source}`}`, value);
    return false;
  }
  return true;
}

/** A whole number >= `min` (and a safe integer, as defineSweep takes them). */
export function checkWhole(issues: Issues, value: unknown, path: Path, min = 1): value is number {
  if (typeof value !== 'number') {
    issues.add(path, 'invalid_type', `expected a whole number >= ${min}, got ${got(value)}`, value);
    return false;
  }
  if (!Number.isInteger(value)) {
    issues.add(path, 'not_integer', `expected a whole number >= ${min}, got a fraction`, value);
    return false;
  }
  if (value < min) {
    issues.add(path, 'min_value', `expected a whole number >= ${min}`, value);
    return false;
  }
  if (!Number.isSafeInteger(value)) {
    issues.add(path, 'max_value', `expected a whole number up to ${Number.MAX_SAFE_INTEGER}`, value);
    return false;
  }
  return true;
}

/** A number >= 0 (USD, seconds). */
export function checkNonNegative(issues: Issues, value: unknown, path: Path, unit: string): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.add(path, 'invalid_type', `expected a number of ${unit} >= 0, got ${got(value)}`, value);
    return false;
  }
  if (value < 0) {
    issues.add(path, 'min_value', `expected a number of ${unit} >= 0`, value);
    return false;
  }
  return true;
}

export function checkEnum<T extends string>(issues: Issues, value: unknown, path: Path, allowed: readonly T[]): value is T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return true;
  const list = allowed.map((a) => JSON.stringify(a)).join(', ');
  const near = typeof value === 'string' ? closestKey(value, allowed) : undefined;
  issues.add(path, typeof value === 'string' ? 'enum' : 'invalid_type', `expected one of ${list}, got ${got(value)}${near ? `; did you mean ${JSON.stringify(near)}?` : ''}`, value);
  return false;
}

/**
 * Each key of `object` not in `known` is an `unknown_field` issue naming the closest known key
 * (`"matrx" is not a field; did you mean "matrix"?`), or what `hint(key)` says about it.
 */
export function checkKeys(issues: Issues, object: Json, path: Path, known: readonly string[], hint?: (key: string) => string | undefined): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const near = closestKey(key, known);
    const where = path.length === 0 ? 'a field' : `a field of ${describePath(path)}`;
    const extra = hint?.(key) ?? (near ? `did you mean ${JSON.stringify(near)}?` : `the fields are ${known.map((k) => JSON.stringify(k)).join(', ')}`);
    issues.add([...path, key], 'unknown_field', `${JSON.stringify(key)} is not ${where}; ${extra}`);
  }
}

/** `"matrix"`, `"exclude[0]"`. */
export function describePath(path: Path): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return JSON.stringify(out);
}

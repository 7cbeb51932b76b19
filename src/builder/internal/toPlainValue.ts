/**
 * Turns a request value into plain JSON data the way the SDK serializer sees it. Internal.
 *
 * `undefined` and `null` members and list elements are dropped (the SDK sends neither), a `Date`
 * becomes its ISO string (the CLI reads timestamps in ISO 8601). Anything JSON or the CLI cannot
 * carry faithfully (NaN, Infinity, bigint, functions, symbols, Maps, class instances) is refused
 * with a `ValidationError` whose issue points at the value, rather than being silently changed.
 *
 * @example
 * ```ts
 * toPlainValue({ A: 1, B: undefined, C: [null, 'x'] }); // { A: 1, C: ['x'] }
 * ```
 */
import { ValidationError } from '../../errors';

export type PlainValue = string | number | boolean | PlainValue[] | PlainObject;
export interface PlainObject {
  [key: string]: PlainValue;
}

export function toPlainValue(value: unknown, path: (string | number)[] = []): PlainValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw notRenderable(path, value, 'is not a finite number');
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw notRenderable(path, value, 'is an invalid Date');
    return value.toISOString();
  }
  if (Array.isArray(value)) {
    const out: PlainValue[] = [];
    value.forEach((element, index) => {
      const plain = toPlainValue(element, [...path, index]);
      if (plain !== undefined) out.push(plain);
    });
    return out;
  }
  if (typeof value === 'object' && isPlainObject(value)) {
    const out: PlainObject = {};
    for (const [key, member] of Object.entries(value)) {
      const plain = toPlainValue(member, [...path, key]);
      if (plain !== undefined) Object.defineProperty(out, key, { value: plain, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  throw notRenderable(path, value, `is a ${typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value}, which a CreateTrainingJob request cannot hold`);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function notRenderable(path: (string | number)[], value: unknown, why: string): ValidationError {
  return new ValidationError([
    {
      path,
      code: 'not_renderable',
      message: `Cannot render this value as an AWS CLI argument: it ${why}`,
      severity: 'error',
      value,
    },
  ]);
}

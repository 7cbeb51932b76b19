/**
 * The AWS CLI shorthand syntax for one argument, when it is unambiguous. Internal.
 *
 * Shorthand is written only where the CLI's parser (awscli/shorthand.py, `ShorthandParser` plus
 * `BackCompatVisitor`) is certain to read back exactly the value given; `undefined` means "use
 * JSON". The rules, from that parser:
 *
 * - Keys are read as `[A-Za-z0-9_.#/:-]+`; a map key with any other character (or none) is refused.
 * - A scalar is read up to the next `,` (or `]`, `}` inside brackets), trailing blanks are stripped,
 *   `\,` is an escape, a leading `'`, `"`, `[`, `{` or `=` changes the meaning. So only scalars made
 *   of `[A-Za-z0-9_./:@%+=-]` not starting with `=` are written bare; anything else (commas,
 *   quotes, brackets, blanks, backslashes, `#`, `$`, non-ASCII, the empty string) means JSON. The
 *   same set needs no shell quoting, so a shorthand argument only gets quoted for its `[`/`{`.
 * - Numbers and booleans are written as text; the CLI converts them back using the member's model
 *   type (`int()`, `float()`, `true`/`false`), so a type-correct request comes back identical. A
 *   number whose text is not plain decimal (`1e+21`) means JSON.
 * - A list inside a structure is `Key=a,b` (as AWS documents it) when no item holds `=`; a
 *   one-item list is `Key=a` (the CLI wraps it); otherwise, and when nested deeper, `Key=[a,b]`.
 *   Nested structures and maps are `Key={A=b,C=d}`; empty ones `{}` and `[]`.
 * - An empty top-level structure or map has no shorthand (the parser needs one `key=value`).
 *
 * @example
 * ```ts
 * toShorthand({ InstanceType: 'ml.p3.8xlarge', InstanceCount: 1 }); // InstanceType=ml.p3.8xlarge,InstanceCount=1
 * toShorthand({ 'batch size': '1' });                                // undefined: use JSON
 * ```
 */
import type { PlainObject, PlainValue } from './toPlainValue';

const KEY = /^[A-Za-z0-9_.#\/:-]+$/;
const SCALAR = /^[A-Za-z0-9_.\/:@%+-][A-Za-z0-9_.\/:@%+=-]*$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** `Key=value,Key=value` for a top-level structure or map, or undefined when JSON is needed. */
export function toShorthand(object: PlainObject): string | undefined {
  const entries = Object.entries(object);
  if (entries.length === 0) return undefined;
  const parts: string[] = [];
  for (const [key, value] of entries) {
    if (!KEY.test(key)) return undefined;
    const text = Array.isArray(value) ? topLevelList(value) : nested(value);
    if (text === undefined) return undefined;
    parts.push(`${key}=${text}`);
  }
  return parts.join(',');
}

/** A list that is the value of a top-level key: `a,b` when that reads back unchanged. */
function topLevelList(list: PlainValue[]): string | undefined {
  const items = list.map(scalar);
  if (items.length > 0 && items.every((item): item is string => item !== undefined && !item.includes('='))) {
    return items.join(',');
  }
  return nested(list);
}

/** A value inside brackets or braces, or the value of a top-level key. */
function nested(value: PlainValue): string | undefined {
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      const text = nested(item);
      if (text === undefined) return undefined;
      items.push(text);
    }
    return `[${items.join(',')}]`;
  }
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [key, member] of Object.entries(value)) {
      if (!KEY.test(key)) return undefined;
      const text = nested(member);
      if (text === undefined) return undefined;
      parts.push(`${key}=${text}`);
    }
    return `{${parts.join(',')}}`;
  }
  return scalar(value);
}

function scalar(value: PlainValue): string | undefined {
  if (typeof value === 'string') return SCALAR.test(value) ? value : undefined;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    const text = String(value);
    return DECIMAL.test(text) ? text : undefined;
  }
  return undefined;
}

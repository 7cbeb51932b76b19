import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { INSPECT, printable, rowLimit } from '../../src/internal/printable';

const data = () => ({ name: 'sweep', jobs: [{ a: 1 }, { a: 2 }], at: new Date(0) });

describe('printable', () => {
  it('prints the text under util.inspect and String(), with the rows util.inspect allows', () => {
    const value = printable(data(), (rows) => `Sweep (${rows} rows)`);
    expect(inspect(value)).toBe('Sweep (100 rows)');
    expect(inspect(value, { maxArrayLength: 3 })).toBe('Sweep (3 rows)');
    expect(inspect(value, { maxArrayLength: null })).toBe('Sweep (Infinity rows)');
    expect(String(value)).toBe('Sweep (Infinity rows)');
    expect(`${value}`).toBe('Sweep (Infinity rows)');
  });

  it('indents the text when the value is printed inside another', () => {
    const value = printable(data(), () => 'Table\nrow');
    expect(inspect({ value })).toBe('{\n  value: Table\n  row\n}');
  });

  it('leaves JSON, structuredClone, spreading, keys and deep equality as they were', () => {
    const value = printable(data(), () => 'Table');
    expect(JSON.stringify(value)).toBe(JSON.stringify(data()));
    expect(Object.keys(value)).toEqual(['name', 'jobs', 'at']);
    expect(structuredClone(value)).toStrictEqual(data());
    expect(value).toStrictEqual(data());
    expect(data()).toStrictEqual(value);
    expect({ ...value }).toStrictEqual(data());
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, INSPECT)?.enumerable).toBe(false);
    expect(Object.getOwnPropertyDescriptor(value, 'toString')?.enumerable).toBe(false);
  });

  it('keeps a hook the value has already, and leaves a frozen value alone', () => {
    const once = printable(data(), () => 'first');
    expect(String(printable(once, () => 'second'))).toBe('first');
    const frozen = Object.freeze(data());
    expect(printable(frozen, () => 'Table')).toBe(frozen);
    expect(String(frozen)).toBe('[object Object]');
  });

  it('reads the row limit as util.inspect reads maxArrayLength', () => {
    expect(rowLimit(undefined)).toBe(100);
    expect(rowLimit({})).toBe(100);
    expect(rowLimit({ maxArrayLength: 0 })).toBe(0);
    expect(rowLimit({ maxArrayLength: null })).toBe(Infinity);
    expect(rowLimit({ maxArrayLength: Infinity })).toBe(Infinity);
  });
});

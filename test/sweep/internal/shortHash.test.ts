import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shortHash } from '../../../src/sweep/internal/shortHash';

describe('shortHash', () => {
  it('gives 5 lowercase base36 characters for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        expect(shortHash(text)).toMatch(/^[0-9a-z]{5}$/);
      }),
    );
  });

  it('gives the same hash for the same text, every time and in every process (FNV-1a)', () => {
    expect(shortHash('')).toBe((0x811c9dc5 % 36 ** 5).toString(36).padStart(5, '0'));
    expect(shortHash('["ml.g5.xlarge",1]')).toBe(shortHash('["ml.g5.xlarge",1]'));
  });

  it('tells apart the cells of a sweep that differ in one character', () => {
    const cells = ['ml.g5.xlarge', 'ml.g5.2xlarge', 'ml.g5.4xlarge', 'ml.g5.8xlarge'].flatMap((type) =>
      [32, 64, 128, 256, 512].map((batch) => JSON.stringify([type, 1, batch, 5, []])),
    );
    expect(new Set(cells.map(shortHash)).size).toBe(cells.length);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, splitChunks, splitLinesOnce } from '../../../src/logs/internal/LineSplitter';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** Cuts `bytes` at the given positions (sorted, deduplicated, inside the buffer). */
function cut(bytes: Uint8Array, positions: number[]): Uint8Array[] {
  const points = [...new Set(positions.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(start, p));
    start = p;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

/** Every single byte its own chunk. */
const bytewise = (bytes: Uint8Array) => Array.from(bytes, (b) => Uint8Array.of(b));

describe('LineSplitter', () => {
  it('splits on \\n and on \\r\\n, without the line ending', () => {
    expect(splitChunks([utf8('a\nb\r\nc\n')])).toEqual(['a', 'b', 'c']);
  });

  it('keeps a last line that has no newline', () => {
    expect(splitChunks([utf8('epoch 1\nepoch 2')])).toEqual(['epoch 1', 'epoch 2']);
  });

  it('keeps empty lines, but adds none after a final newline', () => {
    expect(splitChunks([utf8('\n\na\n\n')])).toEqual(['', '', 'a', '']);
  });

  it('gives no line for an empty text', () => {
    expect(splitChunks([])).toEqual([]);
    expect(splitChunks([new Uint8Array(0), new Uint8Array(0)])).toEqual([]);
  });

  it('joins a line cut across chunks', () => {
    expect(splitChunks([utf8('loss: 0.'), utf8('25'), utf8('31\nnext')])).toEqual(['loss: 0.2531', 'next']);
  });

  it('treats \\r\\n cut between two chunks as one line ending', () => {
    expect(splitChunks([utf8('a\r'), utf8('\nb\r'), utf8('\n')])).toEqual(['a', 'b']);
  });

  it('keeps a lone \\r inside a line (only \\r\\n ends a line)', () => {
    expect(splitChunks([utf8('50%\r100%\n')])).toEqual(['50%\r100%']);
  });

  it('decodes a multi-byte character cut between chunks', () => {
    const bytes = utf8('█▏ données 🚀\n');
    expect(splitChunks(bytewise(bytes))).toEqual(['█▏ données 🚀']);
  });

  it('drops a UTF-8 byte order mark at the start, even when it arrives one byte at a time', () => {
    expect(splitChunks(bytewise(utf8('\uFEFFfirst\nsecond\n')))).toEqual(['first', 'second']);
  });

  it('replaces invalid bytes with U+FFFD, as TextDecoder does', () => {
    const bytes = Uint8Array.of(0x61, 0xff, 0x0a, 0xe2, 0x82, 0x0a, 0x62);
    expect(splitChunks([bytes])).toEqual(splitLinesOnce(new TextDecoder().decode(bytes)));
  });

  it('hands out lines one at a time, and keeps untaken lines when the next chunk is pushed early', () => {
    const splitter = new LineSplitter();
    splitter.push(utf8('a\nb\nc'));
    expect(splitter.next()).toBe('a');
    splitter.push(utf8('d\ne\n'));
    expect([splitter.next(), splitter.next(), splitter.next(), splitter.next()]).toEqual(['b', 'cd', 'e', undefined]);
    expect(splitter.end()).toEqual([]);
  });

  it('returns the untaken complete lines and then the unterminated one from end()', () => {
    const splitter = new LineSplitter();
    splitter.push(utf8('x\ny\nz'));
    expect(splitter.end()).toEqual(['x', 'y', 'z']);
  });

  it('gives the same lines as a one-shot split for any text cut into any chunks', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '█', '🚀', '\n', '\r', '\r\n', ' ', '\uFEFF'), maxLength: 60 });
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 12 }), (t, positions) => {
        const bytes = utf8(t);
        expect(splitChunks(cut(bytes, positions))).toEqual(splitLinesOnce(new TextDecoder().decode(bytes)));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same lines as a one-shot split for any bytes, valid UTF-8 or not, cut anywhere', () => {
    const bytes = fc.uint8Array({ maxLength: 48 }).map((b) => b.map((x) => (x % 7 === 0 ? 10 : x % 11 === 0 ? 13 : x)));
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(), { maxLength: 10 }), (b, positions) => {
        expect(splitChunks(cut(b, positions))).toEqual(splitLinesOnce(new TextDecoder().decode(b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same lines as a one-shot split for long texts with long lines, cut anywhere', () => {
    // Long ASCII runs and lines of several KB, mixed with multi-byte characters and invalid bytes.
    const piece = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom('epoch 12/50 - loss: 0.2531 ', '='.repeat(300), 'x'.repeat(2500), '\n', '\r\n', '\r') },
      { weight: 2, arbitrary: fc.constantFrom('é', '█▏', '🚀', '\uFEFF') },
      { weight: 1, arbitrary: fc.constantFrom(0xff, 0xc3, 0xe2, 0x80) },
    );
    const text = fc
      .array(piece, { maxLength: 120 })
      .map((pieces) => Buffer.concat(pieces.map((p) => (typeof p === 'number' ? Uint8Array.of(p) : utf8(p)))));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), fc.nat(3), (b, positions, shift) => {
        // At every alignment of the underlying memory.
        const backing = Buffer.alloc(b.length + 3);
        b.copy(backing, shift);
        const bytes = backing.subarray(shift, shift + b.length);
        expect(splitChunks(cut(bytes, positions))).toEqual(splitLinesOnce(new TextDecoder().decode(b)));
      }),
      { numRuns: 300 },
    );
  });
});

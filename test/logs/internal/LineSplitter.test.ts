import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter, splitChunks, splitLinesOnce } from '../../../src/logs/internal/LineSplitter';

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

/** What `next()` gives until undefined, each with `continued` as read right after it. */
function drain(splitter: LineSplitter): [string, boolean][] {
  const out: [string, boolean][] = [];
  for (let piece = splitter.next(); piece !== undefined; piece = splitter.next()) out.push([piece, splitter.continued]);
  return out;
}

/** Every piece of `chunks` with its `continued`, the end of the text included. */
function piecesOf(chunks: Iterable<Uint8Array>, maxLineBytes: number): [string, boolean][] {
  const splitter = new LineSplitter({ maxLineBytes });
  const out: [string, boolean][] = [];
  for (const chunk of chunks) {
    splitter.push(chunk);
    out.push(...drain(splitter));
  }
  splitter.end();
  out.push(...drain(splitter));
  return out;
}

/** The lines the pieces make, joined without a separator. */
function joinPieces(pieces: [string, boolean][]): string[] {
  const lines: string[] = [];
  let line = '';
  for (const [piece, continued] of pieces) {
    line += piece;
    if (!continued) {
      lines.push(line);
      line = '';
    }
  }
  expect(line).toBe('');
  return lines;
}

const bytesOf = (text: string) => Buffer.byteLength(text, 'utf8');

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
    splitter.end();
    expect(splitter.next()).toBeUndefined();
  });

  it('gives the untaken complete lines and then the unterminated one from next() after end()', () => {
    const splitter = new LineSplitter();
    splitter.push(utf8('x\ny\nz'));
    expect(splitter.next()).toBe('x');
    splitter.end();
    expect([splitter.next(), splitter.next(), splitter.next()]).toEqual(['y', 'z', undefined]);
  });

  it('starts over for a new text once next() has given undefined after end()', () => {
    const splitter = new LineSplitter();
    splitter.push(utf8('\uFEFFone\ntwo'));
    splitter.end();
    expect(drain(splitter)).toEqual([['one', false], ['two', false]]);
    splitter.push(utf8('\uFEFFthree\n'));
    expect(drain(splitter)).toEqual([['three', false]]);
  });

  it('refuses a push after end() while the rest of the text is still to be taken', () => {
    const splitter = new LineSplitter();
    splitter.push(utf8('a'));
    splitter.end();
    expect(() => splitter.push(utf8('b'))).toThrow(/after end/);
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

describe('LineSplitter with a line limit', () => {
  it('refuses a maxLineBytes that is not an integer of at least 16, naming the option', () => {
    for (const bad of [15, 0, -1, 16.5, Number.NaN, Number.POSITIVE_INFINITY, '64' as unknown as number, 2 ** 30]) {
      expect(() => new LineSplitter({ maxLineBytes: bad })).toThrow(RangeError);
      expect(() => new LineSplitter({ maxLineBytes: bad })).toThrow(/maxLineBytes/);
    }
    expect(() => new LineSplitter({ maxLineBytes: 16 })).not.toThrow();
  });

  it('cuts lines at 4 MB by default', () => {
    expect(DEFAULT_MAX_LINE_BYTES).toBe(4 * 1024 * 1024);
    const pieces = piecesOf([utf8(`${'x'.repeat(DEFAULT_MAX_LINE_BYTES + 1)}\nnext\n`)], DEFAULT_MAX_LINE_BYTES);
    expect(pieces.map(([piece, continued]) => [piece.length, continued])).toEqual([[DEFAULT_MAX_LINE_BYTES, true], [1, false], [4, false]]);
    expect(splitChunks([utf8(`${'x'.repeat(DEFAULT_MAX_LINE_BYTES + 1)}\n`)])).toHaveLength(2);
  });

  it('hands out a long line in pieces of maxLineBytes bytes, continued until its last piece', () => {
    const splitter = new LineSplitter({ maxLineBytes: 16 });
    splitter.push(utf8(`${'a'.repeat(40)}\nshort\n`));
    expect(splitter.next()).toBe('a'.repeat(16));
    expect(splitter.continued).toBe(true);
    expect(splitter.next()).toBe('a'.repeat(16));
    expect(splitter.continued).toBe(true);
    expect(splitter.next()).toBe('a'.repeat(8));
    expect(splitter.continued).toBe(false);
    expect(splitter.next()).toBe('short');
    expect(splitter.continued).toBe(false);
    expect(splitter.next()).toBeUndefined();
    expect(splitter.continued).toBe(false);
  });

  it('gives a line of exactly maxLineBytes whole, and one byte longer in two pieces', () => {
    expect(piecesOf([utf8(`${'b'.repeat(16)}\n`)], 16)).toEqual([['b'.repeat(16), false]]);
    expect(piecesOf([utf8(`${'b'.repeat(17)}\n`)], 16)).toEqual([['b'.repeat(16), true], ['b', false]]);
    expect(piecesOf(bytewise(utf8(`${'b'.repeat(16)}\n`)), 16)).toEqual([['b'.repeat(16), false]]);
  });

  it('ends a piece before a 3-byte character that straddles the limit, and keeps it whole in the next', () => {
    // '█' is 3 bytes: at bytes 15-17 it crosses the limit of 16 after 1 byte, at 14-16 after 2.
    for (const before of [15, 14]) {
      const line = `${'a'.repeat(before)}█${'b'.repeat(20)}`;
      for (const chunks of [[utf8(`${line}\n`)], bytewise(utf8(`${line}\n`))]) {
        const pieces = piecesOf(chunks, 16);
        expect(pieces[0]).toEqual(['a'.repeat(before), true]);
        expect(pieces[1]![0].startsWith('█')).toBe(true);
        expect(joinPieces(pieces)).toEqual([line]);
      }
    }
    // A 4-byte character at bytes 13-16 ends exactly at the limit: the piece keeps it.
    expect(piecesOf([utf8(`${'a'.repeat(12)}🚀zz\n`)], 16)).toEqual([[`${'a'.repeat(12)}🚀`, true], ['zz', false]]);
  });

  it('never cuts between a \\r at the limit and the \\n after it: the \\r is dropped as for any line', () => {
    const text = `${'c'.repeat(16)}\r\nnext\r\n`;
    expect(piecesOf([utf8(text)], 16)).toEqual([['c'.repeat(16), false], ['next', false]]);
    // Even when the \r arrives alone and the splitter cannot know yet what follows it.
    expect(piecesOf(bytewise(utf8(text)), 16)).toEqual([['c'.repeat(16), false], ['next', false]]);
    expect(piecesOf([utf8(`${'c'.repeat(16)}\r`), utf8('\n')], 16)).toEqual([['c'.repeat(16), false]]);
    // One byte more: two pieces, and still no \r in either.
    expect(piecesOf([utf8(`${'c'.repeat(17)}\r`), utf8('\n')], 16)).toEqual([['c'.repeat(16), true], ['c', false]]);
  });

  it('keeps a \\r inside a long line, also at the end of a piece (only the \\r of \\r\\n is dropped)', () => {
    const line = `${'d'.repeat(15)}\r${'e'.repeat(5)}`;
    expect(piecesOf([utf8(`${line}\r\n`)], 16)).toEqual([[`${'d'.repeat(15)}\r`, true], ['e'.repeat(5), false]]);
    expect(piecesOf(bytewise(utf8(`${line}\r\n`)), 16)).toEqual([[`${'d'.repeat(15)}\r`, true], ['e'.repeat(5), false]]);
  });

  it('gives a piece as soon as more than maxLineBytes + 1 bytes of a line have arrived, holding no more than that', () => {
    const splitter = new LineSplitter({ maxLineBytes: 16 });
    const arrivals: number[] = [];
    for (let i = 1; i <= 100; i++) {
      splitter.push(utf8('x'));
      for (let piece = splitter.next(); piece !== undefined; piece = splitter.next()) arrivals.push(i);
    }
    // Pieces of 16 leave 2 bytes held: the next piece comes 16 bytes later.
    expect(arrivals).toEqual([18, 34, 50, 66, 82, 98]);
  });

  it('gives the rest of a long line that has no newline after end(), in pieces, then undefined', () => {
    const splitter = new LineSplitter({ maxLineBytes: 16 });
    splitter.push(utf8(`done\n${'p'.repeat(40)}`));
    expect(drain(splitter)).toEqual([['done', false], ['p'.repeat(16), true], ['p'.repeat(16), true]]);
    splitter.end();
    expect(drain(splitter)).toEqual([['p'.repeat(8), false]]);
    expect(splitter.next()).toBeUndefined();

    // Held without a piece yet (17 bytes), then ended; and a \r at the very end is dropped.
    expect(piecesOf([utf8('q'.repeat(17))], 16)).toEqual([['q'.repeat(16), true], ['q', false]]);
    expect(piecesOf([utf8(`${'q'.repeat(16)}\r`)], 16)).toEqual([['q'.repeat(16), false]]);
    // end() with the whole long line still in the chunk, not taken yet.
    const late = new LineSplitter({ maxLineBytes: 16 });
    late.push(utf8('r'.repeat(50)));
    late.end();
    expect(drain(late)).toEqual([['r'.repeat(16), true], ['r'.repeat(16), true], ['r'.repeat(16), true], ['rr', false]]);
  });

  it('returns pieces from splitChunks with a maxLineBytes', () => {
    expect(splitChunks([utf8(`${'z'.repeat(20)}\nok`)], 16)).toEqual(['z'.repeat(16), 'zzzz', 'ok']);
  });

  it('cuts long lines into pieces that join to the one-shot lines, whatever the chunks and the alignment', () => {
    const unit = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('x'.repeat(7), 'y'.repeat(40), ' 45%|████▌     | 45/100', '\r', '\r\n', '\n') },
      { weight: 3, arbitrary: fc.constantFrom('é', '█', '€', '🚀', 'a', '\uFEFF') },
    );
    const text = fc.array(unit, { maxLength: 80 }).map((units) => units.join(''));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 20 }), fc.integer({ min: 16, max: 40 }), fc.nat(3), (t, positions, max, shift) => {
        const b = utf8(t);
        const backing = Buffer.alloc(b.length + 3);
        b.copy(backing, shift);
        const bytes = backing.subarray(shift, shift + b.length);
        const pieces = piecesOf(cut(bytes, positions), max);

        expect(joinPieces(pieces)).toEqual(splitLinesOnce(new TextDecoder().decode(b)));
        for (const [i, [piece, continued]] of pieces.entries()) {
          expect(bytesOf(piece)).toBeLessThanOrEqual(max);
          expect(piece).not.toContain('\uFFFD'); // a character cut in two would decode as U+FFFD
          if (continued) {
            // Cut as late as a character boundary allows, and never before the \r of a \r\n
            // (which would leave an empty last piece).
            expect(bytesOf(piece)).toBeGreaterThanOrEqual(max - 3);
            expect(pieces[i + 1]![0]).not.toBe('');
          }
        }
        // The pieces never depend on where the chunks were cut.
        expect(pieces).toEqual(piecesOf([b], max));
      }),
      { numRuns: 1500 },
    );
  });

  it('gives the same U+FFFD for invalid bytes in a long line as for the whole line, cut anywhere', () => {
    const bytes = fc
      .uint8Array({ maxLength: 120 })
      .map((b) => b.map((x) => (x % 13 === 0 ? 10 : x % 17 === 0 ? 13 : x < 96 ? 0x80 + (x % 64) : x)));
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 16, max: 24 }), (b, positions, max) => {
        const pieces = piecesOf(cut(b, positions), max);
        expect(joinPieces(pieces)).toEqual(splitLinesOnce(new TextDecoder().decode(b)));
        expect(pieces).toEqual(piecesOf([b], max));
      }),
      { numRuns: 2000 },
    );
  });

  it('splits a 100 MB line of progress bars with no \\n, fed in 64 KB chunks, in a child process whose RSS grows by less than 100 MB', async () => {
    // A plain node child (the splitter bundled with esbuild), so the peak RSS is the splitter's
    // and not vitest's, measured from the child's own peak before the line (Node alone is 50-60
    // MB) and collected every 8 MB, so the fresh 64 KB chunks a socket would give do not pile
    // up. The splitter holds about 4 MB of the line and one piece (4 MB of bytes, up to 8 MB as
    // a string): growth seen here, 30 MB on Node 22 and 50 MB on Node 24. The line whole would
    // be 100 MB of bytes plus a string of 100-200 MB (the splitter before the limit peaked at
    // 430 MB here).
    const dir = mkdtempSync(join(tmpdir(), 'LineSplitter-'));
    try {
      const bundle = join(dir, 'LineSplitter.mjs');
      const esbuild = await import('esbuild');
      await esbuild.build({
        entryPoints: [fileURLToPath(new URL('../../../src/logs/internal/LineSplitter.ts', import.meta.url))],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        outfile: bundle,
        logLevel: 'warning',
      });
      const child = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', PROGRESS_BAR_CHILD, pathToFileURL(bundle).href], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(child.stderr).toBe('');
      const result = JSON.parse(child.stdout) as { total: number; bytes: number; pieces: number; maxPiece: number; broken: number; baseRssMB: number; maxRssMB: number };
      expect(result.total).toBeGreaterThan(100_000_000);
      expect(result.bytes).toBe(result.total); // every byte came out, in pieces
      // Pieces of the limit, or up to 3 bytes less where a '█' straddles it.
      expect(result.pieces).toBeGreaterThanOrEqual(Math.ceil(result.total / DEFAULT_MAX_LINE_BYTES));
      expect(result.pieces).toBeLessThanOrEqual(Math.ceil(result.total / (DEFAULT_MAX_LINE_BYTES - 3)));
      expect(result.maxPiece).toBeLessThanOrEqual(DEFAULT_MAX_LINE_BYTES);
      expect(result.broken).toBe(0);
      expect(result.maxRssMB - result.baseRssMB).toBeLessThan(100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

/**
 * The child of the memory test: about 100 MB of tqdm updates joined by `\r` (28% of them with
 * a 3-byte `█`), never a `\n`, fed to a LineSplitter with the default limit in fresh 64 KB chunks
 * cut anywhere; every piece is taken, measured and dropped. Prints counts and the peak RSS.
 */
const PROGRESS_BAR_CHILD = String.raw`
const { LineSplitter } = await import(process.argv[1]);
const updates = [];
for (let i = 0, size = 0; size < 1 << 20; i++) {
  const pct = i % 101, bar = Math.floor(pct / 10);
  updates.push('\rEpoch 3/10: ' + String(pct).padStart(3) + '%|' + '█'.repeat(bar) + ' '.repeat(10 - bar) + '| ' + i + '/100000 [00:12<00:40, 123.45it/s]');
  size += updates[i].length + 2 * bar;
}
const pattern = Buffer.from(updates.join(''));
updates.length = 0;
const total = Math.ceil((100 * 1024 * 1024) / pattern.length) * pattern.length;
const splitter = new LineSplitter();
const baseRssMB = process.resourceUsage().maxRSS / 1024;
let bytes = 0, pieces = 0, maxPiece = 0, broken = 0;
const take = () => {
  for (let piece = splitter.next(); piece !== undefined; piece = splitter.next()) {
    pieces++;
    const n = Buffer.byteLength(piece);
    bytes += n;
    if (n > maxPiece) maxPiece = n;
    if (piece.includes('\uFFFD')) broken++;
  }
};
for (let fed = 0; fed < total; ) {
  const size = Math.min(65536, total - fed);
  const chunk = Buffer.allocUnsafeSlow(size);
  for (let o = 0; o < size; ) {
    const from = (fed + o) % pattern.length;
    o += pattern.copy(chunk, o, from, Math.min(pattern.length, from + size - o));
  }
  fed += size;
  splitter.push(chunk);
  take();
  // Collect every 8 MB: what stays is what the splitter holds, not how lazily this Node's GC
  // frees external memory (Node 24 lets 100 MB of dropped chunks pile up; Node 22, 30 MB).
  if (fed % (8 << 20) === 0) gc();
}
splitter.end();
take();
process.stdout.write(JSON.stringify({ total, bytes, pieces, maxPiece, broken, baseRssMB, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
`;

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../src/logs/LogSource';
import { TrainingLogParser } from '../../src/metrics/TrainingLogParser';
import type { TrainingMetrics } from '../../src/metrics/TrainingMetrics';
import { huggingfaceFixtures } from './fixtures/huggingface';
import { kerasFixtures } from './fixtures/keras';
import { lightningFixtures } from './fixtures/lightning';
import { pytorchFixtures } from './fixtures/pytorch';
import { escapeLikeCloudWatch } from './fixtures/escapeLikeCloudWatch';

/** A result in a form `toEqual` compares exactly (NaN kept, Dates as times). */
function comparable(result: TrainingMetrics): unknown {
  return JSON.parse(
    JSON.stringify(result, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `#${String(v)}` : v)),
  );
}

function parseAll(events: (string | LogEvent)[]): TrainingMetrics {
  const parser = new TrainingLogParser();
  for (const e of events) parser.push(e);
  return parser.result();
}

/** The log's lines as events, each line cut at `cuts` into pieces that say `continued`. */
function piecesOf(text: string, cutsPerLine: (line: string) => number[], escape: boolean): LogEvent[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const events: LogEvent[] = [];
  for (const raw of lines) {
    const line = escape ? escapeLikeCloudWatch(raw) : raw;
    const cuts = [...new Set(cutsPerLine(line).filter((c) => c > 0 && c < line.length))].sort((a, b) => a - b);
    let from = 0;
    for (const cut of cuts) {
      events.push({ message: line.slice(from, cut), source: 'algo-1', continued: true });
      from = cut;
    }
    events.push({ message: line.slice(from), source: 'algo-1' });
  }
  return events;
}

/** The same lines grouped into messages of several lines each (a message may hold many lines). */
function groupedLines(text: string, groupSizes: number[]): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const out: string[] = [];
  let i = 0;
  let g = 0;
  while (i < lines.length) {
    const size = Math.max(1, groupSizes[g++ % Math.max(1, groupSizes.length)] ?? 1);
    out.push(lines.slice(i, i + size).join('\n'));
    i += size;
  }
  return out;
}

describe('TrainingLogParser', () => {
  const logs = [...kerasFixtures, ...pytorchFixtures, ...lightningFixtures, ...huggingfaceFixtures].map((f) => f.text);

  it('gives the same result for any split of a log into messages of whole lines', () => {
    fc.assert(
      fc.property(fc.constantFrom(...logs), fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 20 }), (log, sizes) => {
        expect(comparable(parseAll(groupedLines(log, sizes)))).toEqual(comparable(parseAll([log])));
      }),
      { numRuns: 60 },
    );
  });

  /** Up to three cut positions per line, from fast-check's numbers. */
  function randomCuts(seeds: number[]): (line: string) => number[] {
    let k = 0;
    return (line) => seeds.slice(k, (k += 3)).map((s) => (line.length === 0 ? 0 : s % line.length));
  }

  it.each([
    ['gives the same result for any cutting of long lines into continued pieces', false],
    ["reads CloudWatch's escaped form (#015, #010, #033) exactly as the raw log, cut anywhere", true],
  ])('%s', (_name, escape) => {
    fc.assert(
      fc.property(fc.constantFrom(...logs), fc.array(fc.nat(), { maxLength: 30 }), (log, seeds) => {
        expect(comparable(parseAll(piecesOf(log, randomCuts(seeds), escape)))).toEqual(comparable(parseAll([log])));
      }),
      { numRuns: 60 },
    );
  });

  it('reads an escape cut by a piece boundary after its first, second or third character', () => {
    fc.assert(
      fc.property(fc.constantFrom(...logs.filter((l) => /[\r\b\x1b]/.test(l))), fc.nat(), fc.integer({ min: 1, max: 3 }), (log, pick, offset) => {
        const cuts = (line: string): number[] => {
          const at: number[] = [];
          for (let i = line.indexOf('#0'); i !== -1; i = line.indexOf('#0', i + 1)) at.push(i + offset);
          return at.length === 0 ? [] : [at[pick % at.length]!, ...at.filter((_, i) => i % 7 === pick % 7)];
        };
        expect(comparable(parseAll(piecesOf(log, cuts, true)))).toEqual(comparable(parseAll([log])));
      }),
      { numRuns: 60 },
    );
  });

  it('can be asked for its result at any point without changing the end result (follow mode)', () => {
    const log = kerasFixtures[0]!.text;
    const parser = new TrainingLogParser();
    const lines = log.split('\n');
    const seenEpochs: number[] = [];
    for (const line of lines) {
      parser.push(line);
      seenEpochs.push(parser.result().epochs.length);
    }
    expect(comparable(parser.result())).toEqual(comparable(parseAll([log])));
    expect(seenEpochs.at(-1)).toBe(parser.result().epochs.length);
    expect([...seenEpochs].sort((a, b) => a - b)).toEqual(seenEpochs); // epochs only ever grow
  });

  it('calls an empty log unknown, with a warning and no epochs', () => {
    const result = new TrainingLogParser().result();
    expect(result.format).toBe('unknown');
    expect(result.epochs).toEqual([]);
    expect(result.final).toEqual({});
    expect(result.warnings.join('\n')).toMatch(/no Keras, PyTorch, PyTorch Lightning or Hugging Face Trainer training output recognised/);
  });

  it('reads binary junk without an exception, as an unknown log', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        const parser = new TrainingLogParser();
        parser.push(Buffer.from(bytes).toString('latin1'));
        parser.push({ message: Buffer.from(bytes).toString('utf8'), source: 'x', continued: true });
        expect(parser.result().warnings.length).toBeGreaterThanOrEqual(0);
        expect(['unknown', 'keras', 'pytorch', 'lightning', 'huggingface']).toContain(parser.result().format);
      }),
      { numRuns: 100 },
    );
  });

  it('skips a line of many megabytes with no update boundary, with a warning, and reads on', () => {
    const parser = new TrainingLogParser();
    const piece = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 20; i++) parser.push({ message: piece, source: 's', continued: true });
    parser.push({ message: 'end', source: 's' });
    parser.push('Epoch 1/1');
    parser.push('10/10 [==============================] - 1s 100ms/step - loss: 0.5000');
    const result = parser.result();
    expect(result.warnings.join('\n')).toMatch(/longer than 65536 characters was skipped/);
    expect(result.epochs).toHaveLength(1);
    expect(result.epochs[0]!.metrics).toEqual({ loss: 0.5 });
  });

  it('refuses what is neither a string nor a log event, naming what it got', () => {
    const parser = new TrainingLogParser();
    expect(() => parser.push(42 as unknown as string)).toThrow(/expected a string or a LogEvent.*got number/);
    expect(() => parser.push(null as unknown as string)).toThrow(/got null/);
  });

  it('refuses bad options', () => {
    expect(() => new TrainingLogParser({ metricDefinitions: {} as never })).toThrow(TypeError);
    expect(() => new TrainingLogParser({ maxSeriesPoints: 1 })).toThrow(/maxSeriesPoints must be an integer of at least 2/);
  });

  it('keeps at most maxSeriesPoints points per series, evenly over the run, first and last kept, and says so', () => {
    const parser = new TrainingLogParser({ maxSeriesPoints: 10 });
    for (let i = 1; i <= 1000; i++) parser.push(`{'loss': ${i}, 'epoch': ${(i / 1000).toFixed(3)}}`);
    const { series, warnings, final } = parser.result();
    const values = series['loss']!.map((p) => p.value);
    expect(values.length).toBeLessThanOrEqual(10);
    expect(values[0]).toBe(1);
    expect(values.at(-1)).toBe(1000);
    const gaps = values.slice(1, -1).map((v, i) => v - values[i]!);
    expect(new Set(gaps).size).toBe(1); // even spacing
    expect(final['loss']).toBe(1000);
    expect(warnings.join('\n')).toMatch(/series thinned to at most 10 points each.*loss/);
  });

  it('reads epochs from the first host only, and says which other hosts were not read', () => {
    const parser = new TrainingLogParser();
    const at = (s: number): Date => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    for (const source of ['job/algo-1-1700000000', 'job/algo-2-1700000000']) {
      parser.push({ message: 'Epoch 1/1', source, timestamp: at(0) });
      parser.push({ message: '10/10 [==============================] - 1s 100ms/step - loss: 0.5000', source, timestamp: at(1) });
    }
    const result = parser.result();
    expect(result.epochs).toHaveLength(1);
    expect(result.warnings.join('\n')).toMatch(/epochs are read from job\/algo-1-1700000000 only; 1 other source \(job\/algo-2-1700000000\)/);
  });
});

describe('TrainingLogParser with metric definitions', () => {
  const definitions = [
    { Name: 'train:loss', Regex: 'loss: ([0-9.]+)' },
    { Name: 'val:acc', Regex: 'val_accuracy: (?P<acc>[0-9.e-]+)' },
  ];

  it('applies each definition once per line, the first capture group of the first match being the value', () => {
    const parser = new TrainingLogParser({ metricDefinitions: definitions });
    const at = new Date('2026-01-01T00:00:00Z');
    parser.push({ message: 'step 1 - loss: 0.9 - loss: 0.8', source: 's', timestamp: at });
    parser.push({ message: 'step 2 - loss: 0.7 - val_accuracy: 9.5e-01', source: 's', timestamp: at });
    parser.push('nothing here');
    const result = parser.result();
    expect(result.format).toBe('metric-definitions');
    expect(result.series['train:loss']!.map((p) => p.value)).toEqual([0.9, 0.7]);
    expect(result.series['train:loss']![0]!.timestamp).toEqual(at);
    expect(result.series['val:acc']!.map((p) => p.value)).toEqual([0.95]);
    expect(result.final).toEqual({ 'train:loss': 0.7, 'val:acc': 0.95 });
    expect(result.epochs).toEqual([]);
  });

  it('sees a line of dense progress updates as one line, as the service does', () => {
    const parser = new TrainingLogParser({ metricDefinitions: definitions });
    parser.push('Epoch 1/1');
    parser.push('1/2 [=====>....] - ETA: 1s - loss: 0.9000\b\b\b\r2/2 [==========] - 1s 1ms/step - loss: 0.4000 - val_accuracy: 0.5000');
    const result = parser.result();
    expect(result.format).toBe('keras');
    expect(result.series['train:loss']!.map((p) => p.value)).toEqual([0.9]);
    expect(result.final['loss']).toBe(0.4);
    expect(result.final['train:loss']).toBe(0.9);
  });

  it('skips a definition whose regex cannot be compiled, with a warning, and applies the others', () => {
    const parser = new TrainingLogParser({ metricDefinitions: [{ Name: 'bad', Regex: '([' }, { Name: 'ok', Regex: 'x=(\\d+)' }] });
    parser.push('x=3');
    const result = parser.result();
    expect(result.final).toEqual({ ok: 3 });
    expect(result.warnings.join('\n')).toMatch(/metric definition "bad": its Regex "\(\[" is not valid here/);
  });
});

describe('TrainingLogParser on the edges of real logs', () => {
  const bar = (n: number, total: number, tail: string): string => `${String(n).padStart(String(total).length)}/${total} [${'='.repeat(Math.floor((30 * n) / total))}${'.'.repeat(30 - Math.floor((30 * n) / total))}] - ${tail}`;
  const at = (s: number): Date => new Date(Date.UTC(2026, 11, 2, 10, 0, s));

  it('takes the only bar of a Keras fit(epochs=1), which prints no Epoch header, as epoch 1 of 1', () => {
    const parser = new TrainingLogParser();
    parser.push(`${bar(1, 422, 'ETA: 5:49 - loss: 2.3000')}\r${bar(422, 422, '13s 29ms/step - loss: 0.3700 - val_accuracy: 0.9700')}`);
    const { epochs } = parser.result();
    expect(epochs.map((e) => [e.epoch, e.totalEpochs, e.seconds, e.steps, e.metrics])).toEqual([[1, 1, 13, 422, { loss: 0.37, val_accuracy: 0.97 }]]);
  });

  it('does not end an epoch at the 422/422 update Keras prints before validation, only at the one that ends the line', () => {
    const parser = new TrainingLogParser();
    parser.push({ message: 'Epoch 1/3', source: 's' });
    // tf.keras 2 prints `- ETA: 0s` on it, Keras 3 an unlabelled `0s`: neither is the epoch's time.
    parser.push({ message: `${bar(211, 422, 'ETA: 6s - loss: 0.9000')}\r${bar(422, 422, 'ETA: 0s - loss: 0.5000')}\r`, source: 's', continued: true });
    expect(parser.result().epochs).toEqual([]);
    parser.push({ message: '\x1b[1m422/422\x1b[0m \x1b[32m━━━━━━━━━━━━━━━━━━━━\x1b[0m \x1b[1m0s\x1b[0m 300ms/step - loss: 0.5000\r', source: 's', continued: true });
    expect(parser.result().epochs).toEqual([]);
    parser.push({ message: bar(422, 422, '13s 29ms/step - loss: 0.5000 - val_loss: 0.4000'), source: 's' });
    expect(parser.result().epochs.map((e) => [e.epoch, e.seconds, e.metrics])).toEqual([[1, 13, { loss: 0.5, val_loss: 0.4 }]]);
  });

  it('reads the streams of a restarted container (a new algo-1-<time> stream) as the same host', () => {
    const parser = new TrainingLogParser();
    const streams = ['job/algo-1-1704067200', 'job/algo-1-1704070800'];
    for (const [i, source] of streams.entries()) {
      for (const epoch of [2 * i + 1, 2 * i + 2]) {
        parser.push({ message: `Epoch ${epoch}/4`, source });
        parser.push({ message: bar(10, 10, `1s 100ms/step - loss: 0.${epoch}000`), source });
      }
    }
    const result = parser.result();
    expect(result.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(result.warnings.join('\n')).not.toMatch(/other source/);
  });

  it('does not count a pytorch/examples epoch that is still printing its Train lines (follow mode)', () => {
    const parser = new TrainingLogParser();
    parser.push({ message: 'Train Epoch: 1 [0/60000 (0%)]\tLoss: 2.300000', source: 's', timestamp: at(0) });
    parser.push({ message: 'Train Epoch: 1 [6400/60000 (11%)]\tLoss: 1.000000', source: 's', timestamp: at(9) });
    expect(parser.result().epochs).toEqual([]);
    expect(parser.result().warnings.join('\n')).toMatch(/ends in the middle of epoch 1/);
    parser.push({ message: 'Train Epoch: 1 [57600/60000 (96%)]\tLoss: 0.300000', source: 's', timestamp: at(80) });
    parser.push({ message: 'Train Epoch: 1 [59520/60000 (99%)]\tLoss: 0.200000', source: 's', timestamp: at(83) });
    expect(parser.result().epochs.map((e) => [e.epoch, e.seconds, e.metrics])).toEqual([[1, 83, { loss: 0.2 }]]);
  });

  it('picks the same format whatever the pieces, counting the Keras updates it passes over', () => {
    const keras = ['Epoch 1/2', Array.from({ length: 10 }, (_, i) => bar(i + 1, 100, `ETA: 9s - loss: 0.${i}`)).join('\r')].join('\n');
    const hf = Array.from({ length: 6 }, (_, i) => `{'loss': 0.5, 'epoch': 0.${i + 1}}`).join('\n');
    const whole = new TrainingLogParser();
    whole.push(`${keras}\n${hf}`);
    const pieces = new TrainingLogParser();
    pieces.push('Epoch 1/2');
    const line = keras.split('\n')[1]!;
    for (let i = 0; i < line.length; i += 50) pieces.push({ message: line.slice(i, i + 50), source: '', continued: i + 50 < line.length ? true : undefined } as never);
    pieces.push(hf);
    expect(pieces.result().format).toBe(whole.result().format);
  });

  it('skips an update longer than 64 KiB the same way whether it comes whole or in pieces', () => {
    const long = bar(1, 10, `ETA: 1s - loss: 1.0000 - ${'x'.repeat(70_000)}`);
    const text = `Epoch 1/1\n${bar(1, 10, 'ETA: 1s - loss: 2.0000')}\r${long}\r${bar(2, 10, 'ETA: 1s - loss: 3.0000')}`;
    const whole = new TrainingLogParser();
    whole.push(text);
    const pieces = new TrainingLogParser();
    const [header, line] = text.split('\n') as [string, string];
    pieces.push(header);
    for (let i = 0; i < line.length; i += 1000) pieces.push({ message: line.slice(i, i + 1000), source: '', ...(i + 1000 < line.length ? { continued: true as const } : {}) });
    expect(pieces.result().final).toEqual(whole.result().final);
    expect(whole.result().warnings.join('\n')).toMatch(/longer than 65536 characters was skipped/);
  });

  it('keeps only the top-level numbers of a Hugging Face dict, skipping nested dicts, lists and strings', () => {
    const parser = new TrainingLogParser();
    parser.push("{'eval_loss': 0.4, 'eval_per_class': {'cat': 0.1, 'dog': 0.2}, 'tags': ['a', 'b,c'], 'name': 'x}y', 'epoch': 1.0}");
    expect(parser.result().final).toEqual({ eval_loss: 0.4 });
  });

  it('hands out results that cannot change it: frozen epochs and points, fresh arrays', () => {
    const parser = new TrainingLogParser();
    parser.push(['Epoch 1/1', bar(10, 10, '1s 100ms/step - loss: 0.5000')].join('\n'));
    const first = parser.result();
    expect(Object.isFrozen(first.epochs[0])).toBe(true);
    expect(Object.isFrozen(first.epochs[0]!.metrics)).toBe(true);
    expect(Object.isFrozen(first.series['loss']![0])).toBe(true);
    (first.epochs as unknown[]).push('junk');
    (first.final as Record<string, number>)['loss'] = 99;
    const second = parser.result();
    expect(second.epochs).toHaveLength(1);
    expect(second.final['loss']).toBe(0.5);
  });

  it('reads CRLF lines for metric definitions without the CR, so a `$` anchor matches', () => {
    const parser = new TrainingLogParser({ metricDefinitions: [{ Name: 'l', Regex: 'loss = ([0-9.]+)$' }] });
    parser.push('loss = 0.5\r\nloss = 0.4\r\n');
    expect(parser.result().series['l']!.map((p) => p.value)).toEqual([0.5, 0.4]);
  });

  it('keeps at most maxSeriesPoints points, even with the newest kept', () => {
    const parser = new TrainingLogParser({ maxSeriesPoints: 2 });
    for (let i = 1; i <= 9; i++) parser.push(`{'loss': ${i}, 'epoch': 0.${i}}`);
    const values = parser.result().series['loss']!.map((p) => p.value);
    expect(values).toHaveLength(2);
    expect(values).toEqual([1, 9]);
  });

  it('keeps at most 1000 metric names, with a warning', () => {
    const parser = new TrainingLogParser();
    for (let i = 0; i < 1200; i++) parser.push(`{'m${i}': 1, 'epoch': 0.5}`);
    const result = parser.result();
    expect(Object.keys(result.series)).toHaveLength(1000);
    expect(Object.keys(result.final).length).toBeLessThanOrEqual(1000);
    expect(result.warnings.join('\n')).toMatch(/more than 1000 different metric names/);
  });
});

import { describe, expect, it } from 'vitest';
import { TrainingJobBuilder } from '../../src/builder/TrainingJobBuilder';
import type { LogEvent, LogSource } from '../../src/logs/LogSource';
import { parseTrainingLog } from '../../src/metrics/parseTrainingLog';

const LOG = ['Epoch 1/2', '5/5 [==============================] - 3s 600ms/step - loss: 0.9000 - accuracy: 0.5000', 'Epoch 2/2', '5/5 [==============================] - 2s 400ms/step - loss: 0.4000 - accuracy: 0.8000'];

function sourceOf(lines: string[], seen: { signal?: AbortSignal | undefined } = {}): LogSource {
  async function* read(options?: { signal?: AbortSignal }): AsyncGenerator<LogEvent> {
    seen.signal = options?.signal;
    for (const message of lines) yield { message, source: 'job/algo-1-1' };
  }
  return { read, follow: read };
}

describe('parseTrainingLog', () => {
  it.each([
    ['a LogSource', () => sourceOf(LOG)],
    ['an async iterable of strings', () => (async function* () { yield* LOG; })()],
    ['an async iterable of log events', () => (async function* () { for (const message of LOG) yield { message, source: 'x' }; })()],
    ['an array of strings', () => LOG],
    ['one string', () => LOG.join('\n')],
  ])('reads %s', async (_what, make) => {
    const result = await parseTrainingLog(make());
    expect(result.format).toBe('keras');
    expect(result.epochs.map((e) => [e.epoch, e.seconds, e.steps, e.metrics])).toEqual([
      [1, 3, 5, { loss: 0.9, accuracy: 0.5 }],
      [2, 2, 5, { loss: 0.4, accuracy: 0.8 }],
    ]);
    expect(result.trainingSeconds).toBe(5);
    expect(result.final).toEqual({ loss: 0.4, accuracy: 0.8 });
    expect(result.series['loss']!.map((p) => [p.epoch, p.value])).toEqual([[1, 0.9], [2, 0.4]]);
  });

  it("applies the metric definitions of the job's request, description or builder", async () => {
    const MetricDefinitions = [{ Name: 'train:loss', Regex: 'loss: ([0-9.]+)' }];
    const builder = new TrainingJobBuilder().metricDefinitions({ 'train:loss': 'loss: ([0-9.]+)' });
    for (const job of [{ AlgorithmSpecification: { TrainingInputMode: 'File' as const, MetricDefinitions } }, builder]) {
      const result = await parseTrainingLog(LOG, { job });
      expect(result.series['train:loss']!.map((p) => p.value)).toEqual([0.9, 0.4]);
      expect(result.format).toBe('keras');
    }
  });

  it('passes its signal to the source and rejects with the reason when aborted', async () => {
    const seen: { signal?: AbortSignal | undefined } = {};
    const controller = new AbortController();
    await parseTrainingLog(sourceOf(LOG, seen), { signal: controller.signal });
    expect(seen.signal).toBe(controller.signal);
    controller.abort(new Error('enough'));
    await expect(parseTrainingLog(sourceOf(LOG), { signal: controller.signal })).rejects.toThrow('enough');
    const late = new AbortController();
    const abortingMidWay = (async function* () {
      yield LOG[0]!;
      late.abort(new Error('mid-way'));
      yield LOG[1]!;
    })();
    await expect(parseTrainingLog(abortingMidWay, { signal: late.signal })).rejects.toThrow('mid-way');
  });

  it('refuses a log of the wrong kind, naming what it got', async () => {
    await expect(parseTrainingLog(42 as never)).rejects.toThrow(/log must be a LogSource, an \(async\) iterable of lines or log events, or a string; got number/);
    await expect(parseTrainingLog(null as never)).rejects.toThrow(/got null/);
    await expect(parseTrainingLog([3] as never)).rejects.toThrow(/expected a string or a LogEvent/);
    await expect(parseTrainingLog('', { job: 'x' as never })).rejects.toThrow(/job must be a request, a description or a builder/);
  });
});

describe('parseTrainingLog on tf.keras 2 epochs shorter than a second', () => {
  it('takes the time of `112ms/epoch` rather than the whole seconds (`0s`) printed before it', async () => {
    const log = [
      'Epoch 1/2',
      '100/100 - 0s - loss: 1.1765 - accuracy: 0.7550 - val_loss: 0.7729 - val_accuracy: 0.8250 - 112ms/epoch - 1ms/step',
      'Epoch 2/2',
      '100/100 - 2s - loss: 0.5632 - accuracy: 0.8912 - val_loss: 0.5950 - val_accuracy: 0.8525 - 1.5s/epoch - 15ms/step',
    ].join('\n');
    const metrics = await parseTrainingLog(log);
    expect(metrics.epochs.map((e) => e.seconds)).toEqual([0.112, 1.5]);
    expect(metrics.epochs[1]?.metrics).toEqual({ loss: 0.5632, accuracy: 0.8912, val_loss: 0.595, val_accuracy: 0.8525 });
  });
});

describe('parseTrainingLog on a Keras log that downloads its dataset first', () => {
  const download = '170498071/170498071 [==============================] - 4s 0us/step';

  it('does not count the download bar as an epoch before `Epoch 1/2`', async () => {
    const log = [
      'Downloading data from https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz',
      download,
      'Epoch 1/2',
      '196/196 - 61s - loss: 1.5000 - accuracy: 0.4500 - 61s/epoch - 311ms/step',
      'Epoch 2/2',
      '196/196 - 60s - loss: 1.1000 - accuracy: 0.6000 - 60s/epoch - 306ms/step',
    ].join('\n');
    const metrics = await parseTrainingLog(log);
    expect(metrics.epochs.map((e) => [e.epoch, e.totalEpochs, e.seconds, e.metrics.loss])).toEqual([[1, 2, 61, 1.5], [2, 2, 60, 1.1]]);
  });

  it('reads fit(epochs=1) (no header) after the download bar as the one epoch', async () => {
    const log = [download, '196/196 [==============================] - 61s 311ms/step - loss: 1.5000 - accuracy: 0.4500'].join('\n');
    const metrics = await parseTrainingLog(log);
    expect(metrics.epochs.map((e) => [e.epoch, e.steps, e.metrics])).toEqual([[1, 196, { loss: 1.5, accuracy: 0.45 }]]);
  });
});

describe('parseTrainingLog on logs that print no time', () => {
  const at = (s: number): Date => new Date(Date.UTC(2026, 11, 2, 10, 0, s));

  it("takes a Hugging Face epoch's seconds from the event timestamps, the first from the training banner", async () => {
    const events: LogEvent[] = [
      { message: '  Num Epochs = 2', timestamp: at(0), source: 's' },
      { message: "{'loss': 0.9, 'learning_rate': 5e-05, 'epoch': 0.5}", timestamp: at(20), source: 's' },
      { message: "{'eval_loss': 0.7, 'epoch': 1.0}", timestamp: at(41), source: 's' },
      { message: "{'loss': 0.5, 'learning_rate': 2.5e-05, 'epoch': 1.5}", timestamp: at(60), source: 's' },
      { message: "{'eval_loss': 0.6, 'epoch': 2.0}", timestamp: at(83), source: 's' },
      { message: "{'train_runtime': 83.5, 'train_loss': 0.7, 'epoch': 2.0}", timestamp: at(84), source: 's' },
    ];
    const result = await parseTrainingLog(events);
    expect(result.format).toBe('huggingface');
    expect(result.epochs.map((e) => [e.epoch, e.totalEpochs, e.seconds])).toEqual([[1, 2, 41], [2, 2, 43]]);
    expect(result.epochs[0]!.metrics).toEqual({ loss: 0.9, learning_rate: 5e-5, eval_loss: 0.7 });
    expect(result.trainingSeconds).toBe(83.5);
  });

  it('does not count a Hugging Face epoch the log stops in the middle of', async () => {
    const result = await parseTrainingLog(["{'loss': 0.9, 'epoch': 1.0}", "{'loss': 0.8, 'epoch': 1.5}"]);
    expect(result.epochs.map((e) => e.epoch)).toEqual([1]);
    expect(result.warnings.join('\n')).toMatch(/ends in the middle of epoch 2/);
  });
});

describe('parseTrainingLog options', () => {
  it("applies a definition given both by the job and explicitly once, the explicit one winning", async () => {
    const job = { AlgorithmSpecification: { TrainingInputMode: 'File' as const, MetricDefinitions: [{ Name: 'l', Regex: 'loss: ([0-9.]+)' }] } };
    const result = await parseTrainingLog(['loss: 0.5 acc: 0.9'], { job, metricDefinitions: [{ Name: 'l', Regex: 'acc: ([0-9.]+)' }] });
    expect(result.series['l']!.map((p) => p.value)).toEqual([0.9]);
  });

  it('ends at once when aborted while an async iterable is stalled, and closes it', async () => {
    let closed = false;
    const stalled: AsyncIterable<string> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<string>>(() => undefined),
        return: async () => {
          closed = true;
          return { done: true, value: undefined };
        },
      }),
    };
    const controller = new AbortController();
    const parsing = parseTrainingLog(stalled, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('no more')), 20);
    await expect(parsing).rejects.toThrow('no more');
    expect(closed).toBe(true);
  });
});

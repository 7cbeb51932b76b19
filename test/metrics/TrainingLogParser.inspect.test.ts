/** How a log's metrics print in a REPL or a notebook (util.inspect, String()), and that they stay plain data. */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TrainingLogParser } from '../../src/metrics/TrainingLogParser';
import { parseTrainingLog } from '../../src/metrics/parseTrainingLog';

const LOG = [
  'Epoch 1/3',
  '422/422 [==============================] - 13s 30ms/step - loss: 0.3712 - accuracy: 0.8901 - val_loss: 0.0812 - val_accuracy: 0.9768',
  'Epoch 2/3',
  '422/422 [==============================] - 12s 29ms/step - loss: 0.1102 - accuracy: 0.9667 - val_loss: 0.0562 - val_accuracy: 0.9833',
  'Epoch 3/3',
  '422/422 [==============================] - 12s 29ms/step - loss: NaN - accuracy: 0.9750 - val_loss: 0.0450 - val_accuracy: 0.9870',
];

const TABLE = [
  'TrainingMetrics: keras, 3 epochs, 37s of training',
  '  epoch  seconds  steps    loss  accuracy  val_loss  val_accuracy',
  '  -----  -------  -----  ------  --------  --------  ------------',
  '      1     13.0    422  0.3712    0.8901    0.0812        0.9768',
  '      2     12.0    422  0.1102    0.9667    0.0562        0.9833',
  '      3     12.0    422     NaN     0.975     0.045         0.987',
].join('\n');

describe('TrainingMetrics in a REPL', () => {
  it('prints as a table of its epochs under util.inspect and String()', async () => {
    const metrics = await parseTrainingLog(LOG);
    expect(inspect(metrics)).toBe(TABLE);
    expect(String(metrics)).toBe(TABLE);
  });

  it('shows as many epochs as maxArrayLength allows, as util.inspect shows arrays, and String() all of them', async () => {
    const metrics = await parseTrainingLog(LOG);
    expect(inspect(metrics, { maxArrayLength: 1 }).split('\n').slice(3)).toEqual(['      1     13.0    422  0.3712    0.8901    0.0812        0.9768', '  ... 2 more epochs']);
    expect(String(metrics).split('\n')).toHaveLength(6);
  });

  it('says the format is unknown, with the warning, for a log it does not recognise', async () => {
    const text = String(await parseTrainingLog('hello\nworld'));
    expect(text).toMatch(/^TrainingMetrics: unknown format, no epochs, 1 warning\n {2}warning: no Keras, PyTorch/);
  });

  it('lists the final values of a log with metrics and no epochs', async () => {
    const metrics = await parseTrainingLog(['train loss 0.52', 'train loss 0.31'], { metricDefinitions: [{ Name: 'train:loss', Regex: 'train loss ([0-9.]+)' }] });
    expect(inspect(metrics)).toBe('TrainingMetrics: metric-definitions, no epochs\n  final: train:loss=0.31');
  });

  it('prints the result of an incremental parser the same way', () => {
    const parser = new TrainingLogParser();
    for (const line of LOG) parser.push(line);
    expect(inspect(parser.result())).toBe(TABLE);
  });

  it('stays plain data: JSON, structuredClone, keys and deep equality as before', async () => {
    const metrics = await parseTrainingLog(LOG);
    const plain = JSON.parse(JSON.stringify(metrics)) as Record<string, unknown>;
    expect(Object.keys(metrics)).toEqual(['format', 'epochs', 'final', 'series', 'warnings', 'trainingSeconds']);
    expect(Object.keys(plain)).toEqual(Object.keys(metrics));
    expect(Object.getPrototypeOf(metrics)).toBe(Object.prototype);
    const clone = structuredClone(metrics);
    expect(clone).toStrictEqual({ ...metrics });
    expect(metrics).toStrictEqual(clone);
    expect(String(clone)).toBe('[object Object]');
  });
});

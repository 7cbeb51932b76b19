/**
 * The table of real-format log excerpts (test/metrics/fixtures/*.ts, each with its source): every
 * framework's epochs, times and final values, read from the log as S3 would give it (one event
 * per line) and as CloudWatch would (control characters escaped as `#015`, `#010`, `#033`).
 */
import { describe, expect, it } from 'vitest';
import { parseTrainingLog } from '../../src/metrics/parseTrainingLog';
import type { LogEvent } from '../../src/logs/LogSource';
import type { TrainingMetrics } from '../../src/metrics/TrainingMetrics';
import type { LogFixture } from './fixtures/LogFixture';
import { escapeLikeCloudWatch } from './fixtures/escapeLikeCloudWatch';
import { huggingfaceFixtures } from './fixtures/huggingface';
import { kerasFixtures } from './fixtures/keras';
import { lightningFixtures } from './fixtures/lightning';
import { pytorchFixtures } from './fixtures/pytorch';

const fixtures: [string, LogFixture[]][] = [
  ['Keras', kerasFixtures],
  ['PyTorch', pytorchFixtures],
  ['PyTorch Lightning', lightningFixtures],
  ['Hugging Face Trainer', huggingfaceFixtures],
];


function eventsOf(fixture: LogFixture, escape: boolean): LogEvent[] {
  const lines = fixture.text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, i) => {
    const event: LogEvent = { message: escape ? escapeLikeCloudWatch(line) : line, source: 'algo-1' };
    const timestamp = fixture.timestamps?.[i];
    if (timestamp !== undefined) event.timestamp = timestamp;
    return event;
  });
}

function close(actual: number | undefined, expected: number, what: string): void {
  expect(actual, what).toBeTypeOf('number');
  if (Number.isNaN(expected)) expect(actual, what).toBeNaN();
  else if (!Number.isFinite(expected)) expect(actual, what).toBe(expected);
  else expect(Math.abs(actual! - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(Math.abs(expected) * 1e-9 + 1e-12);
}

function checkAgainst(result: TrainingMetrics, fixture: LogFixture): void {
  const { expected } = fixture;
  expect(result.format).toBe(expected.format);
  expect(result.epochs.map((e) => e.epoch)).toEqual(expected.epochs.map((e) => e.epoch));
  for (const [i, want] of expected.epochs.entries()) {
    const got = result.epochs[i]!;
    for (const key of ['totalEpochs', 'seconds', 'steps'] as const) {
      if (key in want) {
        if (want[key] === undefined) expect(got[key], `epoch ${want.epoch} ${key}`).toBeUndefined();
        else close(got[key], want[key]!, `epoch ${want.epoch} ${key}`);
      }
    }
    if (want.metrics !== undefined) {
      expect(Object.keys(got.metrics).sort(), `epoch ${want.epoch} metric names`).toEqual(Object.keys(want.metrics).sort());
      for (const [name, value] of Object.entries(want.metrics)) close(got.metrics[name], value, `epoch ${want.epoch} ${name}`);
    }
    if (want.endedAt !== undefined) expect(got.endedAt?.getTime()).toBe(want.endedAt.getTime());
  }
  for (const [name, value] of Object.entries(expected.final ?? {})) close(result.final[name], value, `final ${name}`);
  if (expected.trainingSeconds !== undefined) close(result.trainingSeconds, expected.trainingSeconds, 'trainingSeconds');
}

for (const [framework, table] of fixtures) {
  describe(`parseTrainingLog on ${framework} logs`, () => {
    for (const fixture of table) {
      it(`recognises ${fixture.name}`, async () => {
        checkAgainst(await parseTrainingLog(eventsOf(fixture, false)), fixture);
      });
      it(`recognises ${fixture.name}, stored as CloudWatch escapes it`, async () => {
        checkAgainst(await parseTrainingLog(eventsOf(fixture, true)), fixture);
      });
      it(`recognises ${fixture.name}, given as one string`, async () => {
        if (fixture.timestamps !== undefined) return checkAgainst(await parseTrainingLog(eventsOf(fixture, false)), fixture);
        checkAgainst(await parseTrainingLog(fixture.text), fixture);
      });
    }
  });
}

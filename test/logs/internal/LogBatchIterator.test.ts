import { describe, expect, it } from 'vitest';
import { LogBatchIterator, arrayBatch } from '../../../src/logs/internal/LogBatchIterator';
import type { LogBatch } from '../../../src/logs/internal/LogBatchIterator';

function cursor(source: string, messages: string[]): LogBatch {
  let i = 0;
  return { source, next: () => messages[i++] };
}

describe('LogBatchIterator', () => {
  it('yields every message of array and cursor batches in order, skipping empty batches', async () => {
    async function* batches(): AsyncGenerator<LogBatch, void, undefined> {
      yield arrayBatch('a', ['1', '2']);
      yield arrayBatch('a', []);
      yield cursor('b', []);
      yield cursor('b', ['3', '']);
      yield arrayBatch('c', ['4']);
    }
    const events = [];
    for await (const event of new LogBatchIterator(batches())) events.push(event);
    expect(events).toEqual([
      { message: '1', source: 'a' },
      { message: '2', source: 'a' },
      { message: '3', source: 'b' },
      { message: '', source: 'b' },
      { message: '4', source: 'c' },
    ]);
  });

  it('gives each message its timestamp when the batch has them', async () => {
    const t = new Date('2024-05-01T12:00:00Z');
    async function* batches(): AsyncGenerator<LogBatch, void, undefined> {
      yield { source: 'algo-1', messages: ['x', 'y'], timestamps: [t, undefined] };
    }
    const events = [];
    for await (const event of new LogBatchIterator(batches())) events.push(event);
    expect(events).toEqual([{ message: 'x', timestamp: t, source: 'algo-1' }, { message: 'y', source: 'algo-1' }]);
    expect('timestamp' in events[1]!).toBe(false);
  });

  it('closes the generator (running its finally) when the loop breaks', async () => {
    let closed = false;
    async function* batches(): AsyncGenerator<LogBatch, void, undefined> {
      try {
        for (;;) yield arrayBatch('s', ['a', 'b']);
      } finally {
        closed = true;
      }
    }
    for await (const event of new LogBatchIterator(batches())) {
      expect(event.message).toBe('a');
      break;
    }
    expect(closed).toBe(true);
  });

  it('answers next() calls made without waiting in order', async () => {
    async function* batches(): AsyncGenerator<LogBatch, void, undefined> {
      yield arrayBatch('s', ['1']);
      await new Promise((resolve) => setTimeout(resolve, 5));
      yield arrayBatch('s', ['2', '3']);
    }
    const iterator = new LogBatchIterator(batches());
    const results = await Promise.all([iterator.next(), iterator.next(), iterator.next(), iterator.next()]);
    expect(results.map((r) => (r.done ? 'done' : r.value.message))).toEqual(['1', '2', '3', 'done']);
  });

  it('rejects with the generator error, then is done', async () => {
    async function* batches(): AsyncGenerator<LogBatch, void, undefined> {
      yield arrayBatch('s', ['1']);
      throw new Error('boom');
    }
    const iterator = new LogBatchIterator(batches());
    await expect(iterator.next()).resolves.toMatchObject({ value: { message: '1' } });
    await expect(iterator.next()).rejects.toThrow('boom');
    await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('closes the generator and rethrows from throw()', async () => {
    let closed = false;
    async function* batches(): AsyncGenerator<LogBatch, void, undefined> {
      try {
        yield arrayBatch('s', ['1', '2']);
      } finally {
        closed = true;
      }
    }
    const iterator = new LogBatchIterator(batches());
    await iterator.next();
    await expect(iterator.throw(new Error('stop'))).rejects.toThrow('stop');
    expect(closed).toBe(true);
    await expect(iterator.next()).resolves.toMatchObject({ done: true });
  });

  it('marks the pieces of a cursor batch continued: true, reading its flag right after each next()', async () => {
    // A cursor whose `continued` is a getter over the state after the last next(), as S3's is.
    const messages = ['aaaa', 'bb', 'whole', 'cc', 'd'];
    const flags = [true, false, false, true, false];
    let i = -1;
    const batch: LogBatch = {
      source: 'log.txt',
      next: () => messages[++i],
      get continued() {
        return flags[i] === true;
      },
    };
    async function* batches(): AsyncGenerator<LogBatch, void, undefined> {
      yield batch;
    }
    const events = [];
    for await (const event of new LogBatchIterator(batches())) events.push(event);
    expect(events).toEqual([
      { message: 'aaaa', source: 'log.txt', continued: true },
      { message: 'bb', source: 'log.txt' },
      { message: 'whole', source: 'log.txt' },
      { message: 'cc', source: 'log.txt', continued: true },
      { message: 'd', source: 'log.txt' },
    ]);
    expect(events.map((event) => 'continued' in event)).toEqual([true, false, false, true, false]);
  });

  it('marks the pieces of an array batch by its continued flags, with their timestamps', async () => {
    const t = new Date('2024-05-01T12:00:00Z');
    async function* batches(): AsyncGenerator<LogBatch, void, undefined> {
      yield { source: 's', messages: ['p1', 'p2', 'x'], timestamps: [t, t, undefined], continued: [true, false, false] };
      yield arrayBatch('s', ['y']);
    }
    const events = [];
    for await (const event of new LogBatchIterator(batches())) events.push(event);
    expect(events).toEqual([
      { message: 'p1', timestamp: t, source: 's', continued: true },
      { message: 'p2', timestamp: t, source: 's' },
      { message: 'x', source: 's' },
      { message: 'y', source: 's' },
    ]);
    expect(events.map((event) => 'continued' in event)).toEqual([true, false, false, false]);
  });

  it('puts no continued key on events of batches without pieces, nor after a batch that had them', async () => {
    let i = -1;
    const flagged: LogBatch = { source: 'a', next: () => (++i < 1 ? 'piece' : undefined), continued: true };
    async function* batches(): AsyncGenerator<LogBatch, void, undefined> {
      yield flagged;
      yield cursor('b', ['1', '2']);
      yield arrayBatch('c', ['3']);
    }
    const events = [];
    for await (const event of new LogBatchIterator(batches())) events.push(event);
    expect(events.map((event) => [event.message, 'continued' in event])).toEqual([
      ['piece', true],
      ['1', false],
      ['2', false],
      ['3', false],
    ]);
  });
});

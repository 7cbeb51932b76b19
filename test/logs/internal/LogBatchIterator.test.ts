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
});

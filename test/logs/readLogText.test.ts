import { describe, expect, it } from 'vitest';
import { LogTooLargeError } from '../../src/errors';
import type { LogEvent, LogSource } from '../../src/logs/LogSource';
import { readLogText } from '../../src/logs/readLogText';

function sourceOf(messages: string[], failAfter?: number): LogSource & { reads: number } {
  const source = {
    reads: 0,
    async *read(): AsyncGenerator<LogEvent> {
      source.reads++;
      for (const [i, message] of messages.entries()) {
        if (i === failAfter) throw new Error('connection lost for good');
        yield { message, source: 'algo-1' };
      }
    },
    follow(): AsyncIterable<LogEvent> {
      throw new Error('readLogText must not follow');
    },
  };
  return source;
}

/** A source of `events` with no end after them (lines of `filler`), whose iterator counts `return()` calls. */
function endlessSource(events: LogEvent[], filler = 'x'.repeat(100)): LogSource & { given: number; returned: number } {
  const source = {
    given: 0,
    returned: 0,
    read(): AsyncIterable<LogEvent> {
      return {
        [Symbol.asyncIterator]: () => ({
          next: async (): Promise<IteratorResult<LogEvent>> => {
            const event = events[source.given] ?? { message: filler, source: 'algo-1' };
            source.given++;
            return { value: event, done: false };
          },
          return: async (): Promise<IteratorResult<LogEvent>> => {
            source.returned++;
            return { value: undefined, done: true };
          },
        }),
      };
    },
    follow(): AsyncIterable<LogEvent> {
      throw new Error('readLogText must not follow');
    },
  };
  return source;
}

describe('readLogText', () => {
  it('joins the messages with \\n, with no newline after the last', async () => {
    await expect(readLogText(sourceOf(['Epoch 1/2', 'loss: 0.5', '']))).resolves.toBe('Epoch 1/2\nloss: 0.5\n');
  });

  it('gives an empty string for an empty log', async () => {
    await expect(readLogText(sourceOf([]))).resolves.toBe('');
  });

  it('reads the source once, with read() (not follow)', async () => {
    const source = sourceOf(['a', 'b']);
    await readLogText(source);
    expect(source.reads).toBe(1);
  });

  it('rejects with the source error instead of returning part of the log', async () => {
    await expect(readLogText(sourceOf(['a', 'b', 'c'], 2))).rejects.toThrow('connection lost for good');
  });

  it('passes its signal to read()', async () => {
    let seen: AbortSignal | undefined;
    const controller = new AbortController();
    const source: LogSource = {
      async *read(options) {
        seen = options?.signal;
        yield { message: 'x', source: 's' };
      },
      follow: () => {
        throw new Error('unused');
      },
    };
    await readLogText(source, { signal: controller.signal });
    expect(seen).toBe(controller.signal);
  });

  it('joins the pieces of a long line without a separator, and the lines with \n', async () => {
    const source: LogSource = {
      async *read() {
        yield { message: 'Epoch 1', source: 's' };
        yield { message: ' 10%|█\r 20%|██', source: 's', continued: true };
        yield { message: '\r 30%|███', source: 's', continued: true };
        yield { message: '\r100%|████', source: 's' };
        yield { message: 'done', source: 's' };
      },
      follow: () => {
        throw new Error('unused');
      },
    };
    await expect(readLogText(source)).resolves.toBe('Epoch 1\n 10%|█\r 20%|██\r 30%|███\r100%|████\ndone');
  });

  it('returns a text of exactly maxChars, newlines counted', async () => {
    await expect(readLogText(sourceOf(['abc', 'de']), { maxChars: 6 })).resolves.toBe('abc\nde');
  });

  it('stops reading, closes the source and throws LogTooLargeError when the text would pass maxChars', async () => {
    const source = endlessSource([{ message: 'Epoch 1/100', source: 'algo-1' }]);

    const error = await readLogText(source, { maxChars: 1000 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(LogTooLargeError);
    expect(error).toMatchObject({ name: 'LogTooLargeError', maxChars: 1000 });
    // 'Epoch 1/100' (11), then lines of 100 characters, each after a newline: the 10th passes 1000.
    expect((error as LogTooLargeError).chars).toBe(11 + 10 * 101);
    expect(source.given).toBe(11); // not one event more was asked for
    expect(source.returned).toBe(1); // the iteration was closed, so a real source releases its sockets
  });

  it('counts the pieces of one line together against maxChars', async () => {
    const pieces = Array.from({ length: 5 }, (): LogEvent => ({ message: 'p'.repeat(10), source: 's', continued: true }));
    const source = endlessSource(pieces);
    await expect(readLogText(source, { maxChars: 45 })).rejects.toMatchObject({ maxChars: 45, chars: 50 });
    expect(source.returned).toBe(1);
  });

  it('refuses a maxChars that is not a positive integer no larger than V8\'s maximum string length, reading nothing', async () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 29 - 23, '10' as unknown as number]) {
      const source = sourceOf(['a']);
      await expect(readLogText(source, { maxChars: bad })).rejects.toThrow(RangeError);
      await expect(readLogText(source, { maxChars: bad })).rejects.toThrow(/maxChars/);
      expect(source.reads).toBe(0);
    }
    await expect(readLogText(sourceOf(['a']), { maxChars: 2 ** 29 - 24 })).resolves.toBe('a');
  });
});

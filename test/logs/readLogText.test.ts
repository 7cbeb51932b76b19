import { describe, expect, it } from 'vitest';
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
});

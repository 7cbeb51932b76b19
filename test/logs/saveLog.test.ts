import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEvent, LogSource } from '../../src/logs/LogSource';
import { saveLog } from '../../src/logs/saveLog';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'saveLog-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A source of `messages`; throws `failure` instead of the message at index `failAt`. */
function sourceOf(messages: Iterable<string>, failAt?: number, failure: Error = new Error('connection lost for good')): LogSource {
  return {
    async *read(options): AsyncGenerator<LogEvent> {
      let i = 0;
      for (const message of messages) {
        if (i === failAt) throw failure;
        if (options?.signal?.aborted) throw options.signal.reason;
        yield { message, source: 'algo-1' };
        i++;
      }
    },
    follow: () => {
      throw new Error('saveLog must not follow');
    },
  };
}

describe('saveLog', () => {
  it('writes one message per line, each followed by \\n, and returns the lines and bytes written', async () => {
    const path = join(dir, 'job.log');

    const result = await saveLog(sourceOf(['Epoch 1/2', 'train █▏ 10% données', '']), path);

    const content = await readFile(path);
    expect(content.toString('utf8')).toBe('Epoch 1/2\ntrain █▏ 10% données\n\n');
    expect(result).toEqual({ lines: 3, bytes: content.length });
  });

  it('writes an empty file for an empty log', async () => {
    const path = join(dir, 'empty.log');
    await expect(saveLog(sourceOf([]), path)).resolves.toEqual({ lines: 0, bytes: 0 });
    expect(await readFile(path, 'utf8')).toBe('');
  });

  it('writes a log bigger than its write buffer completely and in order', async () => {
    const path = join(dir, 'big.log');
    const lines = Array.from({ length: 20_000 }, (_, i) => `step ${i} ${'█'.repeat(i % 40)}`);

    const result = await saveLog(sourceOf(lines), path);

    const content = await readFile(path, 'utf8');
    expect(content).toBe(`${lines.join('\n')}\n`);
    expect(result.lines).toBe(lines.length);
    expect(result.bytes).toBe(Buffer.byteLength(content));
  });

  it('leaves an existing file untouched and no temporary file when the source fails mid-way', async () => {
    const path = join(dir, 'job.log');
    await writeFile(path, 'the previous complete log\n');
    const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i}`);

    await expect(saveLog(sourceOf(lines, 40_000), path)).rejects.toThrow('connection lost for good');

    expect(await readFile(path, 'utf8')).toBe('the previous complete log\n');
    expect(await readdir(dir)).toEqual(['job.log']);
  });

  it('creates nothing when the source fails and there was no file before', async () => {
    await expect(saveLog(sourceOf(['a', 'b'], 1), join(dir, 'new.log'))).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });

  it('stops, removes its temporary file and keeps the old file when aborted', async () => {
    const path = join(dir, 'job.log');
    await writeFile(path, 'old\n');
    const controller = new AbortController();
    function* endless() {
      for (let i = 0; ; i++) {
        if (i === 30_000) controller.abort(new Error('user gave up'));
        yield `line ${i}`;
      }
    }

    await expect(saveLog(sourceOf(endless()), path, { signal: controller.signal })).rejects.toThrow('user gave up');

    expect(await readFile(path, 'utf8')).toBe('old\n');
    expect(await readdir(dir)).toEqual(['job.log']);
  });

  it('rejects at once for an already aborted signal, writing nothing', async () => {
    await expect(saveLog(sourceOf(['a']), join(dir, 'x.log'), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('replaces an existing file with the complete new log', async () => {
    const path = join(dir, 'job.log');
    await writeFile(path, 'old\n');
    await saveLog(sourceOf(['new']), path);
    expect(await readFile(path, 'utf8')).toBe('new\n');
    expect(await readdir(dir)).toEqual(['job.log']);
  });

  it('lets two saves to the same path run at once without clashing temporary files', async () => {
    const path = join(dir, 'job.log');
    const a = Array.from({ length: 5_000 }, () => 'a');
    const b = Array.from({ length: 5_000 }, () => 'b');

    await Promise.all([saveLog(sourceOf(a), path), saveLog(sourceOf(b), path)]);

    expect(['a\n'.repeat(5_000), 'b\n'.repeat(5_000)]).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['job.log']);
  });

  it('fails with the file system error when the directory does not exist', async () => {
    await expect(saveLog(sourceOf(['a']), join(dir, 'missing', 'job.log'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

import { spawnSync } from 'node:child_process';
import { chmod, chown, lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/logs/internal/LineSplitter';
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

/** A source that reads `text` as S3TextLogSource does: split by a LineSplitter, long lines in pieces. */
function splitSource(text: Buffer, maxLineBytes: number, chunkBytes = 1000): LogSource & { reads: number } {
  const source = {
    reads: 0,
    async *read(): AsyncGenerator<LogEvent> {
      source.reads++;
      const splitter = new LineSplitter({ maxLineBytes });
      const events = function* (): Generator<LogEvent> {
        for (let piece = splitter.next(); piece !== undefined; piece = splitter.next()) {
          yield splitter.continued ? { message: piece, source: 'log.txt', continued: true } : { message: piece, source: 'log.txt' };
        }
      };
      for (let offset = 0; offset < text.length; offset += chunkBytes) {
        splitter.push(text.subarray(offset, offset + chunkBytes));
        yield* events();
      }
      splitter.end();
      yield* events();
    },
    follow: (): AsyncIterable<LogEvent> => {
      throw new Error('saveLog must not follow');
    },
  };
  return source;
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

  it('writes the pieces of a line 10x the limit back as one line: the file equals the original text', async () => {
    const path = join(dir, 'bars.log');
    const bars = Array.from({ length: 300 }, (_, i) => ` ${i % 101}%|${'█'.repeat(i % 10)}${' '.repeat(10 - (i % 10))}| ${i}/300`).join('\r');
    const text = Buffer.from(`Epoch 1/2\n${bars}\nEpoch 2/2 done: données\n`);
    const maxLineBytes = Math.ceil(Buffer.byteLength(bars) / 10);
    const source = splitSource(text, maxLineBytes, 777);

    const result = await saveLog(source, path);

    const content = await readFile(path);
    expect(content.equals(text)).toBe(true);
    expect(result).toEqual({ lines: 3, bytes: text.length });
  });

  it('counts a line that came in pieces once, and writes \\r\\n line ends as \\n', async () => {
    const path = join(dir, 'crlf.log');
    const text = Buffer.from(`${'x'.repeat(50)}\r\nshort\r\n${'y'.repeat(40)}`);

    const result = await saveLog(splitSource(text, 16, 7), path);

    expect(await readFile(path, 'utf8')).toBe(`${'x'.repeat(50)}\nshort\n${'y'.repeat(40)}\n`);
    expect(result.lines).toBe(3);
  });

  it('ends a line whose last piece never came (the source ended inside it) with \\n, counting it', async () => {
    const path = join(dir, 'cut.log');
    const source: LogSource = {
      async *read() {
        yield { message: 'first', source: 's' };
        yield { message: 'half of a', source: 's', continued: true };
      },
      follow: () => {
        throw new Error('unused');
      },
    };
    await expect(saveLog(source, path)).resolves.toEqual({ lines: 2, bytes: 16 });
    expect(await readFile(path, 'utf8')).toBe('first\nhalf of a\n');
  });

  it.skipIf(process.platform === 'win32')('keeps the mode of the file it replaces: a 0600 log stays 0600', async () => {
    const path = join(dir, 'private.log');
    await writeFile(path, 'old\n');
    await chmod(path, 0o600);
    await saveLog(sourceOf(['new']), path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, 'utf8')).toBe('new\n');

    await chmod(path, 0o640);
    await saveLog(sourceOf(['newer']), path);
    expect((await stat(path)).mode & 0o777).toBe(0o640);
  });

  it.skipIf(process.platform === 'win32')('gives a new file the default mode, 0o666 minus the umask', async () => {
    const path = join(dir, 'new.log');
    await saveLog(sourceOf(['a']), path);
    // What any new file gets here: writeFile creates with 0o666, less the umask.
    await writeFile(join(dir, 'reference'), '');
    expect((await stat(path)).mode & 0o777).toBe((await stat(join(dir, 'reference'))).mode & 0o777);
  });

  it.runIf(process.getuid?.() === 0)('keeps the owner of the file it replaces, where the process may set it', async () => {
    const path = join(dir, 'owned.log');
    await writeFile(path, 'old\n');
    await chown(path, 4321, 4322);
    await saveLog(sourceOf(['new']), path);
    const info = await stat(path);
    expect([info.uid, info.gid]).toEqual([4321, 4322]);
  });

  it.skipIf(process.platform === 'win32')('writes the file a symlink points at, and the symlink stays a symlink', async () => {
    await mkdir(join(dir, 'real'));
    const file = join(dir, 'real', 'job.log');
    await writeFile(file, 'old\n');
    await chmod(file, 0o600);
    const link = join(dir, 'latest.log');
    await symlink(join('real', 'job.log'), link); // relative, as `ln -s` makes them

    await saveLog(sourceOf(['new']), link);

    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(join('real', 'job.log'));
    expect(await readFile(file, 'utf8')).toBe('new\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'real'))).toEqual(['job.log']);
    expect((await readdir(dir)).sort()).toEqual(['latest.log', 'real']);
  });

  it.skipIf(process.platform === 'win32')('writes through a dangling symlink, creating the file it points at', async () => {
    await mkdir(join(dir, 'logs'));
    const link = join(dir, 'current.log');
    await symlink(join(dir, 'logs', 'not-yet.log'), link);

    await saveLog(sourceOf(['first']), link);

    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, 'logs', 'not-yet.log'), 'utf8')).toBe('first\n');
  });

  it.skipIf(process.platform === 'win32')('follows a chain of symlinks, resolving relative ones from where each link is', async () => {
    await mkdir(join(dir, 'a'));
    await mkdir(join(dir, 'b'));
    await writeFile(join(dir, 'b', 'final.log'), 'old\n');
    await symlink(join('..', 'b', 'final.log'), join(dir, 'a', 'hop2.log'));
    await symlink(join('a', 'hop2.log'), join(dir, 'hop1.log'));

    await saveLog(sourceOf(['through two links']), join(dir, 'hop1.log'));

    expect(await readFile(join(dir, 'b', 'final.log'), 'utf8')).toBe('through two links\n');
    expect((await lstat(join(dir, 'hop1.log'))).isSymbolicLink()).toBe(true);
    expect((await lstat(join(dir, 'a', 'hop2.log'))).isSymbolicLink()).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('refuses a symlink loop with ELOOP, reading and writing nothing', async () => {
    await symlink('loop-b.log', join(dir, 'loop-a.log'));
    await symlink('loop-a.log', join(dir, 'loop-b.log'));
    const source = splitSource(Buffer.from('a\n'), 16);

    await expect(saveLog(source, join(dir, 'loop-a.log'))).rejects.toMatchObject({ code: 'ELOOP' });

    expect(source.reads).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['loop-a.log', 'loop-b.log']);
  });

  it('refuses a directory at the path before reading anything, with EISDIR naming the path, writing nothing', async () => {
    const path = join(dir, 'job.log');
    await mkdir(path);
    const source = splitSource(Buffer.from('a\n'), 16);

    const error = await saveLog(source, path).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'EISDIR', path });
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/is a directory/);
    expect(source.reads).toBe(0);
    expect(await readdir(dir)).toEqual(['job.log']);
    expect(await readdir(path)).toEqual([]);
  });

  it.skipIf(process.platform === 'win32' || spawnSync('mkfifo', ['--version']).error !== undefined)(
    'refuses a FIFO at the path (it would block) before reading anything',
    async () => {
      const path = join(dir, 'pipe');
      expect(spawnSync('mkfifo', [path]).status).toBe(0);
      const source = splitSource(Buffer.from('a\n'), 16);

      await expect(saveLog(source, path)).rejects.toMatchObject({ code: 'EINVAL', message: expect.stringMatching(/is a FIFO/) });

      expect(source.reads).toBe(0);
      expect(await readdir(dir)).toEqual(['pipe']);
    },
  );
});

/**
 * A local job's log, kept as CloudWatch would hold it: one stream per host
 * (`<job>/algo-1-<epoch seconds>`), each line with its time, in
 * `<job dir>/logs/<stream>.jsonl`. Internal.
 *
 * @module
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep } from '../../internal/sleep';
import type { FollowOptions, LogEvent, LogSource, ReadOptions } from '../../logs/LogSource';

/** One stream of a job's log being written: lines split on `\n`, each stamped when it came. */
export class StreamWriter {
  readonly streamName: string;
  readonly #out: WriteStream;
  /** Each pipe's line in progress: stdout and stderr are split into lines separately, as CloudWatch's driver does. */
  readonly #partial = { stdout: '', stderr: '' };

  constructor(logsDir: string, jobName: string, host: string, startedAt: Date) {
    const suffix = `${host}-${Math.floor(startedAt.getTime() / 1000)}`;
    this.streamName = `${jobName}/${suffix}`;
    this.#out = createWriteStream(join(logsDir, `${suffix}.jsonl`), { flags: 'a' });
  }

  /** Text as the process wrote it on one of its pipes. */
  write(text: string, pipe: 'stdout' | 'stderr'): void {
    const joined = this.#partial[pipe] + text;
    const lines = joined.split('\n');
    this.#partial[pipe] = lines.pop()!;
    const t = Date.now();
    for (const m of lines) this.#out.write(`${JSON.stringify({ t, m })}\n`);
  }

  /** The last line, even without a newline, then closes the file. */
  async end(): Promise<void> {
    for (const pipe of ['stdout', 'stderr'] as const) {
      if (this.#partial[pipe] !== '') this.#out.write(`${JSON.stringify({ t: Date.now(), m: this.#partial[pipe] })}\n`);
      this.#partial[pipe] = '';
    }
    await new Promise<void>((resolve) => this.#out.end(resolve));
  }
}

export async function makeLogsDir(dir: string): Promise<string> {
  const logs = join(dir, 'logs');
  await mkdir(logs, { recursive: true });
  return logs;
}

interface Tail {
  file: string;
  stream: string;
  offset: number;
  partial: Buffer;
}

/**
 * The LogSource over a local job's captured streams: `read()` every line there is now,
 * `follow()` until the job is over (default: its job.json says a terminal status), then a last drain.
 */
export class LocalLogSource implements LogSource {
  readonly #logsDir: string;
  readonly #jobName: string;
  readonly #isOver: () => Promise<boolean>;

  constructor(options: { logsDir: string; jobName: string; isOver: () => Promise<boolean> }) {
    this.#logsDir = options.logsDir;
    this.#jobName = options.jobName;
    this.#isOver = options.isOver;
  }

  /** `LocalLogSource(digits-local-1, <work dir>/jobs/digits-local-1/logs)`: the job and where its streams are. */
  toString(): string {
    return `LocalLogSource(${this.#jobName}, ${this.#logsDir})`;
  }

  /** Node's `util.inspect` (and so notebooks and the REPL) shows {@link LocalLogSource.toString}. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  async *read(options: ReadOptions = {}): AsyncGenerator<LogEvent> {
    const tails = new Map<string, Tail>();
    yield* this.#drain(tails, options.signal);
  }

  async *follow(options: FollowOptions = {}): AsyncGenerator<LogEvent> {
    const { signal, pollIntervalMs = 500 } = options;
    const until = options.until ?? this.#isOver;
    const tails = new Map<string, Tail>();
    for (;;) {
      signal?.throwIfAborted();
      yield* this.#drain(tails, signal);
      if (await until()) break;
      await sleep(pollIntervalMs, signal);
    }
    yield* this.#drain(tails, signal);
  }

  /** Every new whole line of every stream, stream by stream (hosts in order). */
  async *#drain(tails: Map<string, Tail>, signal: AbortSignal | undefined): AsyncGenerator<LogEvent> {
    let names: string[];
    try {
      names = (await readdir(this.#logsDir)).filter((f) => f.endsWith('.jsonl')).sort(byHost);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names) {
      let tail = tails.get(name);
      if (tail === undefined) {
        tail = { file: join(this.#logsDir, name), stream: `${this.#jobName}/${name.slice(0, -'.jsonl'.length)}`, offset: 0, partial: Buffer.alloc(0) };
        tails.set(name, tail);
      }
      const handle = await open(tail.file, 'r');
      try {
        const buffer = Buffer.alloc(256 * 1024);
        for (;;) {
          signal?.throwIfAborted();
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, tail.offset);
          if (bytesRead === 0) break;
          tail.offset += bytesRead;
          // Whole lines only: bytes after the last newline wait (a character may be cut there).
          const chunk = tail.partial.length === 0 ? buffer.subarray(0, bytesRead) : Buffer.concat([tail.partial, buffer.subarray(0, bytesRead)]);
          const last = chunk.lastIndexOf(0x0a);
          tail.partial = Buffer.from(chunk.subarray(last + 1));
          if (last === -1) continue;
          for (const line of chunk.toString('utf8', 0, last).split('\n')) {
            if (line === '') continue;
            const { t, m } = JSON.parse(line) as { t: number; m: string };
            yield { message: m, timestamp: new Date(t), source: tail.stream };
          }
        }
      } finally {
        await handle.close();
      }
    }
  }
}

/** algo-2 before algo-10. */
function byHost(a: string, b: string): number {
  const n = (s: string): number => Number(/^algo-(\d+)-/.exec(s)?.[1] ?? 0);
  return n(a) - n(b) || a.localeCompare(b);
}

/**
 * A whole log to a file, atomically. See docs/logs.md.
 *
 * @module
 */
import { open, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { throwIfAborted } from '../internal/sleep';
import type { LogSource } from './LogSource';

/** Options of {@link saveLog}. */
export interface SaveLogOptions {
  /** Aborting stops the read, removes the temporary file and leaves `path` as it was. */
  signal?: AbortSignal;
}

/** What {@link saveLog} wrote. */
export interface SaveLogResult {
  /** Lines written (events read). */
  lines: number;
  /** Bytes written: the UTF-8 size of the file, newlines included. */
  bytes: number;
}

/** Lines are gathered into writes of about this many characters. */
const WRITE_CHARS = 256 * 1024;

/**
 * Writes every event of `source` (its `read()`) to `path`, one message per line, each followed
 * by `'\n'`, encoded as UTF-8. The lines are streamed to a temporary file beside `path` (same
 * directory, unique name, each write awaited so a slow disk slows the read instead of filling
 * memory), flushed to disk with fsync, and only then renamed over `path`. So `path` is either
 * left as it was (on any error or abort: the temporary file is removed and an existing file at
 * `path` survives) or replaced by the complete log, never half a log.
 *
 * @returns how many lines and bytes were written.
 *
 * @example
 * ```ts
 * import { createClients, logSourceForJob, saveLog } from 'sagemaker-bench';
 *
 * const clients = createClients({ region: 'us-east-1' });
 * const source = await logSourceForJob(clients, 'resnet50-p3-gpu4-b512-e2');
 * const { lines, bytes } = await saveLog(source, 'logs/resnet50-p3-gpu4-b512-e2.txt');
 * console.log(`${lines} lines, ${bytes} bytes`);
 * ```
 */
export async function saveLog(source: LogSource, path: string, options: SaveLogOptions = {}): Promise<SaveLogResult> {
  const { signal } = options;
  throwIfAborted(signal);
  const target = resolve(path);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined = await open(temp, 'wx', 0o666);
  let lines = 0;
  let bytes = 0;
  try {
    let pending: string[] = [];
    let pendingChars = 0;
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return;
      const chunk = Buffer.from(pending.join(''), 'utf8');
      pending = [];
      pendingChars = 0;
      for (let offset = 0; offset < chunk.length; ) {
        const { bytesWritten } = await handle!.write(chunk, offset, chunk.length - offset);
        offset += bytesWritten;
      }
      bytes += chunk.length;
    };
    for await (const event of source.read({ signal })) {
      pending.push(event.message, '\n');
      pendingChars += event.message.length + 1;
      lines++;
      if (pendingChars >= WRITE_CHARS) await flush();
    }
    await flush();
    throwIfAborted(signal);
    await handle.sync();
    await handle.close();
    handle = undefined;
    throwIfAborted(signal);
    await rename(temp, target);
    return { lines, bytes };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

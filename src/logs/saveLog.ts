/**
 * A whole log to a file, atomically. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/logs.md#savelog | docs/logs.md}.
 *
 * @module
 */
import { lstat, open, readlink, realpath, rename, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
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
  /** Lines written (a line that came in pieces counts once). */
  lines: number;
  /** Bytes written: the UTF-8 size of the file, newlines included. */
  bytes: number;
}

/** Lines are gathered into writes of about this many characters. */
const WRITE_CHARS = 256 * 1024;

/** Symbolic links followed from `path` at most (Linux's own limit). */
const MAX_LINK_HOPS = 40;

/**
 * Writes every event of `source` (its `read()`) to `path`, one line per line of the log, each
 * followed by `'\n'`, encoded as UTF-8: an event with `continued: true` (a piece of a long line)
 * is written without the `'\n'`, so the pieces become their line again. The lines are streamed
 * to a temporary file beside the target (same directory, unique name, each write awaited so a
 * slow disk slows the read instead of filling memory), flushed to disk with fsync, and only then
 * renamed over it. So the target is either left as it was (on any error or abort: the temporary
 * file is removed and an existing file survives) or replaced by the complete log, never half a
 * log.
 *
 * An existing file keeps its mode (a `0600` log stays `0600`) and, where the process may set
 * it, its owner; a new file gets the default mode (`0o666` minus the umask). When `path` is a
 * symbolic link (or a chain of them, even to a file that does not exist yet), the file it points
 * at is written and the link stays a link. A path that is a directory, a FIFO, a device or a
 * socket is refused before anything is read, with an `Error` whose `code` is `EISDIR` (a
 * directory) or `EINVAL` (the others), and a chain of more than 40 links with `ELOOP`.
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
  const { target, existing } = await resolveTarget(path);
  throwIfAborted(signal);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: FileHandle | undefined = await open(temp, 'wx', 0o666);
  let lines = 0;
  let bytes = 0;
  try {
    if (existing !== undefined) await keepOwnerAndMode(handle, existing);
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
    let inLine = false;
    for await (const event of source.read({ signal })) {
      if (event.continued === true) {
        pending.push(event.message);
        pendingChars += event.message.length;
        inLine = true;
      } else {
        pending.push(event.message, '\n');
        pendingChars += event.message.length + 1;
        lines++;
        inLine = false;
      }
      if (pendingChars >= WRITE_CHARS) await flush();
    }
    if (inLine) {
      // The source ended in the middle of a line (its last piece never came): end it anyway.
      pending.push('\n');
      lines++;
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

/**
 * The file to write for `path`: `path` itself, or the end of its chain of symbolic links, and
 * what is there now (undefined: nothing). Throws for anything there that is not a regular file.
 */
async function resolveTarget(path: string): Promise<{ target: string; existing: Stats | undefined }> {
  let target = resolve(path);
  for (let hops = 0; ; hops++) {
    let info: Stats;
    try {
      info = await lstat(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { target, existing: undefined };
      throw error;
    }
    if (info.isFile()) return { target, existing: info };
    if (!info.isSymbolicLink()) {
      const what = info.isDirectory() ? 'a directory' : info.isFIFO() ? 'a FIFO' : info.isSocket() ? 'a socket' : 'a device';
      throw refusal(info.isDirectory() ? 'EISDIR' : 'EINVAL', path, target, `is ${what}, not a regular file`);
    }
    if (hops === MAX_LINK_HOPS) throw refusal('ELOOP', path, target, `goes through more than ${MAX_LINK_HOPS} symbolic links`);
    // A relative link is relative to the directory the link is in, as the kernel sees it (so
    // with that directory's own links resolved, for a link such as `../logs/job.log`).
    target = resolve(await realpath(dirname(target)), await readlink(target));
  }
}

/** A Node-style error (`code`, `path`) for a target saveLog will not write. */
function refusal(code: string, path: string, target: string, reason: string): NodeJS.ErrnoException {
  const where = target === resolve(path) ? `'${path}'` : `'${path}' (a symbolic link to '${target}')`;
  return Object.assign(new Error(`${code}: saveLog will not write ${where}: it ${reason}`), { code, path });
}

/** Gives the temporary file the owner (best-effort) and the mode of the file it replaces. */
async function keepOwnerAndMode(handle: FileHandle, existing: Stats): Promise<void> {
  try {
    await handle.chown(existing.uid, existing.gid);
  } catch (error) {
    // Not allowed to give a file away (or the ids are not mapped here): keep ours.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EINVAL') throw error;
  }
  // After chown, which may clear the set-user-ID and set-group-ID bits.
  await handle.chmod(existing.mode & 0o7777);
}

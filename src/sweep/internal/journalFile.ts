/**
 * The journal on disk: an append-only JSON-lines file, each record written whole and flushed
 * (fdatasync) before the next step, so a process killed at any instant leaves at most one torn
 * last line, which reading drops. Internal.
 *
 * @module
 */
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import { SweepJournalError } from '../../errors';
import { decodeRecord, encodeRecord } from './journalCodec';
import type { JournalRecord, JournalRecordType } from './JournalRecord';

const TYPES: ReadonlySet<JournalRecordType> = new Set(['sweep', 'resumed', 'launching', 'launched', 'refused', 'ended', 'result', 'stopping', 'settled']);

/** The records of a journal file, and how many of its bytes hold whole records. */
export interface JournalContents {
  records: JournalRecord[];
  /** Bytes up to the end of the last whole line: a torn last line is past this. */
  wholeBytes: number;
  /** Whether the file ended in a torn line (a write cut short by a kill). */
  torn: boolean;
}

/**
 * Reads a journal. A missing file is `undefined`; a torn last line (no newline: its write was cut
 * short) is dropped; any other line that is not a journal record is a {@link SweepJournalError}.
 *
 * @example
 * ```ts
 * const contents = await readJournalFile('sweep.jsonl');
 * ```
 */
export async function readJournalFile(path: string): Promise<JournalContents | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SweepJournalError(path, `cannot be read: ${(error as Error).message}`, {}, { cause: error });
  }
  const wholeBytes = bytes.lastIndexOf(0x0a) + 1;
  const text = bytes.subarray(0, wholeBytes).toString('utf8');
  const records: JournalRecord[] = [];
  const lines = text.split('\n');
  lines.pop(); // after the last newline
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = decodeRecord(line);
    } catch (error) {
      throw new SweepJournalError(path, 'a line is not JSON: this is not a sweep journal, or it was edited', { line: index + 1 }, { cause: error });
    }
    const type = (record as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !TYPES.has(type as JournalRecordType)) {
      throw new SweepJournalError(path, `a record of an unknown type (${JSON.stringify(type)}): this is not a sweep journal`, { line: index + 1 });
    }
    if (records.length === 0 && type !== 'sweep') {
      throw new SweepJournalError(path, 'the first record is not the sweep\'s plan: this is not a sweep journal', { line: index + 1 });
    }
    records.push(record as JournalRecord);
  });
  return { records, wholeBytes, torn: wholeBytes < bytes.length };
}

/** Whether a process with this id is alive (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<journal>.lock` for this process: two runs appending to one journal would both launch
 * and watch the same jobs. A lock left by a process that is gone (killed) is taken over.
 */
const heldHere = new Set<string>();

async function lock(path: string): Promise<string> {
  const file = `${path}.lock`;
  if (heldHere.has(file)) throw new SweepJournalError(path, `it is in use by another run of the sweep in this process (${file})`);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      heldHere.add(file);
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new SweepJournalError(path, `cannot be opened for writing (its lock ${file}): ${(error as Error).message}`, {}, { cause: error });
      }
    }
    const holder = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new SweepJournalError(path, `it is in use by another run of the sweep (process ${holder}, ${file}): let that one finish, or stop it`);
    }
    await rm(file, { force: true }); // left by a process that is gone
  }
  throw new SweepJournalError(path, `its lock ${file} could not be taken`);
}

/** Appends records to a journal file, one whole line each, flushed before `append` resolves. */
export class JournalWriter {
  readonly path: string;
  #handle: FileHandle;
  #lock: string;
  #chain: Promise<void> = Promise.resolve();

  private constructor(path: string, handle: FileHandle, lockFile: string) {
    this.path = path;
    this.#handle = handle;
    this.#lock = lockFile;
  }

  /**
   * Opens `path` for appending (created if missing), first cutting off a torn last line at
   * `wholeBytes` so the next record starts on a line of its own.
   */
  static async open(path: string, wholeBytes?: number): Promise<JournalWriter> {
    try {
      await mkdir(dirname(path), { recursive: true }); // a journal in a report folder not made yet
    } catch (error) {
      throw new SweepJournalError(path, `cannot be opened for writing (its folder): ${(error as Error).message}`, {}, { cause: error });
    }
    const lockFile = await lock(path);
    let handle: FileHandle;
    try {
      handle = await open(path, 'a+');
      if (wholeBytes !== undefined) {
        const { size } = await handle.stat();
        if (size > wholeBytes) await handle.truncate(wholeBytes);
      }
    } catch (error) {
      heldHere.delete(lockFile);
      await rm(lockFile, { force: true });
      throw new SweepJournalError(path, `cannot be opened for writing: ${(error as Error).message}`, {}, { cause: error });
    }
    return new JournalWriter(path, handle, lockFile);
  }

  /** Writes one record and flushes it to disk. Records are written in the order `append` is called. */
  append(record: JournalRecord): Promise<void> {
    const line = `${encodeRecord(record)}\n`;
    const next = this.#chain.then(async () => {
      await this.#handle.appendFile(line, 'utf8');
      await this.#handle.datasync();
    });
    this.#chain = next.catch(() => undefined);
    return next.catch((error: unknown) => {
      throw new SweepJournalError(this.path, `a record could not be written: ${(error as Error).message}`, {}, { cause: error });
    });
  }

  /** Waits for the records appended so far, then closes the file and gives up its lock. */
  async close(): Promise<void> {
    try {
      await this.#chain;
      await this.#handle.close();
    } finally {
      heldHere.delete(this.#lock);
      await rm(this.#lock, { force: true });
    }
  }
}

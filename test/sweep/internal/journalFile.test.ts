import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SweepJournalError } from '../../../src/errors';
import { JournalWriter, readJournalFile } from '../../../src/sweep/internal/journalFile';
import type { JournalRecord } from '../../../src/sweep/internal/JournalRecord';
import { encodeRecord } from '../../../src/sweep/internal/journalCodec';

let dir: string;
let files = 0;
const fresh = (): string => join(dir, `journal-${++files}.jsonl`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journal-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const at = new Date('2026-12-02T05:00:00.000Z');
const sweep: JournalRecord = {
  type: 'sweep',
  version: 1,
  name: 'resnet-p3',
  model: 'resnet50',
  region: 'us-east-1',
  seed: 42,
  order: ['resnet-p3-resnet50-p3-gpu1-b256-e5-r1'],
  jobs: [],
  at,
};
const launching = (n: number): JournalRecord => ({ type: 'launching', jobName: `job-${n}`, at: new Date(at.getTime() + n) });
const ended: JournalRecord = { type: 'ended', jobName: 'job-1', status: 'Failed', failureReason: 'loss: NaN\nsee the log', at };

async function writeRecords(path: string, records: readonly JournalRecord[]): Promise<void> {
  const writer = await JournalWriter.open(path);
  for (const record of records) await writer.append(record);
  await writer.close();
}

/** The error a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('journal file', () => {
  it('reads back the records appended, Dates and all', async () => {
    const path = fresh();
    const records = [sweep, launching(1), { type: 'launched', jobName: 'job-1', arn: 'arn:x', adopted: false, at } as const, ended];
    await writeRecords(path, records);
    const contents = await readJournalFile(path);
    expect(contents?.records).toEqual(records);
    expect(contents?.torn).toBe(false);
    expect(contents?.wholeBytes).toBe((await readFile(path)).length);
    expect((contents?.records[0] as { at: Date }).at).toBeInstanceOf(Date);
  });

  it('writes one line per record, even when a record holds a newline', async () => {
    const path = fresh();
    await writeRecords(path, [sweep, ended]);
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')).toHaveLength(3);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('appends to a journal that already exists', async () => {
    const path = fresh();
    await writeRecords(path, [sweep, launching(1)]);
    await writeRecords(path, [{ type: 'resumed', at }, launching(2)]);
    expect((await readJournalFile(path))?.records.map((r) => r.type)).toEqual(['sweep', 'launching', 'resumed', 'launching']);
  });

  it('keeps the order of appends made without awaiting them', async () => {
    const path = fresh();
    const writer = await JournalWriter.open(path);
    const records = [sweep, ...Array.from({ length: 50 }, (_, i) => launching(i))];
    const appends = records.map((record) => writer.append(record));
    await Promise.all(appends);
    await writer.close();
    expect((await readJournalFile(path))?.records).toEqual(records);
  });

  it('waits on close for the appends not awaited', async () => {
    const path = fresh();
    const writer = await JournalWriter.open(path);
    void writer.append(sweep);
    void writer.append(launching(1));
    await writer.close();
    expect((await readJournalFile(path))?.records).toHaveLength(2);
  });

  it('reads a missing file as undefined', async () => {
    expect(await readJournalFile(join(dir, 'no-such-journal.jsonl'))).toBeUndefined();
  });

  it('reads an empty file as no records', async () => {
    const path = fresh();
    await writeFile(path, '');
    expect(await readJournalFile(path)).toEqual({ records: [], wholeBytes: 0, torn: false });
  });

  it('drops a torn last line wherever its bytes were cut, and open() cuts it so the next record is whole (property)', async () => {
    const whole = [sweep, launching(1), launching(2)];
    const last: JournalRecord = { type: 'refused', jobName: 'job-3', reason: "the account's quota — ml.p3.2xlarge ✓ is 2", at };
    const wholeText = whole.map((r) => `${encodeRecord(r)}\n`).join('');
    const wholeLength = Buffer.byteLength(wholeText);
    const lastLength = Buffer.byteLength(encodeRecord(last));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: lastLength }), async (cut) => {
        const path = fresh();
        await writeRecords(path, [...whole, last]);
        await truncate(path, wholeLength + cut); // the write of `last` stopped after `cut` bytes (maybe mid-character)
        const contents = await readJournalFile(path);
        expect(contents).toEqual({ records: whole, wholeBytes: wholeLength, torn: true });

        const writer = await JournalWriter.open(path, contents!.wholeBytes);
        await writer.append(launching(4));
        await writer.close();
        const after = await readJournalFile(path);
        expect(after).toEqual({ records: [...whole, launching(4)], wholeBytes: (await readFile(path)).length, torn: false });
      }),
      { numRuns: 60 },
    );
  });

  it('reads a file cut right after a newline as whole', async () => {
    const path = fresh();
    await writeRecords(path, [sweep, launching(1)]);
    expect((await readJournalFile(path))?.torn).toBe(false);
  });

  it('leaves a file alone on open() when it has no torn line', async () => {
    const path = fresh();
    await writeRecords(path, [sweep]);
    const before = await readFile(path);
    const writer = await JournalWriter.open(path, before.length);
    await writer.close();
    expect(await readFile(path)).toEqual(before);
  });

  it('creates the file on open() when it is missing', async () => {
    const path = fresh();
    const writer = await JournalWriter.open(path, 0);
    await writer.append(sweep);
    await writer.close();
    expect((await readJournalFile(path))?.records).toEqual([sweep]);
  });

  it('throws a SweepJournalError with its line for a middle line that is not JSON', async () => {
    const path = fresh();
    await writeFile(path, `${encodeRecord(sweep)}\n${encodeRecord(launching(1))}\n{"type":"launching",\n${encodeRecord(launching(2))}\n`);
    const error = await rejection(readJournalFile(path));
    expect(error).toBeInstanceOf(SweepJournalError);
    expect(error).toMatchObject({ path, line: 3 });
    expect((error as Error).message).toMatch(/\(line 3\): a line is not JSON/);
  });

  it('throws a SweepJournalError with its line for a record of an unknown type', async () => {
    const path = fresh();
    await writeFile(path, `${encodeRecord(sweep)}\n${JSON.stringify({ type: 'exploded', at: 1 })}\n${encodeRecord(launching(2))}\n`);
    const error = await rejection(readJournalFile(path));
    expect(error).toBeInstanceOf(SweepJournalError);
    expect(error).toMatchObject({ line: 2 });
    expect((error as Error).message).toMatch(/unknown type \("exploded"\)/);
  });

  it('throws a SweepJournalError for a line that is JSON but not a record', async () => {
    const path = fresh();
    await writeFile(path, `${encodeRecord(sweep)}\n42\n`);
    const error = await rejection(readJournalFile(path));
    expect(error).toBeInstanceOf(SweepJournalError);
    expect(error).toMatchObject({ line: 2 });
    await writeFile(path, `${encodeRecord(sweep)}\nnull\n`);
    expect(await rejection(readJournalFile(path))).toBeInstanceOf(SweepJournalError);
  });

  it('throws a SweepJournalError when the first record is not the plan', async () => {
    const path = fresh();
    await writeFile(path, `${encodeRecord(launching(1))}\n`);
    const error = await rejection(readJournalFile(path));
    expect(error).toBeInstanceOf(SweepJournalError);
    expect(error).toMatchObject({ line: 1 });
    expect((error as Error).message).toMatch(/first record is not the sweep's plan/);
  });

  it('skips blank lines', async () => {
    const path = fresh();
    await writeFile(path, `${encodeRecord(sweep)}\n\n${encodeRecord(launching(1))}\n`);
    expect((await readJournalFile(path))?.records).toEqual([sweep, launching(1)]);
  });

  it('throws a SweepJournalError when the path cannot be read (a directory)', async () => {
    const error = await rejection(readJournalFile(dir));
    expect(error).toBeInstanceOf(SweepJournalError);
    expect((error as Error).message).toMatch(/cannot be read/);
  });

  it('creates the folder of a journal that does not exist yet', async () => {
    const path = join(dir, 'new-folder', 'deeper', 'journal.jsonl');
    const writer = await JournalWriter.open(path);
    await writer.close();
    expect((await stat(path)).isFile()).toBe(true);
  });

  it('throws a SweepJournalError when the file cannot be opened for writing (its folder is a file)', async () => {
    const file = fresh();
    await writeFile(file, '');
    const error = await rejection(JournalWriter.open(join(file, 'journal.jsonl')));
    expect(error).toBeInstanceOf(SweepJournalError);
    expect((error as Error).message).toMatch(/cannot be opened for writing/);
  });

  it('refuses a second writer on a journal in use, in this process or another live one, and takes over the lock of a process that is gone', async () => {
    const path = fresh();
    const first = await JournalWriter.open(path);
    await expect(JournalWriter.open(path)).rejects.toThrow(/in use by another run of the sweep in this process/);
    await first.close();
    expect(existsSync(`${path}.lock`)).toBe(false);

    // A live process holds it (the parent of this test runner, say): refused.
    writeFileSync(`${path}.lock`, `${process.ppid}\n`);
    await expect(JournalWriter.open(path)).rejects.toThrow(new RegExp(`in use by another run of the sweep \\(process ${process.ppid}`));
    // A process that is gone (killed with SIGKILL) left it: taken over.
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(`${path}.lock`, `${gone}\n`);
    const again = await JournalWriter.open(path);
    expect(readFileSync(`${path}.lock`, 'utf8').trim()).toBe(String(process.pid));
    await again.close();
  });

  it('rejects an append after close with a SweepJournalError', async () => {
    const path = fresh();
    const writer = await JournalWriter.open(path);
    await writer.append(sweep);
    await writer.close();
    const error = await rejection(writer.append(launching(1)));
    expect(error).toBeInstanceOf(SweepJournalError);
    expect((error as Error).message).toMatch(/could not be written/);
  });
});

/**
 * A sweep's result read back from its journal.
 *
 * @module
 */
import { SweepJournalError } from '../errors';
import { readJournalFile } from './internal/journalFile';
import { resultFromRecords } from './internal/resultFromRecords';
import type { SweepResult } from './SweepResult';

/**
 * The {@link SweepResult} a journal holds: the same result `runSweep` resolved with, for a sweep
 * that ended; for one still running or interrupted, what is known so far (jobs running are
 * `InProgress`, ended ones not yet collected say so in `notes`, jobs not launched are
 * `NotLaunched`). Reading never changes the file. A torn last line (a process killed while
 * writing it) is ignored.
 *
 * @throws {SweepJournalError} when the file is missing, empty, or not a sweep journal.
 *
 * @example
 * ```ts
 * import { readSweepJournal, sweepReport } from 'sagemaker-bench';
 *
 * const result = await readSweepJournal('resnet-p3.jsonl');
 * console.log(sweepReport(result, { format: 'markdown' }));
 * ```
 */
export async function readSweepJournal(path: string): Promise<SweepResult> {
  if (typeof path !== 'string' || path === '') throw new TypeError('readSweepJournal: path must be a file path');
  const contents = await readJournalFile(path);
  if (contents === undefined) throw new SweepJournalError(path, 'there is no such file');
  if (contents.records.length === 0) throw new SweepJournalError(path, 'the file holds no records: the sweep never started');
  return resultFromRecords(contents.records);
}

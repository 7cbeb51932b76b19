/**
 * The CSV report: RFC 4180 (CRLF between records, a header row), one row per job. Internal.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type * as CsvStringify from 'csv-stringify/sync';
import { SWEEP_CSV_COLUMNS } from '../sweepCsvColumns';
import type { ResolvedSweepTarget, SweepJobRow } from '../SweepTableRow';
import { jobRecord } from './jsonRecords';

const load = createRequire(import.meta.url);
let csvStringify: typeof CsvStringify | undefined;

/** csv-stringify, loaded on the first CSV (7 ms of import time no other report needs). */
function stringifier(): typeof CsvStringify.stringify {
  csvStringify ??= load('csv-stringify/sync') as typeof CsvStringify;
  return csvStringify.stringify;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return value.map(String).join('; ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Every job of `jobs` as a CSV record under {@link SWEEP_CSV_COLUMNS}. */
export function renderCsv(jobs: readonly SweepJobRow[], target: ResolvedSweepTarget | undefined): string {
  const records = jobs.map((job) => {
    const record = jobRecord(job, target) as unknown as Record<string, unknown>;
    return SWEEP_CSV_COLUMNS.map((column) => cell(record[column]));
  });
  // csv-stringify quotes a field holding the delimiter, a quote or the record delimiter (CRLF),
  // not one holding a lone CR or LF: RFC 4180 wants those quoted too.
  return stringifier()([[...SWEEP_CSV_COLUMNS], ...records], { record_delimiter: 'windows', quoted_match: /[\r\n]/ });
}

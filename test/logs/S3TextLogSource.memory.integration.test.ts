/**
 * Memory on a log that is one huge line: tqdm progress bars joined by `\r`, with no `\n` until
 * the end, read with the real S3 client through S3TextLogSource and written back with saveLog,
 * in a child process whose peak RSS is measured (test/support/longLineChild.ts). The whole line
 * as one string would need well over its size in memory (before the line limit, 100 MB of such
 * bars peaked at 863 MB); in pieces of at most maxLineBytes the peak stays flat, whatever the size.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Report {
  mode: string;
  textBytes: number;
  pieces: number;
  continued: number;
  longestPieceBytes: number;
  savedLines: number;
  savedBytes: number;
  identical: boolean;
  maxRssMB: number;
}

/** Node with the AWS SDK and tsx loaded takes about 95 MB here; the bound leaves room for lazy GC. */
const PEAK_RSS_BOUND_MB = 350;
const MAX_LINE_BYTES = 4 * 1024 * 1024;

describe('S3TextLogSource on a 100 MB line of \\r-joined progress bars, in a child process', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'long-line-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function run(megabytes: number, mode: 'plain' | 'gzip'): Report {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'test/support/longLineChild.ts', String(megabytes), mode, join(dir, `${mode}.txt`)], {
      encoding: 'utf8',
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
      timeout: 120_000,
    });
    expect(child.status, child.stderr).toBe(0);
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Report;
  }

  it.each(['plain', 'gzip'] as const)('reads it (%s) in bounded memory, in pieces, and saveLog writes back the very same bytes', (mode) => {
    const report = run(100, mode);

    expect(report.identical).toBe(true);
    expect(report.savedBytes).toBe(100 * 1024 * 1024);
    expect(report.savedLines).toBe(1);
    expect(report.longestPieceBytes).toBeLessThanOrEqual(MAX_LINE_BYTES);
    expect(report.pieces).toBeGreaterThanOrEqual(25);
    expect(report.continued).toBe(report.pieces - 1);
    expect(report.maxRssMB).toBeLessThan(PEAK_RSS_BOUND_MB);
  }, 150_000);
});

/**
 * `--json` keeps stdout machine-readable in the commands that print logs, and the exit codes of
 * a wrong file argument, a sweep priced for another region and a SIGTERM: in-process runs, local
 * mode and the example training script (python3), no AWS.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSweepJournal } from '../../src/sweep/readSweepJournal';
import { copyExampleSweep } from './support/exampleSweep';
import type { ExampleSweep } from './support/exampleSweep';
import { runInProcess, serverEnv } from './support/inProcessCli';

const env = serverEnv();
const saved = { ...process.env };
for (const [key, value] of Object.entries(env)) if (value !== undefined) process.env[key] = value;

let sweep: ExampleSweep;
beforeAll(async () => {
  sweep = await copyExampleSweep({ batchSizes: [16], epochs: [2] });
});
afterAll(() => {
  process.env = saved;
  sweep.remove();
});

const launchLocal = (name: string, ...more: string[]) => [
  'launch',
  '--preset', 'mnist-cnn',
  '--image', 'local',
  '--role', 'arn:aws:iam::123456789012:role/r',
  '--output-path', `file://${sweep.dir}/out/`,
  '--epochs', '2',
  '--name', name,
  '--local', '--work-dir', join(sweep.dir, 'jobs'),
  '--command', `python3 ${join(sweep.dir, 'train.py')}`,
  ...more,
];

describe('machine-readable output', () => {
  it('launch --logs --json puts the log on stderr and only the summary on stdout; logs --json gives one JSON object per line', async () => {
    const launched = await runInProcess(launchLocal('json-logs-1', '--logs', '--json'), { env, cwd: sweep.dir });
    expect(launched.code).toBe(0);
    const summary = JSON.parse(launched.stdout) as { status: string; jobName: string };
    expect(summary).toMatchObject({ status: 'Completed', jobName: 'json-logs-1' });
    expect(launched.stderr).toMatch(/^Epoch 2\/2$/m);

    const logs = await runInProcess(['logs', 'json-logs-1', '--local', '--work-dir', join(sweep.dir, 'jobs'), '--json'], { env, cwd: sweep.dir });
    expect(logs.code).toBe(0);
    const lines = logs.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { message: string; host: string; timestamp: string });
    expect(lines.map((line) => line.message)).toContain('Epoch 2/2');
    expect(lines.every((line) => line.host === 'algo-1' && !Number.isNaN(Date.parse(line.timestamp)))).toBe(true);
  }, 30_000);
});

describe('exit codes', () => {
  it('is 2 for a sweep file that is not there, naming it without pointing at a field', async () => {
    const run = await runInProcess(['plan', 'missing.sweep.json'], { env, cwd: sweep.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`✖ no such file: ${join(sweep.dir, 'missing.sweep.json')}\n`);
    expect(run.stderr).not.toContain('(request)');
  });

  it('is 2 for metrics of a log file that is not there, saying so rather than calling it a bad job name', async () => {
    const run = await runInProcess(['metrics', 'train.log'], { env, cwd: sweep.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`no such file: ${join(sweep.dir, 'train.log')} (and a training job name has no "." or "/")`);
    expect(run.stderr).not.toContain('Invalid training job name');
  });

  it('is 2 for a sweep priced for one region that would run in another, before anything is sent', async () => {
    const run = await runInProcess(['sweep', sweep.file, '--yes', '--region', 'eu-west-1', '--endpoint-url', 'http://127.0.0.1:9'], { env, cwd: sweep.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/priced for us-east-1 .* would go to eu-west-1: add "region": "eu-west-1"/);
  });

  it('is 143 for a sweep ended by SIGTERM, its job stopped like on Ctrl-C', async () => {
    const slow = await copyExampleSweep({ batchSizes: [16], epochs: [30], hyperParameters: { 'sleep-per-epoch': '1' } });
    try {
      const report = join(slow.dir, 'report');
      let sent = false;
      const run = await runInProcess(['sweep', slow.file, '--local', '--report', report], {
        env,
        cwd: slow.dir,
        onStderr: (chunk, interrupt) => {
          if (!sent && chunk.includes('launched')) {
            sent = true;
            setTimeout(() => interrupt('SIGTERM'), 300);
          }
        },
      });
      expect(run.code).toBe(143);
      expect(run.stderr).toMatch(/^SIGTERM: stopping every job this sweep launched/m);
      expect(readFileSync(join(report, 'sweep.jsonl'), 'utf8')).toMatch(/"type":"stopping"/);
      expect((await readSweepJournal(join(report, 'sweep.jsonl'))).jobs.map((job) => job.status)).toEqual(['Stopped']);
    } finally {
      slow.remove();
    }
  }, 30_000);
});

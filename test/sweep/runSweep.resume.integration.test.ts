/**
 * A sweep killed with SIGKILL at any instant and resumed from its journal: no job is created
 * twice, every job ends, nothing is lost, and the result is the uninterrupted run's.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSweepJournal } from '../../src/sweep/readSweepJournal';
import { runSweep } from '../../src/sweep/runSweep';
import type { SweepResult } from '../../src/sweep/SweepResult';
import { motoAvailable, startMoto } from '../support/moto';
import type { MotoServer } from '../support/moto';
import { ScaledClock, startSageMakerTimelineServer } from '../support/sagemakerTimelineServer';
import type { SageMakerTimelineServer } from '../support/sagemakerTimelineServer';
import { fixtureClients, fixturePlan, scriptFor, seedLogs } from './support/sweepFixture';

const CHILD = 'test/sweep/support/sweepChild.ts';
const plan = fixturePlan();

/** What must be equal between an interrupted and an uninterrupted run (times of day aside). */
function outcome(result: SweepResult) {
  return result.jobs.map((job) => ({
    jobName: job.jobName,
    status: job.status,
    failureReason: job.failureReason,
    epochs: job.metrics?.epochs.map((e) => ({ epoch: e.epoch, seconds: e.seconds, metrics: e.metrics })),
    final: job.metrics?.final,
    trainingSeconds: job.summary?.trainingSeconds,
    billedInstanceSeconds: job.cost?.billedInstanceSeconds,
    usd: job.cost?.usd,
    notes: job.notes,
  }));
}

function startServer(): Promise<SageMakerTimelineServer> {
  return startSageMakerTimelineServer({
    clock: new ScaledClock(400),
    quotas: { 'ml.p3.2xlarge': 2, 'ml.g4dn.xlarge': 2 },
    scriptFor: scriptFor(plan),
    faults: { seed: 3, throttleRate: 0.05, loseCreateAnswerRate: 0.2 },
  });
}

/** Runs the sweep in a child; kills it with SIGKILL after `killAfterMs` (if given). Resolves with how it ended. */
function child(server: SageMakerTimelineServer, motoEndpoint: string, journal: string, killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, server.endpoint, motoEndpoint, journal], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, out });
    });
  });
}

describe.skipIf(!motoAvailable().ok)('runSweep killed and resumed', () => {
  let moto: MotoServer;
  let dir: string;
  let uninterrupted: SweepResult;

  beforeAll(async () => {
    moto = await startMoto();
    await seedLogs(fixtureClients('http://127.0.0.1:9', moto.endpoint).s3, plan);
    dir = mkdtempSync(join(tmpdir(), 'sweep-resume-'));
    const server = await startServer();
    try {
      uninterrupted = await runSweep(plan, { clients: fixtureClients(server.endpoint, moto.endpoint), seed: 7, pollSeconds: 0.1 });
    } finally {
      await server.stop();
    }
  }, 120_000);
  afterAll(async () => {
    await moto?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('never creates a job twice, ends every job and loses no result, wherever it is killed (SIGKILL)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 300, max: 2500 }), { minLength: 2, maxLength: 3 }), async (kills) => {
        const server = await startServer();
        const journal = join(dir, `journal-${run++}.jsonl`);
        try {
          for (const after of kills) {
            const ended = await child(server, moto.endpoint, journal, after);
            if (ended.signal !== 'SIGKILL') expect(ended.code, ended.out).toBe(0);
          }
          const last = await child(server, moto.endpoint, journal);
          expect(last.code, last.out).toBe(0);
          expect(last.out).toContain('"type":"done"');

          const created = server.createdJobs().map((job) => job.name);
          expect(new Set(created).size).toBe(created.length);
          expect([...created].sort()).toEqual(plan.jobs.map((job) => job.jobName).sort());
          const result = await readSweepJournal(journal);
          expect(result.jobs.every((job) => job.status === 'Completed' || job.status === 'Failed')).toBe(true);
          expect(outcome(result)).toEqual(outcome(uninterrupted));
        } finally {
          await server.stop();
        }
      }),
      { numRuns: 3, seed: 20261202 },
    );
  }, 240_000);

  it('refuses to resume a journal with another plan', async () => {
    const server = await startServer();
    const journal = join(dir, 'other-plan.jsonl');
    try {
      await runSweep(fixturePlan({ repeats: 1, batchSizes: [256] }), { clients: fixtureClients(server.endpoint, moto.endpoint), journal, seed: 1, pollSeconds: 0.1 });
      await expect(runSweep(fixturePlan({ repeats: 1, batchSizes: [256], epochs: 4 }), { clients: fixtureClients(server.endpoint, moto.endpoint), journal })).rejects.toThrow(
        /not the one this journal was started with/,
      );
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('does not touch ended jobs again when a finished sweep is run again on its journal', async () => {
    const server = await startServer();
    const journal = join(dir, 'again.jsonl');
    const small = fixturePlan({ repeats: 1, batchSizes: [256] });
    try {
      const first = await runSweep(small, { clients: fixtureClients(server.endpoint, moto.endpoint), journal, seed: 1, pollSeconds: 0.1 });
      const before = server.counts();
      const again = await runSweep(small, { clients: fixtureClients(server.endpoint, moto.endpoint), journal, pollSeconds: 0.1 });
      expect(server.counts()).toEqual(before);
      expect(outcome(again)).toEqual(outcome(first));
    } finally {
      await server.stop();
    }
  }, 60_000);
});

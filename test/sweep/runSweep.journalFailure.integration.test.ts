/**
 * A journal that stops taking writes (a full disk) in the middle of a sweep: the sweep cannot
 * record what it does any more, so it stops every job it has running and rejects.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SweepJournalError } from '../../src/errors';
import { runSweep } from '../../src/sweep/runSweep';
import { motoAvailable, startMoto } from '../support/moto';
import type { MotoServer } from '../support/moto';
import { ScaledClock, startSageMakerTimelineServer } from '../support/sagemakerTimelineServer';
import { fixtureClients, fixturePlan, scriptFor, seedLogs } from './support/sweepFixture';

const failAt = vi.hoisted(() => ({ record: Number.POSITIVE_INFINITY, seen: 0 }));

vi.mock('../../src/sweep/internal/journalFile', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/sweep/internal/journalFile')>();
  class FullDiskWriter {
    static async open(path: string, wholeBytes?: number) {
      const writer = await actual.JournalWriter.open(path, wholeBytes);
      return {
        path,
        append: (record: Parameters<typeof writer.append>[0]) => {
          failAt.seen++;
          if (failAt.seen >= failAt.record) return Promise.reject(new SweepJournalError(path, 'a record could not be written: ENOSPC: no space left on device'));
          return writer.append(record);
        },
        close: () => writer.close(),
      };
    }
  }
  return { ...actual, JournalWriter: FullDiskWriter };
});

describe.skipIf(!motoAvailable().ok)('runSweep when its journal cannot be written', () => {
  let moto: MotoServer;
  let dir: string;
  const plan = fixturePlan();

  beforeAll(async () => {
    moto = await startMoto();
    await seedLogs(fixtureClients('http://127.0.0.1:9', moto.endpoint).s3, plan);
    dir = mkdtempSync(join(tmpdir(), 'sweep-full-'));
  }, 60_000);
  afterAll(async () => {
    await moto?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops every job it launched and rejects with the journal error', async () => {
    const server = await startSageMakerTimelineServer({ clock: new ScaledClock(100), quotas: { 'ml.p3.2xlarge': 2, 'ml.g4dn.xlarge': 2 }, scriptFor: scriptFor(plan), stopSeconds: 20 });
    try {
      failAt.seen = 0;
      failAt.record = 8; // the plan, then a few launches: the disk fills with jobs running
      await expect(runSweep(plan, { clients: fixtureClients(server.endpoint, moto.endpoint), journal: join(dir, 'sweep.jsonl'), seed: 1, pollSeconds: 0.1 })).rejects.toThrow(/ENOSPC/);
      const created = server.createdJobs().map((job) => job.name);
      expect(created.length).toBeGreaterThan(0);
      for (const name of created) expect(['Stopping', 'Stopped', 'Completed', 'Failed']).toContain(server.describe(name)?.TrainingJobStatus);
      expect(created.some((name) => ['Stopping', 'Stopped'].includes(String(server.describe(name)?.TrainingJobStatus)))).toBe(true);
    } finally {
      await server.stop();
    }
  }, 60_000);
});

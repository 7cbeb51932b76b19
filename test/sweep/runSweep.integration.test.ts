import { ListTrainingJobsCommand } from '@aws-sdk/client-sagemaker';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { builtInTrainingPrices } from '../../src/cost/builtInTrainingPrices';
import { BudgetExceededError, ValidationError } from '../../src/errors';
import { readSweepJournal } from '../../src/sweep/readSweepJournal';
import { runSweep } from '../../src/sweep/runSweep';
import type { SweepEvent } from '../../src/sweep/SweepEvent';
import type { SweepPlan } from '../../src/sweep/SweepPlan';
import { motoAvailable, startMoto } from '../support/moto';
import type { MotoServer } from '../support/moto';
import { ScaledClock, startSageMakerTimelineServer } from '../support/sagemakerTimelineServer';
import type { SageMakerTimelineOptions, SageMakerTimelineServer } from '../support/sagemakerTimelineServer';
import { BUCKET, SILENT_BATCH, epochSeconds, fixtureClients, fixturePlan, scriptFor, seedLogs } from './support/sweepFixture';

const moto = motoAvailable();

describe.skipIf(!moto.ok)('runSweep against our SageMaker endpoint and moto', () => {
  let motoServer: MotoServer;
  let server: SageMakerTimelineServer | undefined;
  let dir: string;
  const plan = fixturePlan();

  beforeAll(async () => {
    motoServer = await startMoto();
    await seedLogs(fixtureClients('http://127.0.0.1:9', motoServer.endpoint).s3, plan);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await motoServer?.stop();
  });
  beforeEach(async () => {
    await server?.stop();
    server = undefined;
    dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    return () => rmSync(dir, { recursive: true, force: true });
  });

  async function start(options: SageMakerTimelineOptions = {}, forPlan: SweepPlan = plan): Promise<SageMakerTimelineServer> {
    server = await startSageMakerTimelineServer({ clock: new ScaledClock(400), quotas: { 'ml.p3.2xlarge': 2, 'ml.g4dn.xlarge': 2 }, scriptFor: scriptFor(forPlan), stopSeconds: 20, ...options });
    return server;
  }

  it('runs every job within the quota and collects each one\'s log, metrics and billed cost', async () => {
    const sagemaker = await start();
    const events: SweepEvent[] = [];
    const journal = join(dir, 'sweep.jsonl');
    const result = await runSweep(plan, { clients: fixtureClients(sagemaker.endpoint, motoServer.endpoint), journal, seed: 1, pollSeconds: 0.1, onEvent: (e) => events.push(e) });

    expect(result.aborted).toBe(false);
    expect(result.jobs.map((j) => j.jobName)).toEqual(plan.jobs.map((j) => j.jobName));
    expect(sagemaker.peakInUse('ml.p3.2xlarge')).toBeLessThanOrEqual(2);
    expect(sagemaker.peakInUse('ml.g4dn.xlarge')).toBeLessThanOrEqual(2);
    expect(sagemaker.createdJobs().map((j) => j.name).sort()).toEqual(plan.jobs.map((j) => j.jobName).sort());

    for (const job of result.jobs) {
      const { instanceType, batchSize } = job.cell;
      if (instanceType === 'ml.g4dn.xlarge' && batchSize === 1024) {
        expect(job.status).toBe('Failed');
        expect(job.failureReason).toMatch(/CUDA out of memory/);
        continue;
      }
      expect(job.status).toBe('Completed');
      const training = epochSeconds(instanceType, batchSize!) * 3 + 10 + 10; // downloading + training + uploading
      expect(job.summary?.trainingSeconds).toBe(training);
      const price = builtInTrainingPrices.regions['us-east-1']![instanceType]!.usdPerHour;
      expect(job.cost?.usd).toBeCloseTo((training * price) / 3600, 9);
      if (batchSize === SILENT_BATCH) {
        expect(job.metrics).toBeUndefined();
        expect(job.notes.join(' ')).toMatch(/no log/);
      } else {
        expect(job.metrics?.format).toBe('keras');
        expect(job.metrics?.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
        expect(job.metrics?.epochs[0]?.seconds).toBe(epochSeconds(instanceType, batchSize!));
      }
    }

    // Per job, its events come in order: launched, then ended, then result.
    for (const job of plan.jobs) {
      const types = events.filter((e) => e.jobName === job.jobName).map((e) => e.type).filter((t) => t !== 'status' && t !== 'queued');
      expect(types).toEqual(['launched', 'ended', 'result']);
    }
    // 12 jobs on a quota of 2 per type: some waited.
    expect(events.some((e) => e.type === 'queued')).toBe(true);

    expect(await readSweepJournal(journal)).toEqual(result);
  }, 60_000);

  it('watches with ListTrainingJobs pages and describes a job only when it ends', async () => {
    const sagemaker = await start();
    await runSweep(plan, { clients: fixtureClients(sagemaker.endpoint, motoServer.endpoint), seed: 2, pollSeconds: 0.1 });
    const counts = sagemaker.counts();
    // One describe per job when it ends, plus the ones logSourceForJob makes to find the log.
    expect(counts.DescribeTrainingJob).toBeLessThanOrEqual(plan.jobs.length * 2);
    expect(counts.ListTrainingJobs).toBeGreaterThan(0);
  }, 60_000);

  it('queues jobs the service refuses past the quota and launches them when a job of their type ends', async () => {
    // The sweep is not told the quota: it learns it from ResourceLimitExceeded.
    const sagemaker = await start({ quotas: { 'ml.p3.2xlarge': 1, 'ml.g4dn.xlarge': 1 } });
    const events: SweepEvent[] = [];
    const result = await runSweep(plan, { clients: fixtureClients(sagemaker.endpoint, motoServer.endpoint), seed: 3, pollSeconds: 0.1, onEvent: (e) => events.push(e) });
    expect(result.jobs.every((j) => j.status === 'Completed' || j.status === 'Failed')).toBe(true);
    expect(sagemaker.peakInUse('ml.p3.2xlarge')).toBe(1);
    const refusals = sagemaker.countsByStatus().CreateTrainingJob?.byError.ResourceLimitExceeded ?? 0;
    // Refused creates are few: after a refusal the type waits for one of its jobs to end, it does not loop.
    expect(refusals).toBeGreaterThan(0);
    expect(refusals).toBeLessThanOrEqual(plan.jobs.length);
    expect(events.some((e) => e.type === 'queued' && e.reason === 'quota')).toBe(true);
  }, 60_000);

  it('never creates a job twice through throttling, internal errors and lost create answers', async () => {
    const sagemaker = await start({ faults: { seed: 11, throttleRate: 0.15, errorRate: 0.05, loseCreateAnswerRate: 0.3 } });
    const result = await runSweep(plan, { clients: fixtureClients(sagemaker.endpoint, motoServer.endpoint), seed: 4, pollSeconds: 0.1 });
    const created = sagemaker.createdJobs().map((j) => j.name);
    expect(new Set(created).size).toBe(created.length);
    expect(created.sort()).toEqual(plan.jobs.map((j) => j.jobName).sort());
    expect(result.jobs.filter((j) => j.status === 'NotLaunched')).toEqual([]);
  }, 60_000);

  it('stops every running job on abort and settles promptly with what it has', async () => {
    const sagemaker = await start({ clock: new ScaledClock(20) });
    const controller = new AbortController();
    const events: SweepEvent[] = [];
    const running = runSweep(plan, {
      clients: fixtureClients(sagemaker.endpoint, motoServer.endpoint),
      journal: join(dir, 'aborted.jsonl'),
      seed: 5,
      pollSeconds: 0.1,
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e);
        if (events.filter((x) => x.type === 'launched').length === 4) controller.abort();
      },
    });
    const result = await running;
    const abortedAt = Date.now();
    expect(result.aborted).toBe(true);
    const launched = sagemaker.createdJobs().map((j) => j.name);
    expect(launched.length).toBe(4);
    for (const name of launched) {
      expect(['Stopping', 'Stopped']).toContain(sagemaker.describe(name)?.TrainingJobStatus);
      expect(result.jobs.find((j) => j.jobName === name)?.status).toBe('Stopped');
    }
    expect(result.jobs.filter((j) => j.status === 'NotLaunched')).toHaveLength(plan.jobs.length - 4);
    expect(events.filter((e) => e.type === 'stopped').map((e) => e.jobName).sort()).toEqual([...launched].sort());
    expect(await readSweepJournal(join(dir, 'aborted.jsonl'))).toEqual(result);
    expect(Date.now() - abortedAt).toBeLessThan(1000);
  }, 60_000);

  it('still sees every job end when ListTrainingJobs always fails, by describing each job', async () => {
    const sagemaker = await start({ faults: { seed: 1, errorRate: 1, operations: ['ListTrainingJobs'] } });
    const small = fixturePlan({ repeats: 1, batchSizes: [256] });
    const result = await runSweep(small, { clients: fixtureClients(sagemaker.endpoint, motoServer.endpoint), seed: 1, pollSeconds: 0.1 });
    expect(result.jobs.map((j) => j.status)).toEqual(['Completed', 'Completed']);
    expect(sagemaker.countsByStatus().ListTrainingJobs?.ok ?? 0).toBe(0);
  }, 60_000);

  it('records a job that completed by itself just before an abort as Completed, not Stopped', async () => {
    const sagemaker = await start();
    const small = fixturePlan({ repeats: 1, batchSizes: [256], instanceTypes: ['ml.p3.2xlarge'] });
    const controller = new AbortController();
    // The job takes 40 + 10 + 180 + 10 job seconds: 0.6 s here. The sweep looks only every 30 s.
    setTimeout(() => controller.abort(), 1500);
    const result = await runSweep(small, { clients: fixtureClients(sagemaker.endpoint, motoServer.endpoint), seed: 1, pollSeconds: 30, signal: controller.signal });
    expect(result.aborted).toBe(true);
    expect(sagemaker.describe(small.jobs[0]!.jobName)?.TrainingJobStatus).toBe('Completed');
    expect(result.jobs[0]?.status).toBe('Completed');
    expect(sagemaker.counts().StopTrainingJob).toBe(1);
  }, 60_000);

  it('refuses a plan over its budget, and one with errors, before sending anything', async () => {
    const sagemaker = await start();
    const clients = fixtureClients(sagemaker.endpoint, motoServer.endpoint);
    const budget = runSweep(plan, { clients, budgetUsd: 1 });
    await expect(budget).rejects.toBeInstanceOf(BudgetExceededError);
    await expect(budget).rejects.toMatchObject({ maxUsd: plan.maxUsd, budgetUsd: 1 });
    const broken = fixturePlan({ instanceTypes: ['ml.p3.2xlarge', 'p3.2xlarge'] });
    const invalid = runSweep(broken, { clients });
    await expect(invalid).rejects.toBeInstanceOf(ValidationError);
    await expect(invalid).rejects.toThrow(/p3\.2xlarge/);
    expect(Object.values(sagemaker.counts()).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('lists the sweep\'s jobs by its name prefix', async () => {
    const sagemaker = await start();
    const clients = fixtureClients(sagemaker.endpoint, motoServer.endpoint);
    await runSweep(fixturePlan({ repeats: 1, batchSizes: [256] }), { clients, seed: 6, pollSeconds: 0.1 });
    const listed = await clients.sagemaker.send(new ListTrainingJobsCommand({ NameContains: plan.namePrefix, MaxResults: 100 }));
    expect(listed.TrainingJobSummaries?.every((s) => s.TrainingJobName?.startsWith(plan.namePrefix))).toBe(true);
    expect(BUCKET).toBe('sweep-results');
  }, 60_000);
});

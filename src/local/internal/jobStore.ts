/**
 * Local jobs on disk: one folder per job under `<workDir>/jobs/`, its state in `job.json`
 * (written atomically at every change), so another process can describe the job or read its
 * log. Internal.
 *
 * @module
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeJsonAtomically } from '../../internal/writeJsonAtomically';
import { isTerminalStatus } from '../../logs/internal/jobOverCheck';
import type { CreateTrainingJobCommandInput, DescribeTrainingJobCommandOutput, SecondaryStatus, TrainingJobStatus } from '@aws-sdk/client-sagemaker';

export interface Transition {
  Status: SecondaryStatus;
  StartTime: string;
  EndTime?: string;
  StatusMessage: string;
}

/** What job.json holds (times as ISO strings). */
export interface JobRecord {
  format: 'sagemaker-bench/local-job/1';
  request: CreateTrainingJobCommandInput;
  arn: string;
  runtime: 'process' | 'docker';
  status: TrainingJobStatus;
  secondaryStatus: SecondaryStatus;
  failureReason?: string;
  creationTime: string;
  trainingStartTime?: string;
  trainingEndTime?: string;
  lastModifiedTime: string;
  transitions: Transition[];
  modelArtifacts?: string;
  finalMetrics?: { MetricName: string; Value: number; Timestamp: string }[];
  /** The process groups of the job's hosts (each host's entry process leads one). */
  processGroups?: number[];
  /** The process that runs the job: when it is gone while the job is not over, the job failed. */
  runner: { pid: number; hostname: string };
}

export function jobDir(workDir: string, jobName: string): string {
  return join(workDir, 'jobs', jobName);
}

function recordFile(workDir: string, jobName: string): string {
  return join(jobDir(workDir, jobName), 'job.json');
}

/** Creates the job's folder; false when a job of that name exists (the service's ResourceInUse). */
export async function claimJobName(workDir: string, jobName: string): Promise<boolean> {
  await mkdir(join(workDir, 'jobs'), { recursive: true });
  try {
    await mkdir(jobDir(workDir, jobName));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

export async function writeRecord(workDir: string, record: JobRecord): Promise<void> {
  await writeJsonAtomically(recordFile(workDir, record.request.TrainingJobName!), record);
}

/** For the exit handler: no await possible there. */
export function writeRecordSync(workDir: string, record: JobRecord): void {
  const dir = jobDir(workDir, record.request.TrainingJobName!);
  mkdirSync(dir, { recursive: true });
  const file = recordFile(workDir, record.request.TrainingJobName!);
  const temp = `${file}.${process.pid}.sync.tmp`;
  writeFileSync(temp, JSON.stringify(record, null, 2));
  renameSync(temp, file);
}

export async function readRecord(workDir: string, jobName: string): Promise<JobRecord | undefined> {
  let text: string;
  try {
    text = await readFile(recordFile(workDir, jobName), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    throw error;
  }
  return JSON.parse(text) as JobRecord;
}

export async function listJobNames(workDir: string): Promise<string[]> {
  try {
    return (await readdir(join(workDir, 'jobs'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Whether the runner of a job that is not over is gone (same machine only: another machine's pid says nothing). */
export function runnerVanished(record: JobRecord): boolean {
  if (isTerminalStatus(record.status)) return false;
  if (record.runner.hostname !== hostname()) return false;
  if (record.runner.pid === process.pid) return false;
  try {
    process.kill(record.runner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const date = (iso: string | undefined): Date | undefined => (iso === undefined ? undefined : new Date(iso));

/** The record as DescribeTrainingJob answers (the service's output shape). */
export function describeRecord(record: JobRecord): DescribeTrainingJobCommandOutput {
  const r = record.request;
  const start = date(record.trainingStartTime);
  const end = date(record.trainingEndTime);
  const out: DescribeTrainingJobCommandOutput = {
    $metadata: { httpStatusCode: 200 },
    TrainingJobName: r.TrainingJobName,
    TrainingJobArn: record.arn,
    TrainingJobStatus: record.status,
    SecondaryStatus: record.secondaryStatus,
    HyperParameters: r.HyperParameters,
    AlgorithmSpecification: r.AlgorithmSpecification,
    RoleArn: r.RoleArn,
    InputDataConfig: r.InputDataConfig,
    OutputDataConfig: r.OutputDataConfig,
    ResourceConfig: r.ResourceConfig,
    StoppingCondition: r.StoppingCondition,
    CreationTime: new Date(record.creationTime),
    LastModifiedTime: new Date(record.lastModifiedTime),
    SecondaryStatusTransitions: record.transitions.map((t) => ({
      Status: t.Status,
      StartTime: new Date(t.StartTime),
      ...(t.EndTime === undefined ? {} : { EndTime: new Date(t.EndTime) }),
      StatusMessage: t.StatusMessage,
    })),
    EnableNetworkIsolation: r.EnableNetworkIsolation ?? false,
    EnableInterContainerTrafficEncryption: r.EnableInterContainerTrafficEncryption ?? false,
    EnableManagedSpotTraining: r.EnableManagedSpotTraining ?? false,
    // Nothing is billed in local mode.
    BillableTimeInSeconds: 0,
    // The service answers an empty S3ModelArtifacts until the model is uploaded.
    ModelArtifacts: { S3ModelArtifacts: record.modelArtifacts },
  };
  if (r.Environment !== undefined) out.Environment = r.Environment;
  if (r.CheckpointConfig !== undefined) out.CheckpointConfig = r.CheckpointConfig;
  if (r.VpcConfig !== undefined) out.VpcConfig = r.VpcConfig;
  if (record.failureReason !== undefined) out.FailureReason = record.failureReason;
  if (start !== undefined) out.TrainingStartTime = start;
  if (end !== undefined) out.TrainingEndTime = end;
  if (start !== undefined && end !== undefined) out.TrainingTimeInSeconds = Math.max(0, Math.round((end.getTime() - start.getTime()) / 1000));
  if (record.finalMetrics !== undefined) {
    out.FinalMetricDataList = record.finalMetrics.map((m) => ({ MetricName: m.MetricName, Value: m.Value, Timestamp: new Date(m.Timestamp) }));
  }
  return out;
}

/**
 * The records of a sweep journal: one JSON line each, appended in the order things happen.
 * Internal (the file format is documented in
 * {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/sweeps.md#resuming-the-journal | docs/sweeps.md}).
 *
 * @module
 */
import type { CostEstimate } from '../../cost/estimateTrainingCost';
import type { TrainingJobCost } from '../../cost/trainingJobCost';
import type { TrainingJobSummary } from '../../jobs/summarizeTrainingJob';
import type { SweepCell } from '../SweepPlan';
import type { SweepJobResult } from '../SweepResult';

/** The journal format's version, in its first record. */
export const JOURNAL_VERSION = 1;

/** A job as the journal's first record holds it: no request (it may hold secrets), only its fingerprint. */
export interface JournalJob {
  jobName: string;
  cell: SweepCell;
  /** SHA-256 of the request's canonical JSON: a resumed plan must send the same requests. */
  requestHash: string;
  estimate: CostEstimate;
}

export type JournalRecord =
  | { type: 'sweep'; version: number; name: string; model: string; region: string; seed: number; order: string[]; jobs: JournalJob[]; at: Date }
  | { type: 'resumed'; at: Date }
  /** Written (and flushed) before CreateTrainingJob is sent: a job with this record may exist. */
  | { type: 'launching'; jobName: string; at: Date }
  /** `createdAt`: the job's CreationTime when it was found already created (`adopted`), else the launch. */
  | { type: 'launched'; jobName: string; arn: string; adopted: boolean; createdAt?: Date; at: Date }
  /** The service refused the job (or it can never fit the quota): not launched, tried again on resume. */
  | { type: 'refused'; jobName: string; reason: string; at: Date }
  | { type: 'ended'; jobName: string; status: 'Completed' | 'Failed' | 'Stopped'; failureReason?: string; at: Date }
  | { type: 'result'; jobName: string; result: SweepJobResult; at: Date }
  /** The sweep asked SageMaker to stop the job (on abort); `error` when that failed. */
  | { type: 'stopping'; jobName: string; reason: string; error?: string; summary?: TrainingJobSummary; cost?: TrainingJobCost; at: Date }
  | { type: 'settled'; aborted: boolean; at: Date };

export type JournalRecordType = JournalRecord['type'];

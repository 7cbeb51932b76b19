/**
 * The shapes of a sweep's outcome: one result per planned job. Types only.
 *
 * @module
 */
import type { CostEstimate } from '../cost/estimateTrainingCost';
import type { TrainingJobCost } from '../cost/trainingJobCost';
import type { TrainingJobSummary } from '../jobs/summarizeTrainingJob';
import type { TrainingMetrics } from '../metrics/TrainingMetrics';
import type { SweepCell } from './SweepPlan';

/**
 * Where a job of a sweep ended. `NotLaunched`: never created (the sweep was aborted first, or
 * the service refused it: see `failureReason`). `InProgress` only appears in a result read from
 * the journal of a sweep still running or interrupted ({@link readSweepJournal}); `runSweep`
 * itself always settles every job it launched.
 */
export type SweepJobStatus = 'Completed' | 'Failed' | 'Stopped' | 'NotLaunched' | 'InProgress';

/** The outcome of one job of a sweep. */
export interface SweepJobResult {
  /** The job's name. */
  jobName: string;
  /** The cell and repeat the job ran. */
  cell: SweepCell;
  /** Where the job ended. */
  status: SweepJobStatus;
  /** The job's summary (phases, times, billed seconds) from its last description. */
  summary?: TrainingJobSummary;
  /** Epochs and metrics read out of the job's log; absent when the job has no log (see `notes`). */
  metrics?: TrainingMetrics;
  /** What the job was billed (for a job still running or stopping: so far). */
  cost?: TrainingJobCost;
  /** The plan's worst-case estimate of the job. */
  estimate?: CostEstimate;
  /** Why the job failed, was stopped, or was not launched. */
  failureReason?: string;
  /** Caveats: no log found, metrics not recognised, a stop requested by the sweep, ... */
  notes: string[];
}

/**
 * What {@link runSweep} resolves with and {@link readSweepJournal} reads back. Plain data (JSON
 * as it is); in a REPL or a notebook (`util.inspect`) and with `String(result)` it prints as a
 * table of its jobs (name, instance, status, epochs, seconds per epoch, dollars).
 */
export interface SweepResult {
  /** The sweep's name. */
  name: string;
  /** The sweep's model. */
  model: string;
  /** The region the jobs ran in (`local` for local clients). */
  region: string;
  /** One result per planned job, in the plan's order. */
  jobs: SweepJobResult[];
  /** The seed the launch order was shuffled with. */
  seed: number;
  /** The job names in the order they were (to be) launched. */
  launchOrder: string[];
  /** When the sweep first started (the journal's first record). */
  startedAt?: Date;
  /** When runSweep settled (absent in a journal of a sweep still running). */
  endedAt?: Date;
  /** The sweep was aborted: every job still running was stopped. */
  aborted: boolean;
}

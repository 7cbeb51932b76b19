/**
 * How long a job's epochs took: from the log where it says, else from the job's training time.
 * Internal.
 *
 * @module
 */
import type { SweepJobResult } from '../../sweep/SweepResult';
import type { SecondsPerEpochSource } from '../SweepTableRow';
import { mean, standardDeviation } from './statistics';

/** One job's epoch timing. */
export interface EpochTiming {
  /** Each finished epoch's seconds in the log (`undefined` where it has none, or a bad value). */
  logSeconds: (number | undefined)[];
  /** Epochs the job trained: the log's finished epochs, else (a Completed job without a log) the planned epochs. */
  epochsTrained?: number;
  /** Mean seconds per epoch. */
  perEpoch?: number;
  /** Sample standard deviation of the log's epoch seconds (two or more). */
  std?: number;
  source?: SecondsPerEpochSource;
}

function seconds(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * The epoch seconds of `job`: the log's own where any epoch has them (the mean of those), else
 * TrainingTimeInSeconds / epochs trained (start-up and download included: an over-estimate).
 */
export function epochTiming(job: SweepJobResult): EpochTiming {
  const epochs = Array.isArray(job.metrics?.epochs) ? job.metrics.epochs : [];
  const logSeconds = epochs.map((e) => seconds(e?.seconds));
  const timing: EpochTiming = { logSeconds };
  const planned = job.cell?.epochs;
  if (epochs.length > 0) timing.epochsTrained = epochs.length;
  else if (job.status === 'Completed' && typeof planned === 'number' && Number.isInteger(planned) && planned > 0) timing.epochsTrained = planned;

  const timed = logSeconds.filter((s): s is number => s !== undefined);
  if (timed.length > 0) {
    timing.perEpoch = mean(timed)!;
    const std = standardDeviation(timed);
    if (std !== undefined) timing.std = std;
    timing.source = 'log';
    return timing;
  }
  const training = seconds(job.summary?.trainingSeconds);
  if (training !== undefined && timing.epochsTrained !== undefined) {
    timing.perEpoch = training / timing.epochsTrained;
    timing.source = 'training-time';
  }
  return timing;
}

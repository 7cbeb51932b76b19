/**
 * Time to target, MLPerf Training's measure: the first epoch whose metric reaches the target,
 * the seconds up to it and what they cost. Internal.
 *
 * @module
 */
import { roundUsd } from '../../cost/internal/roundUsd';
import type { SweepJobResult } from '../../sweep/SweepResult';
import type { ConfigurationTargetOutcome, JobTargetOutcome, ResolvedSweepTarget, SweepTarget } from '../SweepTableRow';
import type { EpochTiming } from './epochTiming';
import { mean } from './statistics';

/** The target's mode: as given, else `'min'` for a metric whose name has `loss` in it, else `'max'`. */
export function resolveTarget(fn: string, target: SweepTarget | undefined): ResolvedSweepTarget | undefined {
  if (target === undefined) return undefined;
  if (target === null || typeof target !== 'object') throw new TypeError(`${fn}: target must be { metric, value, mode? }`);
  const { metric, value, mode } = target;
  if (typeof metric !== 'string' || metric === '') throw new TypeError(`${fn}: target.metric must be a metric name such as 'val_accuracy'`);
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${fn}: target.value must be a finite number, got ${String(value)}`);
  if (mode !== undefined && mode !== 'max' && mode !== 'min') throw new TypeError(`${fn}: target.mode must be 'max' or 'min', got ${JSON.stringify(mode)}`);
  return { metric, value, mode: mode ?? (/loss/i.test(metric) ? 'min' : 'max') };
}

function reaches(value: number, target: ResolvedSweepTarget): boolean {
  return target.mode === 'max' ? value >= target.value : value <= target.value;
}

/**
 * How `job` went against `target`: its first epoch reaching it, the seconds of epochs 1 to that
 * one summed (an epoch without seconds counts the job's mean seconds per epoch, and says so),
 * and their dollars: `seconds x instanceCount x usdPerHour / 3600`.
 */
export function jobTargetOutcome(
  job: SweepJobResult,
  timing: EpochTiming,
  usdPerHour: number | undefined,
  target: ResolvedSweepTarget,
): JobTargetOutcome {
  const epochs = Array.isArray(job.metrics?.epochs) ? job.metrics.epochs : [];
  const outcome: JobTargetOutcome = { measured: false, reached: false, estimated: false };
  let best: number | undefined;
  let reachedAt: number | undefined;
  epochs.forEach((epoch, i) => {
    const metrics = epoch?.metrics;
    if (metrics === undefined || metrics === null || !Object.hasOwn(metrics, target.metric)) return;
    const value = metrics[target.metric];
    if (typeof value !== 'number') return;
    outcome.measured = true;
    if (Number.isNaN(value)) return;
    if (best === undefined || (target.mode === 'max' ? value > best : value < best)) best = value;
    if (reachedAt === undefined && reaches(value, target)) reachedAt = i;
  });
  if (best !== undefined) outcome.best = best;
  if (reachedAt === undefined) return outcome;

  outcome.reached = true;
  outcome.epoch = reachedAt + 1;
  let sum = 0;
  for (let i = 0; i <= reachedAt; i++) {
    const s = timing.logSeconds[i] ?? timing.perEpoch;
    if (s === undefined) return outcome;
    if (timing.logSeconds[i] === undefined) outcome.estimated = true;
    sum += s;
  }
  outcome.seconds = sum;
  const count = job.cell?.instanceCount;
  if (typeof usdPerHour === 'number' && Number.isFinite(usdPerHour) && typeof count === 'number' && Number.isFinite(count)) {
    outcome.usd = roundUsd((sum * count * usdPerHour) / 3600);
  }
  return outcome;
}

/** The repeats' outcomes together: how many reached the target, and means over those that did. */
export function configurationTargetOutcome(outcomes: readonly JobTargetOutcome[], mode: 'max' | 'min'): ConfigurationTargetOutcome {
  const measured = outcomes.filter((o) => o.measured);
  const reached = measured.filter((o) => o.reached);
  const result: ConfigurationTargetOutcome = {
    runs: measured.length,
    reached: reached.length,
    estimated: reached.some((o) => o.estimated),
  };
  const epoch = mean(reached.map((o) => o.epoch!));
  if (epoch !== undefined) result.epoch = epoch;
  const timed = reached.filter((o) => o.seconds !== undefined);
  if (timed.length === reached.length) {
    const seconds = mean(timed.map((o) => o.seconds!));
    if (seconds !== undefined) result.seconds = seconds;
  }
  const priced = reached.filter((o) => o.usd !== undefined);
  if (priced.length === reached.length) {
    const usd = mean(priced.map((o) => o.usd!));
    if (usd !== undefined) result.usd = roundUsd(usd);
  }
  const bests = measured.map((o) => o.best).filter((b): b is number => b !== undefined);
  if (bests.length > 0) result.best = mode === 'max' ? Math.max(...bests) : Math.min(...bests);
  return result;
}

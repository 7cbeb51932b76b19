/**
 * What one format reader has found so far: finished epochs, series, last values, warnings.
 * Internal.
 *
 * @module
 */
import type { EpochMetrics, MetricPoint, TrainingLogFormat, TrainingMetrics } from '../TrainingMetrics';

/** Where an update came from. */
export interface UpdateContext {
  readonly timestamp: Date | undefined;
  /** The update is the last of its line (a newline follows, or the line's end). */
  readonly endsLine: boolean;
}

/** What a reader reports for the log so far, before the parser picks one. */
export interface ReaderSnapshot extends TrainingMetrics {
  /** How many updates the reader recognised: the tie-breaker between readers. */
  readonly evidence: number;
}

/** A reader of one framework's output. `update` returns whether it recognised the update. */
export interface FormatReader {
  readonly format: TrainingLogFormat;
  update(text: string, context: UpdateContext): boolean;
  /**
   * Whether the update `text[from, to)` can be left out (it only moves a progress bar on), read
   * without slicing it out of the message. When it says true, the parser gives the reader the
   * last of a run of such updates before anything else.
   */
  skippable?(text: string, from: number, to: number): boolean;
  /** Non-destructive: the log may go on after it (follow mode). */
  snapshot(): ReaderSnapshot;
}

/** What every reader shares: its collector, its evidence count, and snapshots taken on a copy. */
export abstract class FormatReaderBase implements FormatReader {
  abstract readonly format: TrainingLogFormat;
  protected readonly out: MetricsCollector;
  protected evidence = 0;

  constructor(maxSeriesPoints: number) {
    this.out = new MetricsCollector(maxSeriesPoints);
  }

  abstract update(text: string, context: UpdateContext): boolean;

  /**
   * Ends what is open (the epoch in progress) into `out`. With `commit` false (a snapshot, the
   * log may go on) the reader's own state is left as it is.
   */
  protected abstract finish(out: MetricsCollector, commit: boolean): void;

  snapshot(): ReaderSnapshot {
    const out = this.out.fork();
    this.finish(out, false);
    return out.snapshot(this.format, this.evidence);
  }
}

/** The warning for an epoch that did not finish: cut by the next one (`commit`), or by the end of the log. */
export function unfinishedEpoch(epoch: number, progress: string | undefined, commit: boolean): string {
  return commit
    ? `epoch ${epoch} stopped${progress === undefined ? '' : ` at ${progress}`} before it finished: it is not counted`
    : `the log ends in the middle of epoch ${epoch}${progress === undefined ? '' : ` (${progress})`}: that epoch is not counted`;
}

/** At most this many different metric names are kept (a log could print any number). */
export const MAX_METRIC_NAMES = 1000;

/** Default cap on the points kept per series. */
export const DEFAULT_MAX_SERIES_POINTS = 10_000;

/**
 * One metric's points, at most `max` of them whatever the log's length: when full, every other
 * point is dropped (the first and the newest always stay), so the series keeps an even coverage
 * of the whole run at half the resolution, and `thinned` says so.
 */
class BoundedSeries {
  private kept: MetricPoint[] = [];
  /** The newest point when it is not on a kept slot. */
  private tail: MetricPoint | undefined;
  /** Points on indexes that are multiples of `stride` are kept. */
  private stride = 1;
  private offered = 0;
  thinned = false;
  constructor(private readonly max: number) {}

  add(point: MetricPoint): void {
    const index = this.offered++;
    this.tail = undefined;
    if (index % this.stride !== 0) {
      this.tail = point;
      return;
    }
    this.kept.push(point);
    // Room is kept for the newest point (the tail), so a series never exceeds `max`.
    if (this.kept.length > this.max - 1) {
      this.kept = this.kept.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
      this.thinned = true;
      if (this.kept.at(-1) !== point) this.tail = point; // the newest always stays
    }
  }

  clone(): BoundedSeries {
    const copy = new BoundedSeries(this.max);
    copy.kept = this.kept.slice();
    copy.tail = this.tail;
    copy.stride = this.stride;
    copy.offered = this.offered;
    copy.thinned = this.thinned;
    return copy;
  }

  points(): MetricPoint[] {
    return this.tail === undefined ? this.kept.slice() : [...this.kept, this.tail];
  }
}

/** Finished epochs, series and last values of one reader. */
export class MetricsCollector {
  readonly epochs: EpochMetrics[] = [];
  readonly final: Record<string, number> = Object.create(null) as Record<string, number>;
  private readonly seriesByName = new Map<string, BoundedSeries>();
  private readonly warningSet = new Set<string>();
  trainingSeconds: number | undefined;

  constructor(private readonly maxSeriesPoints: number) {}

  /** A copy to finish a snapshot in without touching this one (the log may go on). */
  fork(): MetricsCollector {
    const copy = new MetricsCollector(this.maxSeriesPoints);
    copy.epochs.push(...this.epochs);
    Object.assign(copy.final, this.final);
    for (const [name, s] of this.seriesByName) copy.seriesByName.set(name, s.clone());
    for (const w of this.warningSet) copy.warningSet.add(w);
    copy.trainingSeconds = this.trainingSeconds;
    return copy;
  }

  /** The snapshot of what was collected. */
  snapshot(format: TrainingLogFormat, evidence: number, trainingSeconds = this.trainingSeconds ?? sumSeconds(this.epochs)): ReaderSnapshot {
    return defined({
      format,
      evidence,
      epochs: this.epochs.slice(),
      final: { ...this.final },
      series: this.series(),
      trainingSeconds,
      warnings: this.warnings(),
    });
  }

  point(name: string, value: number, timestamp: Date | undefined, epoch: number | undefined): void {
    let series = this.seriesByName.get(name);
    if (series === undefined) {
      if (this.seriesByName.size >= MAX_METRIC_NAMES) {
        this.warn(`more than ${MAX_METRIC_NAMES} different metric names: the others are not kept`);
        return;
      }
      series = new BoundedSeries(this.maxSeriesPoints);
      this.seriesByName.set(name, series);
    }
    const p: { value: number; timestamp?: Date; epoch?: number } = { value };
    if (timestamp !== undefined) p.timestamp = timestamp;
    if (epoch !== undefined) p.epoch = epoch;
    this.final[name] = value;
    series.add(Object.freeze(p));
  }

  /** Sets last values without adding series points (values already counted in a series). */
  last(values: Readonly<Record<string, number>>): void {
    for (const [k, v] of Object.entries(values)) {
      if (!(k in this.final) && Object.keys(this.final).length >= MAX_METRIC_NAMES) {
        this.warn(`more than ${MAX_METRIC_NAMES} different metric names: the others are not kept`);
        continue;
      }
      this.final[k] = v;
    }
  }

  epoch(epoch: EpochMetrics): void {
    Object.freeze(epoch.metrics);
    this.epochs.push(Object.freeze(epoch));
  }

  warn(message: string): void {
    this.warningSet.add(message);
  }

  series(): Record<string, MetricPoint[]> {
    const out: Record<string, MetricPoint[]> = {};
    for (const [name, s] of this.seriesByName) out[name] = s.points();
    return out;
  }

  warnings(): string[] {
    const out = [...this.warningSet];
    const thinned = [...this.seriesByName].filter(([, s]) => s.thinned).map(([n]) => n);
    if (thinned.length > 0) {
      out.push(`series thinned to at most ${this.maxSeriesPoints} points each (evenly over the run): ${thinned.join(', ')}`);
    }
    return out;
  }
}

/** Seconds between two times, or undefined. */
export function secondsBetween(from: Date | undefined, to: Date | undefined): number | undefined {
  if (from === undefined || to === undefined) return undefined;
  const s = (to.getTime() - from.getTime()) / 1000;
  return Number.isFinite(s) && s >= 0 ? s : undefined;
}

/** Removes undefined fields (exactOptionalPropertyTypes). */
export function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

/** The sum of every epoch's seconds, when each has them. */
export function sumSeconds(epochs: readonly EpochMetrics[]): number | undefined {
  if (epochs.length === 0) return undefined;
  let total = 0;
  for (const e of epochs) {
    if (e.seconds === undefined) return undefined;
    total += e.seconds;
  }
  return total;
}

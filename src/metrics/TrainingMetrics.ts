/**
 * What {@link parseTrainingLog} and {@link TrainingLogParser} find in a training log.
 *
 * @module
 */

/** The training framework whose output a log was recognised as. */
export type TrainingLogFormat = 'keras' | 'pytorch' | 'lightning' | 'huggingface' | 'metric-definitions' | 'unknown';

/** One point of a metric's series. */
export interface MetricPoint {
  /** The value as printed; `NaN` and `±Infinity` kept (a diverged run shows). */
  readonly value: number;
  /** When the line that printed it was written, where the log has times (CloudWatch does). */
  readonly timestamp?: Date;
  /** The epoch the value belongs to (1-based), where the format says. */
  readonly epoch?: number;
}

/** One finished epoch. */
export interface EpochMetrics {
  /** 1-based epoch number (Lightning's and Hugging Face's 0-based epochs are shifted by one). */
  readonly epoch: number;
  /** How many epochs the run said it would train, where it printed that (`Epoch 3/15`). */
  readonly totalEpochs?: number;
  /**
   * Seconds the epoch took: the framework's own figure where it prints one (Keras' `13s`,
   * Lightning's `[00:15<00:00]`), otherwise the time between log event timestamps.
   */
  readonly seconds?: number;
  /** Steps (batches) in the epoch, where the progress output says (`422/422`). */
  readonly steps?: number;
  /** The epoch's final value of every metric printed for it, names as the log prints them. */
  readonly metrics: Readonly<Record<string, number>>;
  /** When the epoch's last line was written, where the log has times. */
  readonly endedAt?: Date;
}

/**
 * Everything found in one training log. Plain data (JSON as it is); in a REPL or a notebook
 * (`util.inspect`) and with `String(metrics)` it prints as a table of its epochs.
 */
export interface TrainingMetrics {
  /** Which framework's output was recognised; `'unknown'` when none was (never an exception). */
  readonly format: TrainingLogFormat;
  /** One entry per finished epoch, in order. An epoch the log stops in the middle of is not one. */
  readonly epochs: readonly EpochMetrics[];
  /** The last value of every metric seen (NaN kept: a diverged run shows). */
  readonly final: Readonly<Record<string, number>>;
  /**
   * Every metric's values over the run (see
   * {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/metrics.md | docs/metrics.md} for what a point is, per format).
   */
  readonly series: Readonly<Record<string, readonly MetricPoint[]>>;
  /** Seconds spent training, where the log says (Hugging Face's `train_runtime`) or the epochs add up. */
  readonly trainingSeconds?: number;
  /** What could not be read, or was read with a caveat. */
  readonly warnings: readonly string[];
}

/**
 * Epochs, times and metrics out of a whole training log, whatever it is read from.
 *
 * @module
 */
import type { CreateTrainingJobCommandInput, DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import type { LogEvent, LogSource } from '../logs/LogSource';
import type { TrainingMetrics } from './TrainingMetrics';
import { TrainingLogParser, type MetricDefinition } from './TrainingLogParser';

/** Anything a training log can be parsed from. */
export type TrainingLogInput = LogSource | AsyncIterable<LogEvent | string> | Iterable<string | LogEvent> | string;

/** A job whose metric definitions apply: its request, its description, or its builder. */
export type JobWithMetricDefinitions =
  | Pick<CreateTrainingJobCommandInput, 'AlgorithmSpecification'>
  | Pick<DescribeTrainingJobCommandOutput, 'AlgorithmSpecification'>
  | {
      /** The request, as a {@link TrainingJobBuilder} gives it. */
      toJSON(): Pick<CreateTrainingJobCommandInput, 'AlgorithmSpecification'>;
    };

/** Options of {@link parseTrainingLog}. */
export interface ParseTrainingLogOptions {
  /** SageMaker metric definitions to apply as the service does (first capture group = value). */
  metricDefinitions?: readonly MetricDefinition[] | undefined;
  /**
   * The job the log belongs to (its request, description or builder): its
   * `AlgorithmSpecification.MetricDefinitions` are applied too, as SageMaker applied them.
   */
  job?: JobWithMetricDefinitions | undefined;
  /** At most this many points per series (evenly thinned beyond it). Default 10,000. */
  maxSeriesPoints?: number | undefined;
  /** Aborting rejects with the signal's reason and stops reading the source. */
  signal?: AbortSignal | undefined;
}

function isLogSource(log: unknown): log is LogSource {
  return typeof log === 'object' && log !== null && typeof (log as Partial<LogSource>).read === 'function' && typeof (log as Partial<LogSource>).follow === 'function';
}

function definitionsOf(job: JobWithMetricDefinitions | undefined): readonly MetricDefinition[] {
  if (job === undefined) return [];
  if (job === null || typeof job !== 'object') throw new TypeError('parseTrainingLog: job must be a request, a description or a builder');
  const request = 'toJSON' in job && typeof job.toJSON === 'function' ? job.toJSON() : (job as Pick<CreateTrainingJobCommandInput, 'AlgorithmSpecification'>);
  return request.AlgorithmSpecification?.MetricDefinitions ?? [];
}

/**
 * Pushes every item of an async iterable. An abort ends the wait for the next item at once (the
 * iterable may be stalled) and closes the iterator.
 */
async function pushAll(parser: TrainingLogParser, items: AsyncIterable<LogEvent | string>, signal: AbortSignal | undefined): Promise<void> {
  const iterator = items[Symbol.asyncIterator]();
  let aborted: Promise<never> | undefined;
  let onAbort: (() => void) | undefined;
  if (signal !== undefined) {
    aborted = new Promise<never>((_resolve, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
  }
  let done = false;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const next = iterator.next();
      const step = aborted === undefined ? await next : await Promise.race([next, aborted]);
      if (step.done === true) {
        done = true;
        return;
      }
      parser.push(step.value);
    }
  } finally {
    if (onAbort !== undefined) signal!.removeEventListener('abort', onAbort);
    if (!done) void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

/**
 * Reads a whole training log and returns its epochs (with seconds and steps), every metric's
 * series and final value, and which framework printed it: Keras (1, 2 and 3), PyTorch scripts in
 * the pytorch/examples and CIFAR styles, PyTorch Lightning and the Hugging Face Trainer are
 * recognised without being told. SageMaker metric definitions (given, or the job's own) are
 * applied as the service applies them. Memory stays bounded whatever the log's size; an
 * unrecognised log gives `format: 'unknown'` and a warning, never an exception.
 *
 * `log` is a {@link LogSource} (its `read()`), an async iterable of log events or strings, an
 * iterable of strings, or one string.
 *
 * @example
 * ```ts
 * import { createClients, logSourceForJob, parseTrainingLog } from 'sagemaker-bench';
 *
 * const clients = createClients({ region: 'us-east-1' });
 * const source = await logSourceForJob(clients, 'resnet50-p3-gpu4-b512-e2');
 * const metrics = await parseTrainingLog(source);
 * console.log(metrics.format);                       // 'keras'
 * for (const e of metrics.epochs) console.log(e.epoch, e.seconds, e.metrics['val_accuracy']);
 * ```
 */
export async function parseTrainingLog(log: TrainingLogInput, options: ParseTrainingLogOptions = {}): Promise<TrainingMetrics> {
  if (options === null || typeof options !== 'object') throw new TypeError('parseTrainingLog: options must be an object');
  const { signal } = options;
  // The job's definitions, then the given ones: one per Name, a given one replacing the job's.
  const byName = new Map<string | undefined, MetricDefinition>();
  for (const d of [...definitionsOf(options.job), ...(options.metricDefinitions ?? [])]) byName.set(d?.Name, d);
  const metricDefinitions = [...byName.values()];
  const parser = new TrainingLogParser({ metricDefinitions, maxSeriesPoints: options.maxSeriesPoints });
  signal?.throwIfAborted();
  if (typeof log === 'string') {
    parser.push(log);
  } else if (isLogSource(log)) {
    await pushAll(parser, log.read(signal === undefined ? {} : { signal }), signal);
  } else if (log !== null && typeof log === 'object' && Symbol.asyncIterator in log) {
    await pushAll(parser, log, signal);
  } else if (log !== null && typeof log === 'object' && Symbol.iterator in log) {
    let n = 0;
    for (const item of log) {
      parser.push(item);
      // A long synchronous log still yields to the event loop now and then, so an abort is seen.
      if (signal !== undefined && ++n % 10_000 === 0) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        signal.throwIfAborted();
      }
    }
  } else {
    throw new TypeError(`parseTrainingLog: log must be a LogSource, an (async) iterable of lines or log events, or a string; got ${log === null ? 'null' : typeof log}`);
  }
  signal?.throwIfAborted();
  return parser.result();
}

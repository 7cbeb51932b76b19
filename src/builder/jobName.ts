/**
 * Training job names in the seed's convention: `<model>-<family>-<devices>[-b<batch>][-e<epochs>][-<suffix>]`,
 * e.g. `resnet50-p3-gpu4-b512-e5`. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/job-names.md | docs/job-names.md}.
 *
 * @module
 */
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { getInstanceSpec } from './instanceCatalog';
import { instancesOf } from './internal/instanceGroups';

/** What a job name is made of. */
export interface JobNameConfig {
  /** The model or experiment, e.g. `'resnet50'`. Any text: it is cleaned to letters, digits and hyphens. */
  model: string;
  /** The SageMaker instance type, with or without `ml.`, e.g. `'ml.p3.8xlarge'`. */
  instanceType: string;
  /** Batch size: a whole number >= 1. Adds `-b<batchSize>`. */
  batchSize?: number;
  /** Epochs: a whole number >= 1. Adds `-e<epochs>`. */
  epochs?: number;
  /** Instances: above 1 adds `x<count>` to the device part (`p3-gpu4x2`). */
  instanceCount?: number;
  /** Append a short time-based suffix so the name was never used before (a used name stays taken). */
  unique?: boolean;
  /** A leading part, e.g. a sweep's name: kept whole (at most 24 characters), before the model. */
  prefix?: string;
  /** Adds `-r<repeat>` (a whole number >= 1), e.g. the repeat of a sweep's cell. */
  repeat?: number;
  /** A short extra part before the repeat (letters and digits, at most 8), e.g. a hash of other settings. */
  variant?: string;
}

/** Something {@link jobName} can read a job's configuration from: a request, or a builder of one. */
export type NamedJob =
  | CreateTrainingJobCommandInput
  | {
      /** The request, as a {@link TrainingJobBuilder} gives it. */
      toJSON(): CreateTrainingJobCommandInput;
    };

/**
 * A job name read off the job itself: the instance type and count from its ResourceConfig (the
 * first instance group's type, all groups' count), batch size and epochs from its
 * hyperparameters (`batch-size` / `batch_size` / `batchSize`, `epochs` / `num-epochs` /
 * `num_epochs`), so a name can never say `g5` for a job on `p3`.
 */
export interface JobNameFromJobConfig extends Omit<JobNameConfig, 'instanceType' | 'batchSize' | 'epochs' | 'instanceCount'> {
  /** The job to read the instance type and count, batch size and epochs from. */
  job: NamedJob;
}

/** Hyperparameter keys read as the batch size and the epochs, in order of preference. */
export const BATCH_SIZE_KEYS = ['batch-size', 'batch_size', 'batchSize'] as const;
export const EPOCHS_KEYS = ['epochs', 'num-epochs', 'num_epochs', 'epoch'] as const;
const MAX_PREFIX = 24;
const MAX_VARIANT = 8;

/** SageMaker's limit on TrainingJobName. */
const MAX_LENGTH = 63;
/** An instance part not from the catalog (e.g. `c7i-2xlarge`) is cut to this many characters. */
const MAX_INSTANCE_PART = 24;
/** Used when the model has no letter or digit at all (e.g. `''` or `'模型'`). */
const FALLBACK_MODEL = 'job';

const BASE = 36;
const TIME_CHARS = 4;
const COUNTER_CHARS = 4;
const TIME_MOD = BASE ** TIME_CHARS; // 1,679,616 seconds: the time part repeats every ~19.4 days
const COUNTER_MOD = BASE ** COUNTER_CHARS; // 1,679,616 consecutive calls in one process never collide

/**
 * Makes a source of 8-character lowercase base36 suffixes: 4 characters of the current time in
 * seconds (mod 36^4) followed by 4 characters of a per-process counter that starts at a random
 * value and increases by one on every call (mod 36^4). In one process, any 1,679,616 consecutive
 * suffixes are distinct, however many are made in the same millisecond; across processes, two
 * suffixes made in the same second collide only if their random counters meet (about 1 in 1.7
 * million per pair). Internal: exported for tests, not from the package.
 */
export function createSuffixSource(
  now: () => number = Date.now,
  random: () => number = Math.random,
): () => string {
  let counter = Math.floor(random() * COUNTER_MOD) % COUNTER_MOD;
  return () => {
    const seconds = Math.floor(now() / 1000);
    const time = ((seconds % TIME_MOD) + TIME_MOD) % TIME_MOD;
    counter = (counter + 1) % COUNTER_MOD;
    return time.toString(BASE).padStart(TIME_CHARS, '0') + counter.toString(BASE).padStart(COUNTER_CHARS, '0');
  };
}

/** How `prefix` leads every name made with it: the start a sweep's job names share (before a `-`). Internal. */
export function namePrefixPart(prefix: string): string {
  return cut(clean(prefix), MAX_PREFIX);
}

/** The process-wide suffix source, made on first use (importing this module does no work). */
let suffixSource: (() => string) | undefined;

/** Lowercase ASCII letters and digits, every other run of characters one hyphen, no hyphen at either end. */
function clean(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // accents: 'résnet' -> 'resnet'
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function cut(part: string, max: number): string {
  return part.length <= max ? part : part.slice(0, max).replace(/-+$/, '');
}

/** `p3-gpu4`, `trn1-acc16`, `m5-cpu8`; for a type missing from the catalog, `c7i-2xlarge`. */
function instancePart(instanceType: string): string {
  const spec = getInstanceSpec(instanceType);
  if (spec !== undefined) {
    const devices =
      spec.gpus > 0 ? `gpu${spec.gpus}` : spec.accelerator ? `acc${spec.accelerator.count}` : `cpu${spec.vCpus}`;
    return `${clean(spec.family)}-${devices}`;
  }
  return cut(clean(instanceType.trim().replace(/^ml\./i, '')), MAX_INSTANCE_PART);
}

function countPart(field: 'batchSize' | 'epochs' | 'repeat' | 'instanceCount', prefix: string, value: unknown): string {
  if (value === undefined) return '';
  if (typeof value !== 'number') {
    throw new TypeError(`jobName: ${field} must be a number, got ${value === null ? 'null' : typeof value}`);
  }
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`jobName: ${field} must be a whole number >= 1, got ${String(value)}`);
  }
  return `${prefix}${value}`;
}

/**
 * Names a training job after its configuration, in the seed's convention: the model, the instance
 * family, its device count (`gpu<N>` from the instance catalog; `acc<N>` for Trainium; `cpu<vCPUs>`
 * for CPU-only types), `b<batchSize>` and `e<epochs>`. A type missing from the catalog contributes
 * its family and size (`c7i-2xlarge`). The name is lowercase ASCII; any other character run in the
 * model becomes one hyphen, accents are dropped, and a model with no letter or digit becomes `job`.
 *
 * Given `job` (a request or a builder) instead of the parts, the parts are read off the job, so
 * the name always says what the job runs on. `prefix` leads the name (a sweep's name),
 * `instanceCount` above 1 adds `x<count>`, `variant` a short extra part, `repeat` `-r<repeat>`.
 *
 * `unique: true` appends an 8-character suffix (time in seconds + a per-process counter with a
 * random start) so the same configuration can be run again: SageMaker keeps a used name forever.
 *
 * The result always matches `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$`. When it would be longer than 63
 * characters the model part is shortened; the configuration parts and the suffix are kept.
 *
 * @throws {TypeError} when `model` or `instanceType` is not a string, `batchSize` or `epochs` is
 *   not a number, or `unique` is not a boolean.
 * @throws {RangeError} when `batchSize` or `epochs` is not a whole number >= 1 (or above 2^53 - 1).
 *
 * @example
 * ```ts
 * import { jobName } from 'sagemaker-bench';
 *
 * jobName({ model: 'resnet50', instanceType: 'ml.p3.8xlarge', batchSize: 512, epochs: 5 });
 * // 'resnet50-p3-gpu4-b512-e5'
 * jobName({ model: 'CNN MNIST', instanceType: 'ml.m5.2xlarge', batchSize: 64 });
 * // 'cnn-mnist-m5-cpu8-b64'
 * jobName({ model: 'mnist', instanceType: 'ml.c7i.2xlarge', batchSize: 64 });
 * // 'mnist-c7i-2xlarge-b64'   (not in the catalog: family and size)
 * jobName({ model: 'resnet50', instanceType: 'ml.p3.8xlarge', batchSize: 512, epochs: 5, unique: true });
 * // e.g. 'resnet50-p3-gpu4-b512-e5-3f0a01k9'
 *
 * // Read off the job itself (type, count, batch-size and epochs hyperparameters):
 * jobName({ model: 'resnet50', job: cifarResnet50({ image, role, outputPath: 's3://my-bucket/', batchSize: 256, epochs: 5 }) });
 * // 'resnet50-p3-gpu4-b256-e5'
 * jobName({ model: 'resnet50', job: request, prefix: 'paper', repeat: 2 });
 * // e.g. 'paper-resnet50-p3-gpu4x2-b256-e5-r2'   (two instances, second repeat)
 * ```
 */
export function jobName(config: JobNameConfig | JobNameFromJobConfig): string {
  if (config === null || typeof config !== 'object') {
    throw new TypeError('jobName: expected a config object { model, instanceType, batchSize?, epochs?, unique? } or { model, job }');
  }
  const resolved = 'job' in config ? fromJob(config) : config;
  const { model, instanceType, batchSize, epochs, unique, instanceCount, prefix, repeat, variant } = resolved;
  if (typeof model !== 'string') throw new TypeError(`jobName: model must be a string, got ${typeof model}`);
  if (typeof instanceType !== 'string') {
    throw new TypeError(`jobName: instanceType must be a string, got ${typeof instanceType}`);
  }
  if (unique !== undefined && typeof unique !== 'boolean') {
    throw new TypeError(`jobName: unique must be a boolean, got ${typeof unique}`);
  }
  if (prefix !== undefined && typeof prefix !== 'string') throw new TypeError(`jobName: prefix must be a string, got ${typeof prefix}`);
  if (variant !== undefined && (typeof variant !== 'string' || !/^[a-z0-9]{1,8}$/i.test(variant))) {
    throw new TypeError(`jobName: variant must be 1-${MAX_VARIANT} letters or digits, got ${JSON.stringify(variant)}`);
  }

  // Parts after the model and the instance are never shortened: with their hyphens at most
  // 25 + 18 + 18 + 9 + 9 + 18 = 97 characters in theory, but real batch sizes, epochs and
  // repeats are short; the instance part and then the model give way first.
  const lead = prefix === undefined ? '' : namePrefixPart(prefix);
  const count = instanceCount === undefined || instanceCount === 1 ? '' : countPart('instanceCount', 'x', instanceCount);
  const batch = countPart('batchSize', 'b', batchSize);
  const epochCount = countPart('epochs', 'e', epochs);
  const repeatPart = countPart('repeat', 'r', repeat);
  const suffix = unique ? (suffixSource ??= createSuffixSource())() : '';
  const kept = [batch, epochCount, variant?.toLowerCase() ?? '', repeatPart, suffix].filter((part) => part !== '');
  const room = MAX_LENGTH - kept.reduce((n, part) => n + 1 + part.length, 0) - (lead === '' ? 0 : lead.length + 1);
  if (room < 2) throw new RangeError(`jobName: the parts after the model leave no room in ${MAX_LENGTH} characters`);

  // The model keeps at least one character; the instance part gives way only past that.
  let instance = instancePart(instanceType) + count;
  if (instance !== '' && instance.length + 2 > room) instance = cut(instance, room - 2);
  const modelRoom = room - (instance === '' ? 0 : instance.length + 1);
  const modelPart = cut(clean(model) || FALLBACK_MODEL, modelRoom);

  return [lead, modelPart, instance, ...kept].filter((part) => part !== '').join('-');
}

/**
 * The first of `keys` a request's hyperparameters hold (the batch size's, or the epochs'), its
 * text and the number it is when that is a whole number >= 1. Internal: shared with defineSweep.
 */
export function countHyperParameter(hyper: Record<string, string> | undefined, keys: readonly string[]): { key: string; text: string; value: number | undefined } | undefined {
  for (const key of keys) {
    const text = hyper?.[key];
    if (text === undefined) continue;
    const value = Number(text);
    return { key, text, value: Number.isSafeInteger(value) && value >= 1 ? value : undefined };
  }
  return undefined;
}

function hyperParameter(hyper: Record<string, string> | undefined, keys: readonly string[]): number | undefined {
  const found = countHyperParameter(hyper, keys);
  if (found !== undefined && found.value === undefined) {
    throw new RangeError(`jobName: hyperparameter ${found.key} must be a whole number >= 1 to be named, got ${JSON.stringify(found.text)}`);
  }
  return found?.value;
}

function fromJob(config: JobNameFromJobConfig): JobNameConfig {
  const { job, ...rest } = config;
  if (job === null || typeof job !== 'object') throw new TypeError('jobName: job must be a CreateTrainingJob request or a TrainingJobBuilder');
  const request = typeof (job as { toJSON?: unknown }).toJSON === 'function'
    ? (job as { toJSON(): CreateTrainingJobCommandInput }).toJSON()
    : (job as CreateTrainingJobCommandInput);
  const { instanceType, instanceCount } = instancesOf(request.ResourceConfig);
  if (instanceType === undefined) throw new TypeError('jobName: the job has no instance type (ResourceConfig.InstanceType) to be named after');
  const named: JobNameConfig = { ...rest, instanceType, instanceCount };
  const batchSize = hyperParameter(request.HyperParameters, BATCH_SIZE_KEYS);
  if (batchSize !== undefined) named.batchSize = batchSize;
  const epochs = hyperParameter(request.HyperParameters, EPOCHS_KEYS);
  if (epochs !== undefined) named.epochs = epochs;
  return named;
}

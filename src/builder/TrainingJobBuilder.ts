import type {
  Channel,
  CreateTrainingJobCommandInput,
  MetricDefinition,
  SageMakerClient,
  Tag,
} from '@aws-sdk/client-sagemaker';
import { ValidationError, formatIssues, type ValidationIssue } from '../errors';
import { deepClone, deepFreeze } from '../internal/deepFreeze';
import { canonicalOrder } from './internal/canonicalOrder';
import { launchTrainingJob } from '../jobs/launchTrainingJob';
import type { LaunchedTrainingJob, LaunchOptions } from '../jobs/launchTrainingJob';
import { toAwsCliCommand } from './toAwsCliCommand';
import { validateCreateTrainingJob, type ValidateOptions } from './validateCreateTrainingJob';

/** A CreateTrainingJob request, as the AWS SDK v3 types it. */
export type CreateTrainingJobRequest = CreateTrainingJobCommandInput;

/** Input modes of a training job or a channel. */
export type InputMode = 'File' | 'Pipe' | 'FastFile';

/** Options of {@link TrainingJobBuilder.channel}. Only what you set is sent. */
export interface ChannelOptions {
  /** MIME type of the data, e.g. `text/csv`. */
  contentType?: string;
  /** `Gzip` when the objects are gzip-compressed. */
  compression?: 'None' | 'Gzip';
  /** `ShardedByS3Key` gives each instance its own share of the objects; default (service side) `FullyReplicated`. */
  distribution?: 'FullyReplicated' | 'ShardedByS3Key';
  /** How `s3Uri` is read; default `S3Prefix` (every object under the prefix). */
  s3DataType?: 'S3Prefix' | 'ManifestFile' | 'AugmentedManifestFile' | 'Converse';
  /** This channel's own input mode, overriding the job's. */
  inputMode?: InputMode;
  /** `RecordIO` to wrap records for Pipe mode. */
  recordWrapperType?: 'None' | 'RecordIO';
  /** Shuffle the objects with this seed (Pipe mode). */
  shuffleSeed?: number;
}

/** Options of {@link TrainingJobBuilder.outputPath}. */
export interface OutputOptions {
  /** KMS key used to encrypt the model artifacts. */
  kmsKeyId?: string;
  /** `NONE` uploads the model uncompressed; default (service side) `GZIP`. */
  compression?: 'GZIP' | 'NONE';
}

/** Options of {@link TrainingJobBuilder.instance}. */
export interface InstanceOptions {
  /** Number of instances; default 1. */
  count?: number;
  /** ML storage volume per instance, in GB (the seed used 16 to 32). */
  volumeSizeInGB?: number;
  /** KMS key for the ML storage volume. */
  volumeKmsKeyId?: string;
  /** Keep the instances warm for this long after the job, for the next job (warm pools). */
  keepAliveSeconds?: number;
}

/** Options of {@link TrainingJobBuilder.spot}. */
export interface SpotOptions {
  /** How long to wait for spot capacity plus run, in seconds; must be >= maxRuntime. */
  maxWaitSeconds: number;
  /** Where SageMaker keeps checkpoints so an interrupted job resumes. */
  checkpointS3Uri?: string;
  /** Where the container writes checkpoints; default (service side) `/opt/ml/checkpoints`. */
  checkpointLocalPath?: string;
}

/** Options of {@link TrainingJobBuilder.vpc}. */
export interface VpcOptions {
  /** The IDs of the subnets the job's containers run in, e.g. `subnet-0123456789abcdef0`. */
  subnets: string[];
  /** The IDs of the security groups of the job's network interfaces, e.g. `sg-0123456789abcdef0`. */
  securityGroupIds: string[];
}

/** The result of {@link TrainingJobBuilder.safeBuild}: never throws. */
export type SafeBuildResult =
  | {
      /** The request has no errors. */
      success: true;
      /** The request, as `build()` returns it. */
      value: CreateTrainingJobCommandInput;
      /** Its warnings (empty when there is none). */
      issues: ValidationIssue[];
    }
  | {
      /** The request has errors. */
      success: false;
      /** Every issue: the errors, and any warnings. */
      issues: ValidationIssue[];
    };

type Request = CreateTrainingJobCommandInput;
/** An issue about a value given to a preset, with the value its request member had then. */
interface InputIssue {
  issue: ValidationIssue;
  at: unknown;
}
const NO_ISSUES: readonly InputIssue[] = Object.freeze([]);

/** The value at `path` in `request` (undefined when a step is missing). */
function valueAt(request: Request, path: readonly (string | number)[]): unknown {
  let value: unknown = request;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[part];
  }
  return value;
}
/** AlgorithmSpecification while it is being built: TrainingInputMode may not be set yet (`from()`). */
type Spec = NonNullable<Request['AlgorithmSpecification']>;

/** A new builder starts from these: File mode and the seed's one-hour guard against jobs that never stop. */
const DEFAULTS: Request = deepFreeze({
  TrainingJobName: undefined,
  RoleArn: undefined,
  OutputDataConfig: undefined,
  AlgorithmSpecification: { TrainingInputMode: 'File' },
  StoppingCondition: { MaxRuntimeInSeconds: 3600 },
});

/** Removes members whose value is `undefined`, recursively, so a build holds only what was set. */
function prune<T>(value: T): T {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => prune(v)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = prune(v);
  return out as T;
}

function hyperParameterValue(key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`Hyperparameter ${key} must be a finite number, got ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  throw new TypeError(`Hyperparameter ${key} must be a string, number or boolean, got ${value === null ? 'null' : typeof value}`);
}

function stringRecord(what: string, values: Record<string, string>): Record<string, string> {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    throw new TypeError(`${what} expects a record of strings, got ${Array.isArray(values) ? 'an array' : typeof values}`);
  }
  for (const [k, v] of Object.entries(values)) {
    if (typeof v !== 'string') throw new TypeError(`${what} ${k} must be a string, got ${v === null ? 'null' : typeof v}`);
  }
  return values;
}

// Set by TrainingJobBuilder's static block: it reaches the builder's private state, for withInputIssues.
let addInputIssues: (builder: TrainingJobBuilder, issues: readonly ValidationIssue[]) => TrainingJobBuilder;

/**
 * An immutable, fluent builder of SageMaker CreateTrainingJob requests. Every method returns a
 * new builder and leaves the one it was called on unchanged, so one preset can be branched into
 * many variants (instance types, batch sizes, epochs) without leaking state between them.
 *
 * `build()` validates against the official SageMaker API model (see validation.md) and throws a
 * {@link ValidationError} listing every problem; `safeBuild()` never throws; `validate()` returns
 * the issues. Nothing is sent anywhere until you call {@link TrainingJobBuilder.launch}.
 *
 * @example
 * ```ts
 * import { TrainingJobBuilder } from 'sagemaker-bench';
 *
 * const request = new TrainingJobBuilder()
 *   .name('resnet50-p3-gpu4-b512-e2')
 *   .image('123456789012.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest')
 *   .role('arn:aws:iam::123456789012:role/SageMakerExecution')
 *   .hyperParameters({ 'batch-size': 512, epochs: 5 })
 *   .outputPath('s3://my-bucket/')
 *   .instance('ml.p3.8xlarge', { volumeSizeInGB: 16 })
 *   .build();
 * ```
 */
export class TrainingJobBuilder {
  #request: Request = DEFAULTS;
  /** Issues of what a preset was given that the request cannot show (see {@link withInputIssues}). */
  #inputIssues: readonly InputIssue[] = NO_ISSUES;

  /** An empty builder with the defaults: input mode `File`, MaxRuntime 3600 s. */
  constructor() {}

  /**
   * A builder holding an existing request (copied; later changes to `request` do not leak in).
   * No defaults are added: the request is taken as it is.
   *
   * @example
   * ```ts
   * const again = TrainingJobBuilder.from(previous).name('resnet50-p3-gpu4-b512-e3');
   * ```
   */
  static from(request: CreateTrainingJobCommandInput): TrainingJobBuilder {
    if (request === null || typeof request !== 'object') {
      throw new TypeError('TrainingJobBuilder.from expects a CreateTrainingJob request object');
    }
    return TrainingJobBuilder.#of(deepFreeze(deepClone(request)));
  }

  static #of(request: Request, inputIssues: readonly InputIssue[] = NO_ISSUES): TrainingJobBuilder {
    const builder = new TrainingJobBuilder();
    builder.#request = request;
    builder.#inputIssues = inputIssues;
    return builder;
  }

  static {
    addInputIssues = (builder, issues) =>
      TrainingJobBuilder.#of(builder.#request, deepFreeze([...builder.#inputIssues, ...issues.map((issue) => ({ issue, at: valueAt(builder.#request, issue.path) }))]));
  }

  #with(patch: (draft: Request) => Request): TrainingJobBuilder {
    const next = deepFreeze(patch(deepClone(this.#request)));
    // An input issue lasts while its member keeps the value it was about: setting it again clears it.
    const kept = this.#inputIssues.filter((entry) => Object.is(valueAt(next, entry.issue.path), entry.at));
    return TrainingJobBuilder.#of(next, kept.length === this.#inputIssues.length ? this.#inputIssues : kept);
  }

  /** Every issue: the input issues still standing, then the request's own. */
  #issues(request: Request, options?: ValidateOptions): ValidationIssue[] {
    return [...this.#inputIssues.map((entry) => ({ ...entry.issue, path: [...entry.issue.path] })), ...validateCreateTrainingJob(request, options)];
  }

  /**
   * The training job name: 1-63 letters, digits and hyphens, unique in the account and region
   * forever. See `jobName()` for names in the seed's convention.
   *
   * @example
   * ```ts
   * builder.name(jobName({ model: 'resnet50', instanceType: 'ml.p3.8xlarge', batchSize: 512, epochs: 5, unique: true }));
   * ```
   */
  name(name: string): TrainingJobBuilder {
    return this.#with((r) => ({ ...r, TrainingJobName: name }));
  }

  /**
   * The training image in ECR (`AlgorithmSpecification.TrainingImage`). Replaces an
   * {@link TrainingJobBuilder.algorithm} set before: a job has one or the other.
   *
   * @example
   * ```ts
   * builder.image('123456789012.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest');
   * ```
   */
  image(uri: string): TrainingJobBuilder {
    return this.#with((r) => {
      const { AlgorithmName: _dropped, ...spec } = r.AlgorithmSpecification ?? {};
      return { ...r, AlgorithmSpecification: { ...spec, TrainingImage: uri } as Spec };
    });
  }

  /**
   * A built-in or Marketplace algorithm (`AlgorithmSpecification.AlgorithmName`) instead of an
   * image. Replaces an {@link TrainingJobBuilder.image} set before.
   *
   * @example
   * ```ts
   * builder.algorithm('arn:aws:sagemaker:us-east-1:123456789012:algorithm/my-algorithm');
   * ```
   */
  algorithm(nameOrArn: string): TrainingJobBuilder {
    return this.#with((r) => {
      const { TrainingImage: _dropped, ...spec } = r.AlgorithmSpecification ?? {};
      return { ...r, AlgorithmSpecification: { ...spec, AlgorithmName: nameOrArn } as Spec };
    });
  }

  /**
   * How input channels reach the container: `File` (copied before start; the default), `Pipe`
   * (streamed) or `FastFile` (mounted, read on demand).
   *
   * @example
   * ```ts
   * builder.inputMode('FastFile');
   * ```
   */
  inputMode(mode: InputMode): TrainingJobBuilder {
    return this.#with((r) => ({ ...r, AlgorithmSpecification: { ...r.AlgorithmSpecification, TrainingInputMode: mode } }));
  }

  /**
   * The IAM execution role SageMaker assumes to run the job.
   *
   * @example
   * ```ts
   * builder.role('arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole');
   * ```
   */
  role(arn: string): TrainingJobBuilder {
    return this.#with((r) => ({ ...r, RoleArn: arn }));
  }

  /**
   * Adds hyperparameters, merging with those already set (a key set again is replaced).
   * Numbers and booleans become `String(v)` (`512`, `true`), never JSON-quoted.
   *
   * @example
   * ```ts
   * builder.hyperParameters({ 'batch-size': 512, epochs: 5, 'use-amp': true });
   * ```
   */
  hyperParameters(values: Record<string, string | number | boolean>): TrainingJobBuilder {
    if (values === null || typeof values !== 'object' || Array.isArray(values)) {
      throw new TypeError('hyperParameters expects a record of strings, numbers or booleans');
    }
    const converted = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, hyperParameterValue(k, v)]));
    return this.#with((r) => ({ ...r, HyperParameters: { ...r.HyperParameters, ...converted } }));
  }

  /**
   * Adds an input channel from S3. In File mode SageMaker copies it to
   * `/opt/ml/input/data/<name>` before the container starts. A channel of the same name is
   * replaced in place.
   *
   * @example
   * ```ts
   * builder.channel('training', 's3://my-bucket/seismic/train/', { distribution: 'ShardedByS3Key' });
   * ```
   */
  channel(name: string, s3Uri: string, options: ChannelOptions = {}): TrainingJobBuilder {
    const channel: Channel = prune({
      ChannelName: name,
      DataSource: {
        S3DataSource: {
          S3DataType: options.s3DataType ?? 'S3Prefix',
          S3Uri: s3Uri,
          S3DataDistributionType: options.distribution,
        },
      },
      ContentType: options.contentType,
      CompressionType: options.compression,
      RecordWrapperType: options.recordWrapperType,
      InputMode: options.inputMode,
      ShuffleConfig: options.shuffleSeed === undefined ? undefined : { Seed: options.shuffleSeed },
    });
    return this.#with((r) => {
      const channels = [...(r.InputDataConfig ?? [])];
      const at = channels.findIndex((c) => c.ChannelName === name);
      if (at >= 0) channels[at] = channel;
      else channels.push(channel);
      return { ...r, InputDataConfig: channels };
    });
  }

  /**
   * Where SageMaker uploads the model artifacts (`OutputDataConfig.S3OutputPath`). The seed's
   * images also write their training log as a .txt under `<outputPath>/<job name>/`.
   *
   * @example
   * ```ts
   * builder.outputPath('s3://my-bucket/results/', { compression: 'NONE' });
   * ```
   */
  outputPath(s3Uri: string, options: OutputOptions = {}): TrainingJobBuilder {
    return this.#with((r) => ({
      ...r,
      OutputDataConfig: prune({ S3OutputPath: s3Uri, KmsKeyId: options.kmsKeyId, CompressionType: options.compression }),
    }));
  }

  /**
   * The instances: type (`ml.p3.8xlarge`), count and ML storage volume. Settings not given keep
   * their earlier values (count 1 when never set), so `preset.instance('ml.g5.2xlarge')` keeps the
   * preset's volume, count and warm-pool keep-alive and changes only the type. Heterogeneous
   * instance groups set before are replaced by this one type. Pass a setting as `undefined`
   * explicitly to drop it.
   *
   * @example
   * ```ts
   * builder.instance('ml.g5.2xlarge', { count: 2, volumeSizeInGB: 32 });
   * builder.instance('ml.p3.2xlarge'); // same count, volume and keep-alive as before
   * ```
   */
  instance(type: string, options: InstanceOptions = {}): TrainingJobBuilder {
    return this.#with((r) => {
      const { InstanceGroups: _replaced, ...before } = r.ResourceConfig ?? {};
      const given = <K extends keyof InstanceOptions>(key: K, earlier: InstanceOptions[K]): InstanceOptions[K] =>
        Object.prototype.hasOwnProperty.call(options, key) ? options[key] : earlier;
      return {
        ...r,
        ResourceConfig: prune({
          ...before,
          InstanceType: type as NonNullable<Request['ResourceConfig']>['InstanceType'],
          InstanceCount: given('count', before.InstanceCount) ?? 1,
          VolumeSizeInGB: given('volumeSizeInGB', before.VolumeSizeInGB),
          VolumeKmsKeyId: given('volumeKmsKeyId', before.VolumeKmsKeyId),
          KeepAlivePeriodInSeconds: given('keepAliveSeconds', before.KeepAlivePeriodInSeconds),
        }),
      };
    });
  }

  /**
   * Stops the job after this many seconds of running (`StoppingCondition.MaxRuntimeInSeconds`).
   * Default 3600: the seed's guard against instances that never stop. At most 28 days.
   *
   * @example
   * ```ts
   * builder.maxRuntime(2 * 60 * 60);
   * ```
   */
  maxRuntime(seconds: number): TrainingJobBuilder {
    return this.#with((r) => ({ ...r, StoppingCondition: { ...r.StoppingCondition, MaxRuntimeInSeconds: seconds } }));
  }

  /**
   * Managed spot training: cheaper, may be interrupted. `maxWaitSeconds` (waiting for capacity
   * plus running) must be at least the max runtime; checkpoints let an interrupted job resume.
   *
   * @example
   * ```ts
   * builder.spot({ maxWaitSeconds: 7200, checkpointS3Uri: 's3://my-bucket/checkpoints/' });
   * ```
   */
  spot(options: SpotOptions): TrainingJobBuilder {
    return this.#with((r) => {
      const next: Request = {
        ...r,
        EnableManagedSpotTraining: true,
        StoppingCondition: { ...r.StoppingCondition, MaxWaitTimeInSeconds: options.maxWaitSeconds },
      };
      if (options.checkpointS3Uri !== undefined || options.checkpointLocalPath !== undefined) {
        next.CheckpointConfig = prune({ S3Uri: options.checkpointS3Uri as string, LocalPath: options.checkpointLocalPath });
      }
      return next;
    });
  }

  /**
   * Adds environment variables for the container, merging with those already set.
   *
   * @example
   * ```ts
   * builder.environment({ LOG_LEVEL: 'debug' });
   * ```
   */
  environment(values: Record<string, string>): TrainingJobBuilder {
    const checked = stringRecord('environment', values);
    return this.#with((r) => ({ ...r, Environment: { ...r.Environment, ...checked } }));
  }

  /**
   * Adds tags (a record here, the `Tags` list in the request), merging by key.
   *
   * @example
   * ```ts
   * builder.tags({ project: 'seismic-fcn', experiment: 'batch-sweep' });
   * ```
   */
  tags(values: Record<string, string>): TrainingJobBuilder {
    const checked = stringRecord('tags', values);
    return this.#with((r) => {
      const byKey = new Map<string, Tag>((r.Tags ?? []).map((t) => [t.Key as string, t]));
      for (const [Key, Value] of Object.entries(checked)) byKey.set(Key, { Key, Value });
      return { ...r, Tags: [...byKey.values()] };
    });
  }

  /**
   * Metrics SageMaker extracts from the training log with a regex (one capture group), shown in
   * the console and in `FinalMetricDataList`. Merges by name.
   *
   * @example
   * ```ts
   * builder.metricDefinitions({ 'train:loss': 'loss: ([0-9.]+)', 'val:accuracy': 'val_acc: ([0-9.]+)' });
   * ```
   */
  metricDefinitions(definitions: Record<string, string> | { name: string; regex: string }[]): TrainingJobBuilder {
    const list = Array.isArray(definitions)
      ? definitions.map((d) => ({ Name: d.name, Regex: d.regex }))
      : Object.entries(definitions).map(([Name, Regex]) => ({ Name, Regex }));
    return this.#with((r) => {
      const byName = new Map<string, MetricDefinition>(
        (r.AlgorithmSpecification?.MetricDefinitions ?? []).map((m) => [m.Name as string, m]),
      );
      for (const m of list) byName.set(m.Name, m);
      return { ...r, AlgorithmSpecification: { ...r.AlgorithmSpecification, MetricDefinitions: [...byName.values()] } as Spec };
    });
  }

  /**
   * Runs the job inside your VPC.
   *
   * @example
   * ```ts
   * builder.vpc({ subnets: ['subnet-0abc'], securityGroupIds: ['sg-0abc'] });
   * ```
   */
  vpc(options: VpcOptions): TrainingJobBuilder {
    return this.#with((r) => ({
      ...r,
      VpcConfig: { Subnets: [...options.subnets], SecurityGroupIds: [...options.securityGroupIds] },
    }));
  }

  /**
   * Lets SageMaker retry the job on internal errors, up to `maxAttempts` times (1-30).
   *
   * @example
   * ```ts
   * builder.retries(3);
   * ```
   */
  retries(maxAttempts: number): TrainingJobBuilder {
    return this.#with((r) => ({ ...r, RetryStrategy: { MaximumRetryAttempts: maxAttempts } }));
  }

  /**
   * Cuts the container off the network (no outbound calls; S3 channels still work).
   *
   * @example
   * ```ts
   * builder.networkIsolation();
   * ```
   */
  networkIsolation(enabled = true): TrainingJobBuilder {
    return this.#with((r) => ({ ...r, EnableNetworkIsolation: enabled }));
  }

  /**
   * Applies a function to this builder: how presets and reusable tweaks compose.
   *
   * @example
   * ```ts
   * const onG5 = (b: TrainingJobBuilder) => b.instance('ml.g5.xlarge', { volumeSizeInGB: 32 });
   * builder.apply(onG5);
   * ```
   */
  apply(fn: (builder: TrainingJobBuilder) => TrainingJobBuilder): TrainingJobBuilder {
    const result = fn(this);
    if (!(result instanceof TrainingJobBuilder)) {
      throw new TypeError('apply(fn): fn must return a TrainingJobBuilder');
    }
    return result;
  }

  /**
   * Every issue (errors and warnings) of the request as it stands, without throwing: the
   * request's own (`validateCreateTrainingJob`) and those of values a preset was given that the
   * request cannot show (`epochs: 0`). `options.allowFileUris` validates for local mode
   * (`file://` URIs stand for S3 URIs).
   *
   * @example
   * ```ts
   * for (const issue of builder.validate()) console.log(issue.severity, issue.path.join('.'), issue.message);
   * builder.validate({ allowFileUris: true }); // for createLocalClients
   * ```
   */
  validate(options?: ValidateOptions): ValidationIssue[] {
    return this.#issues(this.#snapshot(), options);
  }

  /**
   * Builds without throwing: `{ success: true, value, issues }` (issues then holds only
   * warnings) or `{ success: false, issues }`.
   *
   * @example
   * ```ts
   * const result = builder.safeBuild();
   * if (!result.success) console.error(result.issues);
   * ```
   */
  safeBuild(): SafeBuildResult {
    const value = this.#snapshot();
    const issues = this.#issues(value);
    return issues.some((i) => i.severity === 'error') ? { success: false, issues } : { success: true, value, issues };
  }

  /**
   * The validated CreateTrainingJob request: only the members that were set, plus the defaults,
   * in the API model's member order (as the AWS docs list them). Throws {@link ValidationError} listing every error. The result is a fresh, mutable copy.
   *
   * @example
   * ```ts
   * const request = builder.build();
   * ```
   */
  build(): CreateTrainingJobCommandInput {
    const result = this.safeBuild();
    if (!result.success) throw new ValidationError(result.issues);
    return result.value;
  }

  /**
   * Validates, then sends CreateTrainingJob with `client`. Same as `launchTrainingJob(client, builder, options)`.
   *
   * @example
   * ```ts
   * const { jobName, arn } = await builder.launch(clients.sagemaker);
   * ```
   */
  launch(client: SageMakerClient, options?: LaunchOptions): Promise<LaunchedTrainingJob> {
    return launchTrainingJob(client, this, options);
  }

  /**
   * The `aws sagemaker create-training-job` command that sends this request (not validated:
   * call `build()` first if you want that).
   *
   * @example
   * ```ts
   * console.log(builder.toAwsCliCommand());
   * ```
   */
  toAwsCliCommand(options?: Parameters<typeof toAwsCliCommand>[1]): string {
    return toAwsCliCommand(this.#snapshot(), options);
  }

  /** The request as it stands (unvalidated), for `JSON.stringify(builder)`. */
  toJSON(): CreateTrainingJobCommandInput {
    return this.#snapshot();
  }

  /** A short, readable summary for notebooks and logs. */
  toString(): string {
    const r = this.#request;
    const spec = r.AlgorithmSpecification;
    const rc = r.ResourceConfig;
    const hp = Object.entries(r.HyperParameters ?? {}).map(([k, v]) => `${k}=${v}`);
    const issues = this.validate();
    const errors = issues.filter((i) => i.severity === 'error');
    const warnings = issues.length - errors.length;
    const lines = [
      `TrainingJobBuilder ${r.TrainingJobName ?? '(no name)'}`,
      `  image:      ${spec?.TrainingImage ?? spec?.AlgorithmName ?? '(none)'} (${spec?.TrainingInputMode ?? 'no input mode'})`,
      `  instance:   ${rc?.InstanceType ?? '(none)'} x ${rc?.InstanceCount ?? '?'}${rc?.VolumeSizeInGB ? `, ${rc.VolumeSizeInGB} GB` : ''}`,
      `  hyper:      ${hp.length ? hp.join(' ') : '(none)'}`,
      `  channels:   ${(r.InputDataConfig ?? []).map((c) => c.ChannelName).join(', ') || '(none)'}`,
      `  output:     ${r.OutputDataConfig?.S3OutputPath ?? '(none)'}`,
      `  maxRuntime: ${r.StoppingCondition?.MaxRuntimeInSeconds ?? '(none)'} s${r.EnableManagedSpotTraining ? `, spot (max wait ${r.StoppingCondition?.MaxWaitTimeInSeconds ?? '?'} s)` : ''}`,
      `  valid:      ${errors.length === 0 ? 'yes' : `no, ${errors.length} error${errors.length === 1 ? '' : 's'}`}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`,
    ];
    if (issues.length) lines.push(formatIssues(issues).replace(/^/gm, '    '));
    return lines.join('\n');
  }

  /** Node's `util.inspect` (and so notebooks and the REPL) shows {@link TrainingJobBuilder.toString}. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  /** A fresh, mutable, pruned copy of the request, members in the API model's order. */
  #snapshot(): Request {
    return canonicalOrder(prune(deepClone(this.#request)));
  }
}

/**
 * `builder` with `issues` about what a preset was given (an `epochs` of 0 in a hyperparameter, a
 * volume of 0 GB) that the API model cannot find in the request. They are reported by
 * `validate()`, `safeBuild()` and `build()` like the request's own, and each lasts while the
 * member at its `path` keeps the value it had: setting that member again (`hyperParameters({ epochs: 5 })`)
 * clears it. A request (`toJSON()`, `TrainingJobBuilder.from`) does not carry them. Internal (presets).
 *
 * @example
 * ```ts
 * builder = withInputIssues(builder, [{ path: ['HyperParameters', 'epochs'], code: 'min_value', severity: 'error', message: 'epochs must be a whole number >= 1', value: 0 }]);
 * ```
 */
export function withInputIssues(builder: TrainingJobBuilder, issues: readonly ValidationIssue[]): TrainingJobBuilder {
  return issues.length === 0 ? builder : addInputIssues(builder, issues);
}

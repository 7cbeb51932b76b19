/**
 * The shapes of a sweep file: the JSON form as written, and what {@link loadSweepFile} makes of
 * it (or of a module). Types only.
 *
 * @module
 */
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import type { SweepPlan } from './SweepPlan';

/** The presets a JSON sweep file can name in `"preset"`. */
export type SweepFilePreset = 'mnistCnn' | 'cifarResnet50' | 'seismicFcn';

/**
 * A JSON sweep file's `"options"`: a preset's options (`PresetOptions`), plus `trainingData` for
 * `seismicFcn`. No `name`: the sweep names its jobs.
 */
export interface SweepFilePresetOptions {
  /** The training image in ECR, e.g. `<account>.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest`. */
  image: string;
  /** The IAM execution role ARN. */
  role: string;
  /** Where SageMaker writes the output, e.g. `s3://my-bucket/`. */
  outputPath: string;
  /** Hyperparameter `batch-size` (a `matrix.batchSize` axis overrides it). */
  batchSize?: number;
  /** Hyperparameter `epochs` (a `matrix.epochs` axis overrides it). */
  epochs?: number;
  /** Instance type; each preset has its own default (a `matrix.instanceType` axis overrides it). */
  instanceType?: string;
  /** Number of instances; default 1 (a `matrix.instanceCount` axis overrides it). */
  instanceCount?: number;
  /** ML storage volume in GB; default 16. */
  volumeSizeInGB?: number;
  /** Stop each job after this many seconds; default 3600. */
  maxRuntimeSeconds?: number;
  /** `seismicFcn` only (and required there): the S3 URI of the training data. */
  trainingData?: string;
}

/**
 * One entry of a sweep file's `"exclude"`: a partial cell. A cell that matches every field the
 * entry gives is dropped (hyperparameters compared as strings, as SageMaker takes them).
 */
export interface SweepFileExclude {
  /** Matches cells of this instance type. */
  instanceType?: string;
  /** Matches cells of this instance count. */
  instanceCount?: number;
  /** Matches cells of this batch size. */
  batchSize?: number;
  /** Matches cells of these epochs. */
  epochs?: number;
  /** Values of the matrix's hyperparameter axes. */
  hyperParameters?: Record<string, string | number | boolean>;
}

/**
 * A sweep file's `"local"` (or a module's `export const local`): how `--local` runs the jobs on
 * this machine. Paths are relative to the sweep file's directory.
 */
export interface SweepFileLocal {
  /** The process runtime's command for every job (no shell); an argument naming a file next to the sweep file becomes its absolute path. */
  command?: string[];
  /** `process`, `docker` or `auto` (default; see `LocalSageMakerClient`). `process` needs `command`. */
  runtime?: 'auto' | 'process' | 'docker';
  /** Seconds between SIGTERM and SIGKILL when a job is stopped (default 120). */
  stopGraceSeconds?: number;
  /** Where local jobs live (default: the user cache directory). */
  workDir?: string;
  /** In local mode, replaces every job's S3 output path: a directory path or a `file:///` URI. */
  outputPath?: string;
  /** In local mode, replaces the URI of each named channel: `{ "training": "data/" }`. */
  channels?: Record<string, string>;
}

/** The JSON form of a sweep file (schema: `sagemaker-bench/sweep-file.schema.json`). */
export interface SweepFileJson {
  /** The schema, for editors (ignored). */
  $schema?: string;
  /** The sweep's id: 1-24 lowercase letters, digits and hyphens; the start of every job name, and what resumes it. */
  name: string;
  /** The model, for job names: `resnet50`, `cnn`, `fcn`. */
  model: string;
  /** With `options`; or give `request` instead. */
  preset?: SweepFilePreset;
  /** The preset's options, with `preset`. */
  options?: SweepFilePresetOptions;
  /** A CreateTrainingJob request every cell is branched from, instead of `preset` + `options`. */
  request?: CreateTrainingJobCommandInput;
  /** The axes of the sweep: every combination of their values is a cell. An axis left out keeps the base job's value. */
  matrix: {
    /** Instance types to try. */
    instanceType?: string[];
    /** Instance counts to try. */
    instanceCount?: number[];
    /** Batch sizes to try: each sets the hyperparameter the base uses for it (`batch-size` when it has none). */
    batchSize?: number[];
    /** Epochs to try: each sets the hyperparameter the base uses for it (`epochs` when it has none). */
    epochs?: number[];
    /** Any other hyperparameter: each key an axis of its own. */
    hyperParameters?: Record<string, (string | number | boolean)[]>;
  };
  /** Runs of every cell (default 1). */
  repeats?: number;
  /** Cells to drop: a cell that matches every field of an entry is left out. */
  exclude?: SweepFileExclude[];
  /** The region of the cost estimates (default us-east-1). */
  region?: string;
  /** Refuse to start when the plan's worst case is over this many USD (`runSweep`'s `budgetUsd`). */
  budgetUsd?: number;
  /** At most this many jobs at once, or so many of each instance type (`runSweep`'s `maxConcurrent`). */
  maxConcurrent?: number | Record<string, number>;
  /** How `--local` runs the jobs on this machine. */
  local?: SweepFileLocal;
}

/**
 * What local mode needs to run a sweep file's jobs, resolved against the file's directory: pass
 * it to `createLocalClients({ ...file.local })`.
 */
export interface LocalSweepOptions {
  /** The process runtime's command, paths of files next to the sweep file made absolute. */
  command?: string[];
  /** `process`, `docker` or `auto` (see `LocalSageMakerClient`). */
  runtime?: 'auto' | 'process' | 'docker';
  /** Seconds between SIGTERM and SIGKILL when a job is stopped. */
  stopGraceSeconds?: number;
  /** Absolute. */
  workDir?: string;
}

/** A loaded sweep file: its plan and the run settings it carries. Frozen. */
export interface SweepFile {
  /** The file, absolute. */
  path: string;
  /** The plan (validated for local mode, with the `local` paths in place, when loaded with `{ local: true }`). */
  plan: SweepPlan;
  /** The file's `local` settings, resolved; undefined when it has none. */
  local?: LocalSweepOptions;
  /** The file's `budgetUsd`, for `runSweep`. */
  budgetUsd?: number;
  /** The file's `maxConcurrent`, for `runSweep`. */
  maxConcurrent?: number | Record<string, number>;
}

/**
 * Where local mode keeps its jobs (`workDir`) and writes their artifacts (`outputPath`) when a
 * sweep file's `local` section does not say: paths relative to the current directory (or a
 * `file:///` URI for `outputPath`). An option of {@link loadSweepFile} and {@link parseSweepFile}.
 *
 * @example
 * ```ts
 * import { loadSweepFile } from 'sagemaker-bench';
 *
 * const file = await loadSweepFile('digits.sweep.json', {
 *   local: true,
 *   localDefaults: { workDir: 'sweep-report/work', outputPath: 'sweep-report/output/' },
 * });
 * ```
 */
export interface SweepFileLocalDefaults {
  /** Where local jobs live, when the sweep file's `local.workDir` does not say. */
  workDir?: string;
  /**
   * Where local jobs write their artifacts (a directory path or a `file:///` URI), when the sweep file's `local.outputPath` does not say.
   */
  outputPath?: string;
}

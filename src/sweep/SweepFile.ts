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
  image: string;
  role: string;
  outputPath: string;
  batchSize?: number;
  epochs?: number;
  instanceType?: string;
  instanceCount?: number;
  volumeSizeInGB?: number;
  maxRuntimeSeconds?: number;
  /** `seismicFcn` only (and required there): the S3 URI of the training data. */
  trainingData?: string;
}

/**
 * One entry of a sweep file's `"exclude"`: a partial cell. A cell that matches every field the
 * entry gives is dropped (hyperparameters compared as strings, as SageMaker takes them).
 */
export interface SweepFileExclude {
  instanceType?: string;
  instanceCount?: number;
  batchSize?: number;
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
  name: string;
  model: string;
  /** With `options`; or give `request` instead. */
  preset?: SweepFilePreset;
  options?: SweepFilePresetOptions;
  /** A CreateTrainingJob request every cell is branched from, instead of `preset` + `options`. */
  request?: CreateTrainingJobCommandInput;
  matrix: {
    instanceType?: string[];
    instanceCount?: number[];
    batchSize?: number[];
    epochs?: number[];
    hyperParameters?: Record<string, (string | number | boolean)[]>;
  };
  repeats?: number;
  exclude?: SweepFileExclude[];
  /** The region of the cost estimates (default us-east-1). */
  region?: string;
  budgetUsd?: number;
  maxConcurrent?: number | Record<string, number>;
  local?: SweepFileLocal;
}

/**
 * What local mode needs to run a sweep file's jobs, resolved against the file's directory: pass
 * it to `createLocalClients({ ...file.local })`.
 */
export interface LocalSweepOptions {
  /** The process runtime's command, paths of files next to the sweep file made absolute. */
  command?: string[];
  runtime?: 'auto' | 'process' | 'docker';
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
  workDir?: string;
  outputPath?: string;
}

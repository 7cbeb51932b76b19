/**
 * The JSON form of a sweep file, checked and planned: the pure half of {@link loadSweepFile}.
 *
 * @module
 */
import { isAbsolute, resolve } from 'node:path';
import { TrainingJobBuilder } from '../builder/TrainingJobBuilder';
import { SweepFileError, type ValidationIssue } from '../errors';
import { deepFreeze } from '../internal/deepFreeze';
import { cifarResnet50 } from '../presets/cifarResnet50';
import { mnistCnn } from '../presets/mnistCnn';
import { seismicFcn } from '../presets/seismicFcn';
import { defineSweep, type SweepMatrix } from './defineSweep';
import { checkSweepFileJson } from './internal/checkSweepFileJson';
import { closestKey } from './internal/closestKey';
import { Issues, isObject } from './internal/fieldChecks';
import { channelNames, checkLocalChannels, resolveLocal, withLocalPaths, type ResolvedLocal } from './internal/sweepFileLocal';
import type { SweepFile, SweepFileExclude, SweepFileJson, SweepFileLocalDefaults } from './SweepFile';
import type { SweepCell } from './SweepPlan';

/**
 * The codes of a {@link SweepFileError}'s issues. Shape codes (what the JSON Schema checks too):
 * `required`, `invalid_type`, `not_integer`, `min_value`, `max_value`, `min_length`,
 * `max_length`, `pattern`, `enum`, `min_items`, `duplicate`, `unknown_field`, `conflict`,
 * `reserved_key`. Checks the schema cannot make: `unknown_axis` (an exclude entry's
 * hyperparameter that is not an axis), `unknown_channel` (a `local.channels` name no job has),
 * `invalid_sweep` (defineSweep refused the definition). Of the file itself: `file_not_found`,
 * `unsupported_extension`, `json_syntax` (with line and column), `module_error` (the module
 * threw while loading), `not_a_plan` (its default export is not a plan).
 *
 * @example
 * ```ts
 * try {
 *   await loadSweepFile('resnet.sweep.json');
 * } catch (error) {
 *   if (error instanceof SweepFileError) for (const issue of error.issues) console.error(issue.code, formatPath(issue.path), issue.message);
 * }
 * ```
 */
export const SWEEP_FILE_ISSUE_CODES = [
  'required',
  'invalid_type',
  'not_integer',
  'min_value',
  'max_value',
  'min_length',
  'max_length',
  'pattern',
  'enum',
  'min_items',
  'duplicate',
  'unknown_field',
  'conflict',
  'reserved_key',
  'unknown_axis',
  'unknown_channel',
  'invalid_sweep',
  'file_not_found',
  'unsupported_extension',
  'json_syntax',
  'module_error',
  'not_a_plan',
] as const;

/** One of {@link SWEEP_FILE_ISSUE_CODES}. */
export type SweepFileIssueCode = (typeof SWEEP_FILE_ISSUE_CODES)[number];

/** Options of {@link parseSweepFile}. */
export interface ParseSweepFileOptions {
  /** The file the JSON came from: named in errors, and `SweepFile.path` (made absolute). */
  path: string;
  /** The directory `local`'s relative paths are relative to: the file's own. */
  baseDir: string;
  /**
   * Plan for local mode: `local.outputPath` and `local.channels` replace the jobs' S3 URIs, and
   * `file:///` URIs are valid where S3 URIs are.
   */
  local?: boolean;
  /**
   * With `local: true`, the `workDir` and `outputPath` to use when the file's `local` section
   * does not give them (paths relative to the current directory): a command line puts a
   * rehearsal's files in its report folder this way.
   */
  localDefaults?: SweepFileLocalDefaults;
  /** Whether a path names a file (default: the file system's answer); what turns `command` arguments absolute. */
  isFile?: (absolutePath: string) => boolean;
}

const PRESETS = { mnistCnn, cifarResnet50, seismicFcn } as const;

function checkOptions(options: ParseSweepFileOptions): void {
  if (options === null || typeof options !== 'object') throw new TypeError('parseSweepFile: expected options { path, baseDir, local? }');
  if (typeof options.path !== 'string' || options.path === '') throw new TypeError('parseSweepFile: path must be the sweep file\'s path');
  if (typeof options.baseDir !== 'string' || options.baseDir === '') throw new TypeError('parseSweepFile: baseDir must be a directory');
  if (options.isFile !== undefined && typeof options.isFile !== 'function') throw new TypeError('parseSweepFile: isFile must be a function');
}

/** A cell matches an entry when it has every value the entry gives. */
function matches(cell: SweepCell, entry: SweepFileExclude): boolean {
  if (entry.instanceType !== undefined && cell.instanceType !== entry.instanceType) return false;
  if (entry.instanceCount !== undefined && cell.instanceCount !== entry.instanceCount) return false;
  if (entry.batchSize !== undefined && cell.batchSize !== entry.batchSize) return false;
  if (entry.epochs !== undefined && cell.epochs !== entry.epochs) return false;
  return Object.entries(entry.hyperParameters ?? {}).every(([key, value]) => cell.hyperParameters[key] === String(value));
}

/** `unknown_axis` for each exclude entry's hyperparameter that is not an axis of the matrix. */
function checkExcludeAxes(issues: Issues, file: SweepFileJson): void {
  const axes = Object.keys(file.matrix.hyperParameters ?? {});
  (file.exclude ?? []).forEach((entry, i) => {
    for (const key of Object.keys(entry.hyperParameters ?? {})) {
      if (axes.includes(key)) continue;
      const near = closestKey(key, axes);
      const have = axes.length === 0 ? 'the matrix has no hyperParameters axes' : `the axes are ${axes.map((a) => JSON.stringify(a)).join(', ')}`;
      issues.add(['exclude', i, 'hyperParameters', key], 'unknown_axis', `${JSON.stringify(key)} is not a hyperparameter axis of the matrix, so no cell has it; ${near ? `did you mean ${JSON.stringify(near)}?` : have}`);
    }
  });
}

/** The message of an error thrown while planning. */
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Checks a sweep file's JSON (already parsed) and plans it: the pure half of
 * {@link loadSweepFile}, for JSON that comes from elsewhere than a file.
 *
 * The JSON form is `{ "$schema"?, "name", "model", "preset" + "options" | "request", "matrix",
 * "repeats"?, "exclude"?, "region"?, "budgetUsd"?, "maxConcurrent"?, "local"? }` (see
 * {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/sweep-files.md | docs/sweep-files.md} and the JSON Schema
 * `sagemaker-bench/sweep-file.schema.json`). A file that
 * cannot be planned throws one {@link SweepFileError} with every issue at once, each with the
 * path of its field: unknown fields (with the closest known one: `"matrx" is not a field; did
 * you mean "matrix"?`), wrong types (what was expected, what was got), missing fields. The jobs'
 * own validation issues do not throw: they are in `plan.issues`, as from `defineSweep`.
 *
 * With `local: true`, `local.outputPath` and `local.channels` (paths relative to `baseDir`, or
 * `file:///` URIs) replace the jobs' S3 output path and channel URIs, so a file written for
 * SageMaker rehearses on this machine; without them the S3 URIs stay. `SweepFile.local` holds
 * what `createLocalClients` needs, `command` arguments naming files in `baseDir` made absolute.
 *
 * @throws {SweepFileError} listing every issue of the file.
 *
 * @example
 * ```ts
 * import { createLocalClients, parseSweepFile, runSweep } from 'sagemaker-bench';
 *
 * const file = parseSweepFile(
 *   {
 *     name: 'resnet-p3',
 *     model: 'resnet50',
 *     preset: 'cifarResnet50',
 *     options: { image, role, outputPath: 's3://my-bucket/', epochs: 5 },
 *     matrix: { instanceType: ['ml.p3.2xlarge', 'ml.p3.8xlarge'], batchSize: [256, 512] },
 *     local: { command: ['python3', 'train.py'], outputPath: 'out/' },
 *   },
 *   { path: 'sweeps/resnet.sweep.json', baseDir: 'sweeps', local: true },
 * );
 * file.plan.jobs.length; // 4
 * await runSweep(file.plan, { clients: createLocalClients({ ...file.local }) });
 * ```
 */
export function parseSweepFile(json: unknown, options: ParseSweepFileOptions): SweepFile {
  checkOptions(options);
  const local = options.local === true;
  const issues = new Issues();
  const file = checkSweepFileJson(issues, structuredCloneJson(json));
  if (file === undefined) throw new SweepFileError(options.path, issues.list);

  checkExcludeAxes(issues, file);
  let base: TrainingJobBuilder;
  try {
    base = file.request !== undefined ? TrainingJobBuilder.from(file.request) : PRESETS[file.preset!](file.options as Parameters<typeof seismicFcn>[0]);
  } catch (error) {
    throw invalidSweep(options.path, [...issues.list], error);
  }
  let resolved: ResolvedLocal | undefined;
  if (file.local !== undefined || (local && options.localDefaults !== undefined)) {
    resolved = resolveLocal(file.local ?? {}, resolve(options.baseDir), options.isFile, local ? options.localDefaults : undefined);
    checkLocalChannels(issues, channelNames(base.toJSON()), file.local?.channels, ['local']);
  }
  if (issues.size > 0) throw new SweepFileError(options.path, issues.list);

  if (local && resolved !== undefined && (resolved.outputPath !== undefined || resolved.channels !== undefined)) {
    base = TrainingJobBuilder.from(withLocalPaths(base.toJSON(), resolved));
  }
  const exclude = file.exclude ?? [];
  let plan;
  try {
    plan = defineSweep({
      name: file.name,
      model: file.model,
      base,
      matrix: file.matrix as SweepMatrix,
      ...(file.repeats !== undefined ? { repeats: file.repeats } : {}),
      ...(exclude.length > 0 ? { exclude: (cell: SweepCell) => exclude.some((entry) => matches(cell, entry)) } : {}),
      ...(file.region !== undefined ? { region: file.region } : {}),
      local,
    });
  } catch (error) {
    throw invalidSweep(options.path, [], error);
  }

  const out: SweepFile = { path: isAbsolute(options.path) ? options.path : resolve(options.path), plan };
  if (resolved !== undefined) out.local = resolved.options;
  if (file.budgetUsd !== undefined) out.budgetUsd = file.budgetUsd;
  if (file.maxConcurrent !== undefined) out.maxConcurrent = file.maxConcurrent;
  return deepFreeze(out);
}

/** A SweepFileError for an error the planning threw (a TypeError of defineSweep or of a preset). */
function invalidSweep(path: string, issues: ValidationIssue[], error: unknown): SweepFileError {
  if (!(error instanceof TypeError || error instanceof RangeError)) throw error;
  return new SweepFileError(path, [...issues, { path: [], code: 'invalid_sweep', message: messageOf(error), severity: 'error' }], { cause: error });
}

/** A copy of JSON data (plain objects, arrays, strings, numbers, booleans, null), so the plan shares nothing with the caller's object; `undefined` fields dropped. */
function structuredCloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(structuredCloneJson);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue; // a field set to undefined (from code, not JSON) is a field left out
      // Own "__proto__" keys (JSON.parse makes them) stay data, not the prototype.
      Object.defineProperty(out, key, { value: structuredCloneJson(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

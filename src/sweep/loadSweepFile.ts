/**
 * Sweep files: a sweep's definition in a file, the JSON form or a module, loaded as a plan.
 *
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { MissingPeerDependencyError, SweepFileError } from '../errors';
import { importSweepModule, NATIVE_MODULE_EXTENSIONS, TYPESCRIPT_EXTENSIONS } from './internal/importSweepModule';
import { parseJsonText } from './internal/parseJsonText';
import { sweepFileFromModule } from './internal/sweepFileFromModule';
import { parseSweepFile } from './parseSweepFile';
import type { SweepFile, SweepFileLocalDefaults } from './SweepFile';

/** Options of {@link loadSweepFile}. */
export interface LoadSweepFileOptions {
  /**
   * Load for local mode: `local.outputPath` and `local.channels` replace the jobs' S3 URIs, and
   * the jobs are validated with `file:///` URIs allowed.
   */
  local?: boolean;
  /**
   * With `local: true`, the `workDir` and `outputPath` to use when the file's `local` section
   * does not give them (paths relative to the current directory).
   */
  localDefaults?: SweepFileLocalDefaults;
}

const EXTENSIONS = ['.json', ...NATIVE_MODULE_EXTENSIONS, ...TYPESCRIPT_EXTENSIONS] as const;

function fileIssue(path: string, code: string, message: string, cause?: unknown): SweepFileError {
  return new SweepFileError(path, [{ path: [], code, message, severity: 'error' }], cause === undefined ? undefined : { cause });
}

/** An error as one line for an issue: `RangeError: message`, line breaks (a require stack, a code frame) folded, cut at 300 characters. */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  const folded = text.replace(/\s*\n\s*/g, ' ').trim();
  return folded.length > 300 ? `${folded.slice(0, 299)}…` : folded;
}

/** The error of a file that cannot be read: not there, or a directory. Anything else is thrown as it is. */
function unreadable(path: string, absolute: string, error: unknown): SweepFileError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return fileIssue(path, 'file_not_found', `no such file: ${absolute}`, error);
  if (code === 'EISDIR') return fileIssue(path, 'file_not_found', `${absolute} is a directory, not a sweep file`, error);
  throw error;
}

/**
 * Loads a sweep file: a `.json` file of the JSON form (see {@link parseSweepFile} and
 * {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/sweep-files.md | docs/sweep-files.md}), or a module whose default export is a `defineSweep()` plan, with
 * optional named exports `local`, `budgetUsd` and `maxConcurrent` (the JSON form's fields).
 * `.mjs`, `.js` and `.cjs` modules are imported natively; `.ts`, `.mts` and `.cts` with
 * [jiti](https://github.com/unjs/jiti), an optional peer dependency (`npm install jiti`), or
 * natively on a Node that strips types itself.
 *
 * Relative paths in the file (`local.command`, `local.workDir`, `local.outputPath`,
 * `local.channels`) are relative to the file's directory. With `{ local: true }` the plan is
 * the one local mode runs: `local.outputPath` and `local.channels` in place of the jobs' S3
 * URIs, validated with `file:///` URIs allowed. A module's plan is validated again for the mode
 * it is loaded for (its jobs' issues are in `plan.issues`, as from `defineSweep`).
 *
 * @throws {SweepFileError} every issue of the file at once: a missing file, a JSON syntax error
 * (with its line and column), unknown or mistyped fields, a module that throws or whose default
 * export is not a plan.
 * @throws {MissingPeerDependencyError} for a TypeScript sweep file when jiti is not installed.
 *
 * @example
 * ```ts
 * import { createLocalClients, formatIssues, loadSweepFile, runSweep } from 'sagemaker-bench';
 *
 * const file = await loadSweepFile('examples/sweep/digits.sweep.json', { local: true });
 * if (file.plan.issues.some((issue) => issue.severity === 'error')) throw new Error(formatIssues(file.plan.issues));
 * const result = await runSweep(file.plan, {
 *   clients: createLocalClients({ ...file.local }),
 *   ...(file.budgetUsd !== undefined ? { budgetUsd: file.budgetUsd } : {}),
 *   ...(file.maxConcurrent !== undefined ? { maxConcurrent: file.maxConcurrent } : {}),
 * });
 * ```
 */
export async function loadSweepFile(path: string, options: LoadSweepFileOptions = {}): Promise<SweepFile> {
  if (typeof path !== 'string' || path === '') throw new TypeError('loadSweepFile: path must be the path of a sweep file');
  if (options === null || typeof options !== 'object') throw new TypeError('loadSweepFile: options must be an object { local? }');
  const local = options.local === true;
  const absolute = resolve(path);
  const baseDir = dirname(absolute);
  const extension = extname(absolute).toLowerCase();
  if (!(EXTENSIONS as readonly string[]).includes(extension)) {
    throw fileIssue(path, 'unsupported_extension', `a sweep file is a .json file or a module (${EXTENSIONS.filter((e) => e !== '.json').join(', ')}), not ${extension === '' ? 'a file without an extension' : `a ${extension} file`}`);
  }

  if (extension === '.json') {
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (error) {
      throw unreadable(path, absolute, error);
    }
    const parsed = parseJsonText(text);
    if (!parsed.ok) {
      const { line, column, message } = parsed.problem;
      throw fileIssue(path, 'json_syntax', `not valid JSON at line ${line}, column ${column}: ${message}`);
    }
    return parseSweepFile(parsed.value, { path, baseDir, local, ...(options.localDefaults === undefined ? {} : { localDefaults: options.localDefaults }) });
  }

  try {
    if (!(await stat(absolute)).isFile()) throw Object.assign(new Error(`EISDIR: ${absolute}`), { code: 'EISDIR' });
  } catch (error) {
    throw unreadable(path, absolute, error);
  }
  let exports: Record<string, unknown>;
  try {
    exports = await importSweepModule(absolute);
  } catch (error) {
    if (error instanceof MissingPeerDependencyError) throw error;
    throw fileIssue(path, 'module_error', `the module threw while loading: ${oneLine(error)}`, error);
  }
  return sweepFileFromModule(exports, { path, absolutePath: absolute, baseDir, local, localDefaults: options.localDefaults });
}

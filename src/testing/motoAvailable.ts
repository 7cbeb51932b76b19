/**
 * Whether moto can be started here, to skip tests that need it. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/testing.md | docs/testing.md}.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';
import { pythonFor } from './internal/python';

/**
 * What {@link motoAvailable} found: `ok`, or why not (`reason` says what to install).
 *
 * @example
 * ```ts
 * import { motoAvailable, type MotoAvailability } from 'sagemaker-bench/testing';
 *
 * const moto: MotoAvailability = motoAvailable();
 * console.log(moto.ok ? 'moto is here' : moto.reason);
 * ```
 */
export type MotoAvailability =
  | {
      /** moto can be started. */
      ok: true;
    }
  | {
      /** moto cannot be started. */
      ok: false;
      /** What is missing and how to install it, as {@link MotoNotAvailableError} says it. */
      reason: string;
    };

/**
 * Options of {@link motoAvailable} and `startMoto`.
 *
 * @example
 * ```ts
 * import { motoAvailable } from 'sagemaker-bench/testing';
 *
 * const inVenv = motoAvailable({ python: '.venv/bin/python' });
 * ```
 */
export interface MotoAvailableOptions {
  /**
   * The Python interpreter to run moto with: a command on the PATH or a path, e.g.
   * `'.venv/bin/python'`. Default: the `SAGEMAKER_BENCH_PYTHON` environment variable, else `python3`.
   */
  python?: string;
}

const cache = new Map<string, MotoAvailability>();

/**
 * Whether `python3 -c 'import moto.server'` works here, i.e. whether `startMoto()` can start
 * moto. Never throws: `{ ok: false, reason }` says what is missing and names
 * `pip install "moto[server]"`. Checked once per interpreter and process (about 0.5 s the
 * first time), then cached, so calling it at the top of every test file is cheap.
 *
 * Works with every test runner: skip a suite with it in vitest (`describe.skipIf`), jest
 * (`(ok ? describe : describe.skip)`) or node:test (`{ skip: reason }`).
 *
 * @example
 * ```ts
 * import { describe } from 'vitest';
 * import { motoAvailable } from 'sagemaker-bench/testing';
 *
 * const moto = motoAvailable();
 * if (!moto.ok) console.warn(`skipping: ${moto.reason}`);
 * describe.skipIf(!moto.ok)('my script against moto', () => {
 *   // ...
 * });
 * ```
 */
export function motoAvailable(options: MotoAvailableOptions = {}): MotoAvailability {
  const python = pythonFor(options.python);
  const known = cache.get(python);
  if (known !== undefined) return known;
  const result = spawnSync(python, ['-c', 'import moto.server'], { encoding: 'utf8', timeout: 30_000 });
  let answer: MotoAvailability;
  if (result.error !== undefined) {
    answer = { ok: false, reason: `${python} could not be run (${result.error.message}); install Python 3 and \`pip install "moto[server]"\`` };
  } else if (result.status !== 0) {
    const detail = (result.stderr ?? '').trim().split('\n').slice(-1)[0] ?? '';
    answer = { ok: false, reason: `\`${python} -c 'import moto.server'\` failed (${detail || `exit ${result.status}`}); run \`pip install "moto[server]"\`` };
  } else {
    answer = { ok: true };
  }
  cache.set(python, answer);
  return answer;
}

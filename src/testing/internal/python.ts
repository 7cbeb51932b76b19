/** The Python interpreter sagemaker-bench/testing runs moto with. Internal. */

/** The environment variable naming the Python interpreter to run moto with (default `python3`). */
export const PYTHON_ENV = 'SAGEMAKER_BENCH_PYTHON';

/** The `python` option, else `SAGEMAKER_BENCH_PYTHON`, else `python3`; read at each call. */
export function pythonFor(python: string | undefined): string {
  if (python !== undefined) {
    if (typeof python !== 'string' || python === '') throw new TypeError(`python must be a non-empty string (a command or a path), got ${JSON.stringify(python)}`);
    return python;
  }
  const fromEnv = process.env[PYTHON_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : 'python3';
}

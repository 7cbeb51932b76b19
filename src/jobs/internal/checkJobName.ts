import { InvalidJobNameError } from '../../errors';

/** TrainingJobName as the API model defines it: 1-63 characters, `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`. */
const JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/**
 * Throws {@link InvalidJobNameError} for a name SageMaker could never accept (so no request is
 * sent for it), saying what is wrong with it. Internal.
 *
 * @example
 * ```ts
 * checkJobName(jobName); // before DescribeTrainingJob, StopTrainingJob, a log look-up, ...
 * ```
 */
/** Whether `name` is a valid TrainingJobName (the API's pattern, matched whole). */
export function isValidJobName(name: string): boolean {
  return JOB_NAME.test(name);
}

export function checkJobName(name: unknown): asserts name is string {
  if (typeof name !== 'string') throw new InvalidJobNameError(name, `expected a string, got ${name === null ? 'null' : typeof name}`);
  if (JOB_NAME.test(name)) return;
  let reason: string;
  if (name === '') reason = 'it is empty';
  else if (name.length > 63) reason = `it is ${name.length} characters long`;
  else if (name.startsWith('-') || name.endsWith('-')) reason = 'it starts or ends with a hyphen';
  else {
    const bad = [...name].find((ch) => !/[a-zA-Z0-9-]/.test(ch)) ?? '';
    reason = `${JSON.stringify(bad)} is not allowed`;
  }
  throw new InvalidJobNameError(name, reason);
}

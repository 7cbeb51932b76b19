/**
 * Whether a module's default export is a plan from defineSweep (by its shape: the module may
 * have its own copy of sagemaker-bench). Internal.
 *
 * @module
 */
import type { SweepPlan } from '../SweepPlan';
import { got, isObject } from './fieldChecks';

/**
 * Why `value` is not a {@link SweepPlan}, in words for the user (`the default export is a
 * function ...`), or undefined when it is one.
 *
 * @example
 * ```ts
 * planShapeProblem(defineSweep({ ... })); // undefined
 * planShapeProblem(() => plan);           // 'the default export is a function, ...'
 * ```
 */
export function planShapeProblem(value: unknown): string | undefined {
  const expected = 'export default defineSweep({ name, model, base, matrix })';
  if (value === undefined) return `the module has no default export (expected ${expected})`;
  if (typeof value === 'function') {
    return `the default export is a function${value.name ? ` (${value.name})` : ''}, not a plan: export what defineSweep() returns (${expected})`;
  }
  if (isObject(value) && typeof (value as { then?: unknown }).then === 'function') {
    return `the default export is a promise, not a plan: export default await ... , or ${expected}`;
  }
  if (!isObject(value)) return `the default export is ${got(value)}, not a plan (expected ${expected})`;
  if (typeof value['build'] === 'function' && typeof value['toJSON'] === 'function') {
    return `the default export is a TrainingJobBuilder, not a plan: give it to defineSweep as base (${expected})`;
  }
  if ('base' in value && 'matrix' in value && !('jobs' in value)) {
    return `the default export looks like defineSweep's options, not a plan: ${expected}`;
  }
  const missing: string[] = [];
  for (const key of ['name', 'model', 'region', 'namePrefix'] as const) if (typeof value[key] !== 'string') missing.push(key);
  if (!Array.isArray(value['issues'])) missing.push('issues');
  if (!Array.isArray(value['jobs'])) missing.push('jobs');
  else {
    const bad = value['jobs'].findIndex(
      (job: unknown) => !isObject(job) || typeof job['jobName'] !== 'string' || !isObject(job['cell']) || !isObject(job['request']) || !isObject(job['cost']),
    );
    if (bad >= 0) return `the default export's jobs[${bad}] is not a planned job { jobName, cell, request, cost }: export what defineSweep() returns (${expected})`;
  }
  if (missing.length > 0) return `the default export is an object without ${missing.join(', ')}, not a plan (expected ${expected})`;
  return undefined;
}

/** Whether `value` has the shape of a {@link SweepPlan}. */
export function isSweepPlan(value: unknown): value is SweepPlan {
  return planShapeProblem(value) === undefined;
}

import { TrainingJobBuilder, withInputIssues } from '../builder/TrainingJobBuilder';
import type { ValidationIssue } from '../errors';
import type { PresetOptions } from './PresetOptions';

/** The hyperparameter each counting option of a preset goes to. */
const HYPERPARAMETERS = { batchSize: 'batch-size', epochs: 'epochs' } as const;

/**
 * The issue of a counting option (`batchSize`, `epochs`) that is not a whole number >= 1, at
 * the hyperparameter it goes to (`value`: what the request holds there); the codes of the sweep
 * files' check of the same options.
 */
function countIssue(option: keyof typeof HYPERPARAMETERS, value: unknown): ValidationIssue | undefined {
  const key = HYPERPARAMETERS[option];
  const rule = `${option} (hyperparameter ${key}) must be a whole number >= 1`;
  const issue = (code: string, message: string): ValidationIssue => ({ path: ['HyperParameters', key], code, message, severity: 'error', value: String(value) });
  if (typeof value !== 'number') return issue('invalid_type', `${rule}, not ${value === null ? 'null' : `a ${typeof value}`}`);
  if (!Number.isSafeInteger(value)) return issue('not_integer', rule);
  if (value < 1) return issue('min_value', rule);
  return undefined;
}

/** The seed's common settings, shared by the three presets. Internal. */
export function basePreset(options: PresetOptions, defaultInstanceType: string): TrainingJobBuilder {
  if (options === null || typeof options !== 'object') throw new TypeError('A preset expects an options object');
  const hyper: Record<string, string> = {};
  const issues: ValidationIssue[] = [];
  for (const option of ['batchSize', 'epochs'] as const) {
    const value: unknown = options[option];
    if (value === undefined) continue;
    // The value goes in as given (`0`, `NaN`), so the request shows what the issue is about.
    hyper[HYPERPARAMETERS[option]] = String(value);
    const issue = countIssue(option, value);
    if (issue !== undefined) issues.push(issue);
  }
  // The API model allows a volume of 0 GB (instances with NVMe storage); the seed's images need one.
  if (options.volumeSizeInGB === 0) {
    issues.push({
      path: ['ResourceConfig', 'VolumeSizeInGB'],
      code: 'min_value',
      message: 'volumeSizeInGB must be a whole number >= 1 (the ML storage volume holds the image and the data)',
      severity: 'error',
      value: 0,
    });
  }
  let builder = new TrainingJobBuilder()
    .image(options.image)
    .inputMode('File')
    .role(options.role)
    .outputPath(options.outputPath)
    .instance(options.instanceType ?? defaultInstanceType, {
      count: options.instanceCount ?? 1,
      volumeSizeInGB: options.volumeSizeInGB ?? 16,
    })
    .maxRuntime(options.maxRuntimeSeconds ?? 3600);
  if (Object.keys(hyper).length > 0) builder = builder.hyperParameters(hyper);
  if (options.name !== undefined) builder = builder.name(options.name);
  // instanceCount, volumeSizeInGB and maxRuntimeSeconds go to members the API model checks
  // (fractions, NaN, negatives; InstanceCount and MaxRuntimeInSeconds >= 1): validate() reports those.
  return withInputIssues(builder, issues);
}

import type { CreateTrainingJobCommandInput, DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';

/** Request members DescribeTrainingJob does not echo back, or that do not describe the work. */
const NOT_COMPARED = new Set(['TrainingJobName', 'Tags', 'ClientToken', '$metadata']);

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value as object).every(isEmpty);
  return false;
}

/**
 * Whether everything the request sets is also in the description, with the same value. The
 * description may hold more (defaults the service filled in); a member the request sets to an
 * empty or false value matches an absent one.
 */
function contains(described: unknown, requested: unknown): boolean {
  if (requested === undefined) return true;
  if (described === undefined || described === null) return isEmpty(requested);
  if (Array.isArray(requested)) {
    return Array.isArray(described) && described.length === requested.length && requested.every((item, i) => contains(described[i], item));
  }
  if (requested instanceof Date || described instanceof Date) {
    return new Date(described as Date).getTime() === new Date(requested as Date).getTime();
  }
  if (typeof requested === 'object' && requested !== null) {
    if (typeof described !== 'object') return false;
    return Object.entries(requested).every(([key, value]) => contains((described as Record<string, unknown>)[key], value));
  }
  // Numbers sent as strings or the reverse (hyperparameters are strings both ways).
  return described === requested || String(described) === String(requested);
}

/**
 * Whether an existing job (its DescribeTrainingJob output) is the job this request would create:
 * same name, and every member of the request found with the same value. Tags are not compared
 * (DescribeTrainingJob does not return them). Internal.
 */
export function sameTrainingJobSpec(request: CreateTrainingJobCommandInput, description: DescribeTrainingJobCommandOutput): boolean {
  if (description.TrainingJobName !== request.TrainingJobName) return false;
  return Object.entries(request).every(
    ([key, value]) => NOT_COMPARED.has(key) || contains((description as unknown as Record<string, unknown>)[key], value),
  );
}

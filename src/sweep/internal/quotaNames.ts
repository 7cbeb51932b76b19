/**
 * The names SageMaker gives its per-instance-type training quotas in Service Quotas
 * (service code `sagemaker`), and how to read an instance type out of one. Internal.
 *
 * On-demand: `ml.p3.2xlarge for training job usage`; managed spot training has quotas of its
 * own: `ml.p3.2xlarge for spot training job usage`. Other quotas of the same shape
 * (`... for training warm pool usage`, `... for processing job usage`, `... for endpoint usage`)
 * and account-wide ones (`Number of instances across all training jobs`) are not these.
 *
 * @module
 */
import { normalizeInstanceType } from '../../cost/internal/names';

/** What follows the instance type in the name of an on-demand training quota. */
export const TRAINING_QUOTA_SUFFIX = ' for training job usage';
/** What follows the instance type in the name of a managed spot training quota. */
export const SPOT_TRAINING_QUOTA_SUFFIX = ' for spot training job usage';

/** An instance type as quota names write it: `ml.<family>.<size>`. */
const INSTANCE_TYPE = /^ml\.[a-z0-9-]+\.[a-z0-9-]+$/;

/**
 * The Service Quotas name of the training quota of `instanceType` (normalized first).
 *
 * @example
 * ```ts
 * trainingQuotaName('p3.2xlarge', false); // 'ml.p3.2xlarge for training job usage'
 * trainingQuotaName('ml.g5.xlarge', true); // 'ml.g5.xlarge for spot training job usage'
 * ```
 */
export function trainingQuotaName(instanceType: string, spot: boolean): string {
  return `${normalizeInstanceType(instanceType)}${spot ? SPOT_TRAINING_QUOTA_SUFFIX : TRAINING_QUOTA_SUFFIX}`;
}

/**
 * The instance type (normalized) whose training quota `quotaName` is, on-demand or spot as
 * `spot` says; undefined for any other quota. Case and surrounding blanks are ignored.
 *
 * @example
 * ```ts
 * instanceTypeOfQuota('ml.p3.2xlarge for training job usage', false); // 'ml.p3.2xlarge'
 * instanceTypeOfQuota('ml.p3.2xlarge for spot training job usage', false); // undefined
 * instanceTypeOfQuota('ml.p3.2xlarge for training warm pool usage', false); // undefined
 * ```
 */
export function instanceTypeOfQuota(quotaName: unknown, spot: boolean): string | undefined {
  if (typeof quotaName !== 'string') return undefined;
  const name = quotaName.trim().toLowerCase();
  const suffix = spot ? SPOT_TRAINING_QUOTA_SUFFIX : TRAINING_QUOTA_SUFFIX;
  if (!name.endsWith(suffix)) return undefined;
  const type = name.slice(0, -suffix.length).trim();
  return INSTANCE_TYPE.test(type) ? normalizeInstanceType(type) : undefined;
}

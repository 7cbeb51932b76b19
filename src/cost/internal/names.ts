/**
 * How cost/ reads instance types and region codes. Internal.
 *
 * @module
 */

/** A region code: `us-east-1`, `eu-west-3`, `us-gov-west-1`, `cn-northwest-1`. */
export const REGION_CODE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** `'P3.2xlarge'` -> `'ml.p3.2xlarge'`: trimmed, lower case, `ml.` prefixed (as getInstanceSpec reads a type). */
export function normalizeInstanceType(type: string): string {
  const lower = type.trim().toLowerCase();
  return lower.startsWith('ml.') ? lower : `ml.${lower}`;
}

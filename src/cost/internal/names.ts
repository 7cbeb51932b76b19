/**
 * How cost/ reads instance types and region codes. Internal.
 *
 * @module
 */

/** A region code: `us-east-1`, `eu-west-3`, `us-gov-west-1`, `cn-northwest-1`. */
export const REGION_CODE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export { normalizeInstanceType } from '../../builder/instanceCatalog';

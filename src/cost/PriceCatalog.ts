/**
 * The shapes of prices: one instance type's on-demand training rate, and a catalog of them.
 *
 * @module
 */

/**
 * The on-demand price of one SageMaker training instance-hour, in US dollars, with where the
 * figure came from and when it was read. SageMaker bills training per second.
 */
export interface InstancePrice {
  /** The SageMaker instance type, e.g. `'ml.p3.2xlarge'`. */
  readonly instanceType: string;
  /** The region the price is for, e.g. `'us-east-1'`. */
  readonly region: string;
  /** US dollars per instance-hour, on demand, for training (not hosting, not notebooks). */
  readonly usdPerHour: number;
  /** Where the figure comes from: a URL, or `'AWS Price List API (AmazonSageMaker GetProducts)'` and the offer's version. */
  readonly source: string;
  /** The date (ISO `YYYY-MM-DD`) the figure was read from its source. */
  readonly asOf: string;
}

/**
 * Training prices by region and instance type: the built-in catalog
 * ({@link builtInTrainingPrices}) or one fetched with {@link fetchTrainingPrices}. Plain JSON,
 * so a fetched catalog can be saved and loaded again.
 *
 * @example
 * ```ts
 * import type { PriceCatalog } from 'sagemaker-bench';
 *
 * const mine: PriceCatalog = {
 *   regions: {
 *     'eu-west-1': {
 *       'ml.g5.xlarge': { instanceType: 'ml.g5.xlarge', region: 'eu-west-1', usdPerHour: 1.57, source: 'my invoice', asOf: '2026-11-30' },
 *     },
 *   },
 * };
 * ```
 */
export interface PriceCatalog {
  /** Region code, then instance type (`ml.` prefixed, lower case), to its price. */
  readonly regions: { readonly [region: string]: { readonly [instanceType: string]: InstancePrice } };
}

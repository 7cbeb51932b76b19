/**
 * One instance type's on-demand training price, from a given catalog or the built-in one.
 *
 * @module
 */
import { builtInTrainingPrices } from './builtInTrainingPrices';
import { normalizeInstanceType, REGION_CODE } from './internal/names';
import type { InstancePrice, PriceCatalog } from './PriceCatalog';

/** The region prices are looked up in when none is given. */
export const DEFAULT_PRICE_REGION = 'us-east-1';

/** Options of {@link instancePrice}. */
export interface InstancePriceOptions {
  /** The region (default `'us-east-1'`, the built-in catalog's). */
  region?: string | undefined;
  /** Prices to look in first (e.g. from {@link fetchTrainingPrices}); the built-in catalog is the fallback. */
  prices?: PriceCatalog | undefined;
}

/** The region of `options` (default us-east-1), lower-cased; a TypeError for bad options. */
export function resolvePriceRegion(fn: string, options: InstancePriceOptions): string {
  if (options === null || typeof options !== 'object') throw new TypeError(`${fn}: options must be an object`);
  const { region: given = DEFAULT_PRICE_REGION, prices } = options;
  const region = typeof given === 'string' ? given.trim().toLowerCase() : given;
  if (typeof region !== 'string' || !REGION_CODE.test(region)) {
    throw new TypeError(`${fn}: region must be an AWS region code such as 'us-east-1', got ${JSON.stringify(given)}`);
  }
  if (prices !== undefined && (prices === null || typeof prices !== 'object' || typeof prices.regions !== 'object' || prices.regions === null)) {
    throw new TypeError(`${fn}: prices must be a PriceCatalog ({ regions: { [region]: { [instanceType]: InstancePrice } } })`);
  }
  return region;
}

/** A price, or why there is none. Internal to cost/. */
export type PriceLookup = { price: InstancePrice; reason?: undefined } | { price?: undefined; reason: string };

/** Looks a price up and, when there is none, says why. */
export function lookUpPrice(fn: string, instanceType: unknown, options: InstancePriceOptions = {}): PriceLookup {
  const region = resolvePriceRegion(fn, options);
  if (typeof instanceType !== 'string' || instanceType.trim() === '') return { reason: `no instance type given` };
  const type = normalizeInstanceType(instanceType);
  const given = options.prices?.regions[region];
  const price = (given !== undefined && Object.hasOwn(given, type) ? given[type] : undefined) ?? builtIn(region, type);
  if (price !== undefined) return { price };
  const builtInRegions = Object.keys(builtInTrainingPrices.regions).join(', ');
  const where = options.prices === undefined ? 'the built-in catalog' : 'the given prices or the built-in catalog';
  const hint =
    Object.hasOwn(builtInTrainingPrices.regions, region)
      ? `; fetch it with fetchTrainingPrices({ client, region: '${region}', instanceTypes: ['${type}'] }) and pass it as prices`
      : `; the built-in catalog covers ${builtInRegions} only: fetch this region's prices with fetchTrainingPrices({ client, region: '${region}' }) and pass them as prices`;
  return { reason: `no training price for ${type} in ${region} in ${where}${hint}` };
}

function builtIn(region: string, type: string): InstancePrice | undefined {
  const table = builtInTrainingPrices.regions[region];
  return table !== undefined && Object.hasOwn(table, type) ? table[type] : undefined;
}

/**
 * The on-demand price of one training instance-hour of `instanceType` in a region: from
 * `prices` when given and it has one, else from the built-in catalog (us-east-1). `undefined`
 * when neither has it: never a made-up number.
 *
 * @example
 * ```ts
 * import { instancePrice } from 'sagemaker-bench';
 *
 * const price = instancePrice('ml.p3.2xlarge');
 * console.log(price?.usdPerHour, price?.source, price?.asOf); // 3.825 'https://...' '2021-11-27'
 * instancePrice('ml.p3.2xlarge', { region: 'eu-west-1' });   // undefined: not built in
 * ```
 */
export function instancePrice(instanceType: string, options: InstancePriceOptions = {}): InstancePrice | undefined {
  return lookUpPrice('instancePrice', instanceType, options).price;
}

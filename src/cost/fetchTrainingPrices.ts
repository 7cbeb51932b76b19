/**
 * Live SageMaker on-demand training prices from the AWS Price List Query API (GetProducts).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Filter, GetProductsCommandInput, PricingClient } from '@aws-sdk/client-pricing';
import { nonNegativeNumber } from '../internal/checkOptions';
import { clientRegion } from '../internal/clientRegion';
import { describeValue } from '../internal/describeValue';
import { resolveTimeouts } from '../internal/requestTimeouts';
import type { RequestTimeouts, ResolvedTimeouts } from '../internal/requestTimeouts';
import { pricingSdk } from '../internal/sdk';
import { sendRequest } from '../internal/sendRequest';
import { throwIfAborted } from '../internal/sleep';
import { userCacheDir } from '../internal/userCacheDir';
import { writeJsonAtomically } from '../internal/writeJsonAtomically';
import { withRetry } from '../internal/withRetry';
import { normalizeInstanceType, REGION_CODE } from './internal/names';
import type { InstancePrice, PriceCatalog } from './PriceCatalog';

/**
 * Options of {@link fetchTrainingPrices}.
 *
 * @example
 * ```ts
 * const options: FetchTrainingPricesOptions = {
 *   client: new PricingClient({ region: 'us-east-1' }),
 *   region: 'us-west-2',
 *   instanceTypes: ['ml.p3.8xlarge'],
 *   cache: { maxAgeDays: 1 },
 * };
 * ```
 */
export interface FetchTrainingPricesOptions {
  /**
   * The Price List client. The API is served only from us-east-1, eu-central-1 and ap-south-1:
   * the client must be configured for one of them (or for a custom `endpoint`), whatever the
   * `region` of the prices.
   */
  client: PricingClient;
  /** The region whose prices to read, e.g. `'eu-west-1'`. */
  region: string;
  /**
   * Only these instance types (`'ml.p3.2xlarge'`; `'p3.2xlarge'` and any case are accepted).
   * A type without an on-demand training price in the region is absent from the result.
   * Default: every training instance type of the region.
   */
  instanceTypes?: readonly string[];
  /** Cancels the fetch; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Time to the first byte of each answer and silence in its body (default 30 s each); see {@link RequestTimeouts}. */
  timeouts?: RequestTimeouts;
  /**
   * The on-disk cache of fetched catalogs, one JSON file per region (`<dir>/<region>.json`), or
   * `false` to neither read nor write it. Default: `{ dir: <userCacheDir>/prices, maxAgeDays: 7 }`.
   */
  cache?:
    | {
        /** The folder of the cache files (default `prices` in the user cache directory: `~/.cache/sagemaker-bench/prices` on Linux). */
        dir?: string;
        /** A cached catalog older than this many days is fetched again (default 7; 0: always fetch). */
        maxAgeDays?: number;
        /** Fetch anew even when the cache holds a fresh catalog (and write the new one). */
        refresh?: boolean;
      }
    | false;
}

/** Where every price this function returns comes from (plus the offer's version, when the entry has one). */
const SOURCE = 'AWS Price List API (AmazonSageMaker GetProducts)';

/** The regions that serve the Price List Query API (AWS Billing user guide, "Endpoints"). */
const PRICE_LIST_API_REGIONS: readonly string[] = ['us-east-1', 'eu-central-1', 'ap-south-1'];

/** The format tag of a cache file; a file with another one is ignored. */
const CACHE_FORMAT = 'sagemaker-bench/training-prices/1';

const DAY_MS = 86_400_000;
const DEFAULT_MAX_AGE_DAYS = 7;
/** A cache file dated further in the future than this (clock skew) is not trusted. */
const FUTURE_SLACK_MS = 5 * 60_000;
/** More pages than this for one query means a server that never ends its listing. */
const MAX_PAGES = 1_000;

/**
 * Reads the on-demand price of SageMaker training instances in one region from the AWS Price
 * List Query API (GetProducts on `AmazonSageMaker`), every page of it, into a
 * {@link PriceCatalog}.
 *
 * **What counts as the training rate.** A product with productFamily `ML Instance` whose
 * attributes say regionCode = `region`, locationType `AWS Region` (not Outposts), component
 * `Training` and platoinstancetype `Training` (not `SpotTraining`), with an OnDemand price
 * dimension in `Hrs` (not the `Quantity` of a training plan's upfront fee) and a USD price
 * above 0; its instanceName is the instance type. Hosting, notebook, processing and spot rows
 * are not it. The request filters on regionCode and platoinstancetype (and instanceName when
 * `instanceTypes` narrows the query), attributes the AmazonSageMaker products carry; every rule
 * is checked again on each product the service returns.
 *
 * **Two rates for one instance.** When the service lists more than one matching rate for the
 * same instance type (a price change published ahead of its date, a duplicated SKU), the one
 * whose OnDemand term has the latest `effectiveDate` wins; a tie goes to the smallest rate code,
 * so the answer does not depend on the order of the pages. A term without a readable
 * effectiveDate loses to one with.
 *
 * Each {@link InstancePrice} has `source` `'AWS Price List API (AmazonSageMaker GetProducts)'`,
 * followed by the offer's `publicationDate` and `version` when the entry carries them, and
 * `asOf` the UTC date (`YYYY-MM-DD`) of the fetch.
 *
 * **Cache.** The catalog is kept as JSON in `<cache.dir>/<region>.json` (default directory:
 * `prices` in the per-user cache directory of sagemaker-bench: `$XDG_CACHE_HOME/sagemaker-bench`
 * when that is set, `~/Library/Caches/sagemaker-bench` on macOS,
 * `%LOCALAPPDATA%\sagemaker-bench\Cache` on Windows, else `~/.cache/sagemaker-bench`), with the
 * time of the fetch and the instance types asked (all, or a list), written atomically (a
 * temporary file renamed over the old one). A cached
 * catalog younger than `cache.maxAgeDays` (default 7) that covers the types asked is returned
 * without any request; `cache.refresh` fetches anew; `cache: false` neither reads nor writes.
 * A cache file that cannot be read or parsed, or is not what this function writes, is ignored
 * and overwritten by the next fetch. Writing is best effort: a read-only cache directory does
 * not fail the fetch. An empty result (no training price at all) is not cached.
 *
 * **Requests.** Each page is sent with the library's time limits (`timeouts`) and retried on
 * throttling and transient errors (up to 8 attempts, with backoff), on top of the client's own
 * retries. The Price List API answers only in us-east-1, eu-central-1 and ap-south-1: a client
 * configured for another region (and no custom endpoint) fails with a TypeError naming them,
 * before any request. A missing `client`, or a `region` or `instanceTypes` of the wrong type, is
 * a TypeError; a malformed region code or `maxAgeDays` is a RangeError. When
 * `@aws-sdk/client-pricing` is not installed, {@link MissingPeerDependencyError}.
 *
 * @example
 * ```ts
 * import { PricingClient } from '@aws-sdk/client-pricing';
 * import { fetchTrainingPrices } from 'sagemaker-bench';
 *
 * const client = new PricingClient({ region: 'us-east-1' }); // the API's region, not the prices'
 * const catalog = await fetchTrainingPrices({ client, region: 'eu-west-1', instanceTypes: ['ml.p3.2xlarge', 'ml.g5.xlarge'] });
 * console.log(catalog.regions['eu-west-1']?.['ml.p3.2xlarge']?.usdPerHour); // e.g. 4.131
 * ```
 */
export async function fetchTrainingPrices(options: FetchTrainingPricesOptions): Promise<PriceCatalog> {
  const args = checkArguments(options);
  const { client, region, types, signal } = args;
  throwIfAborted(signal);
  await checkClientRegion(client);
  if (types !== undefined && types.length === 0) return { regions: { [region]: {} } };

  const file = args.cache === undefined ? undefined : join(args.cache.dir, `${region}.json`);
  const cached = file !== undefined && !args.cache!.refresh ? await readCache(file, region, args.cache!.maxAgeDays) : undefined;
  throwIfAborted(signal);
  // A fresh cache of every type answers anything; one of some types answers those, and a request
  // for others fetches only the missing ones and adds them to it.
  let missing = types;
  if (cached !== undefined) {
    if (cached.instanceTypes === null) return catalog(region, pick(cached.prices, types));
    if (types !== undefined) {
      const have = new Set(cached.instanceTypes);
      missing = types.filter((type) => !have.has(type));
      if (missing.length === 0) return catalog(region, pick(cached.prices, types));
    }
  }

  const fetchedAt = new Date();
  const fetched = await fetchPrices({ ...args, types: missing }, fetchedAt);
  let prices = fetched;
  let record: CacheFile = { format: CACHE_FORMAT, region, fetchedAt: fetchedAt.toISOString(), instanceTypes: missing ?? null, prices: sortedRecord(fetched) };
  if (cached !== undefined && cached.instanceTypes !== null && missing !== undefined) {
    prices = new Map([...Object.entries(cached.prices), ...fetched]);
    // The file is as old as its oldest part.
    record = { ...record, fetchedAt: cached.fetchedAt, instanceTypes: [...new Set([...cached.instanceTypes, ...missing])].sort(), prices: sortedRecord(prices) };
  }
  if (file !== undefined && prices.size > 0) await writeCache(file, record);
  return catalog(region, pick(prices, types));
}

/** The prices of `types` (all when undefined). */
function pick(prices: Map<string, InstancePrice> | Readonly<Record<string, InstancePrice>>, types: readonly string[] | undefined): Map<string, InstancePrice> {
  const entries = prices instanceof Map ? [...prices] : Object.entries(prices);
  return new Map(types === undefined ? entries : entries.filter(([type]) => types.includes(type)));
}

/** The options, checked and normalised. */
interface Arguments {
  client: PricingClient;
  region: string;
  /** Normalised, unique, sorted; undefined: all. */
  types: string[] | undefined;
  signal: AbortSignal | undefined;
  timeouts: ResolvedTimeouts;
  cache: { dir: string; maxAgeDays: number; refresh: boolean } | undefined;
}

function checkArguments(options: FetchTrainingPricesOptions): Arguments {
  const where = 'fetchTrainingPrices';
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object with client and region, got ${describeValue(options)}`);
  const { client, region, instanceTypes, signal, cache } = options;
  if (typeof client !== 'object' || client === null || typeof (client as { send?: unknown }).send !== 'function') {
    throw new TypeError(`${where}: client must be a PricingClient (new PricingClient({ region: 'us-east-1' })), got ${describeValue(client)}`);
  }
  if (typeof region !== 'string') throw new TypeError(`${where}: region must be a region code string such as 'us-east-1', got ${describeValue(region)}`);
  const regionCode = region.trim().toLowerCase();
  if (!REGION_CODE.test(regionCode)) throw new RangeError(`${where}: region must be a region code such as 'us-east-1', got ${JSON.stringify(region)}`);
  let types: string[] | undefined;
  if (instanceTypes !== undefined) {
    if (!Array.isArray(instanceTypes)) throw new TypeError(`${where}: instanceTypes must be an array of instance type strings, got ${describeValue(instanceTypes)}`);
    const set = new Set<string>();
    for (const [i, type] of instanceTypes.entries()) {
      if (typeof type !== 'string' || type.trim() === '') throw new TypeError(`${where}: instanceTypes[${i}] must be an instance type such as 'ml.p3.2xlarge', got ${describeValue(type)}`);
      set.add(normalizeInstanceType(type));
    }
    types = [...set].sort();
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw new TypeError(`${where}: signal must be an AbortSignal, got ${describeValue(signal)}`);
  const timeouts = resolveTimeouts(where, options.timeouts);
  let resolvedCache: Arguments['cache'];
  if (cache !== false) {
    if (cache !== undefined && (typeof cache !== 'object' || cache === null)) throw new TypeError(`${where}: cache must be an object or false, got ${describeValue(cache)}`);
    const dir = cache?.dir;
    if (dir !== undefined && (typeof dir !== 'string' || dir === '')) throw new TypeError(`${where}: cache.dir must be a non-empty path, got ${describeValue(dir)}`);
    const refresh = cache?.refresh;
    if (refresh !== undefined && typeof refresh !== 'boolean') throw new TypeError(`${where}: cache.refresh must be a boolean, got ${describeValue(refresh)}`);
    resolvedCache = {
      dir: dir ?? join(userCacheDir(), 'prices'),
      maxAgeDays: nonNegativeNumber(where, 'cache.maxAgeDays', cache?.maxAgeDays, DEFAULT_MAX_AGE_DAYS),
      refresh: refresh ?? false,
    };
  }
  return { client, region: regionCode, types, signal, timeouts, cache: resolvedCache };
}


/**
 * Fails before any request when the client would call a region that does not serve the Price
 * List API (a custom endpoint is the caller's business).
 */
async function checkClientRegion(client: PricingClient): Promise<void> {
  const config = (client as { config?: { region?: unknown; endpoint?: unknown; isCustomEndpoint?: unknown } }).config;
  if (config === undefined || config === null) return;
  if (config.isCustomEndpoint === true || config.endpoint !== undefined) return;
  const region = await clientRegion(client);
  if (PRICE_LIST_API_REGIONS.includes(region)) return;
  const configured = region !== '' ? `'${region}'` : 'no region';
  throw new TypeError(
    `fetchTrainingPrices: the AWS Price List API is served only from ${PRICE_LIST_API_REGIONS.join(', ')}, and the PricingClient is configured for ${configured}. ` +
      `Create it with new PricingClient({ region: 'us-east-1' }); the region of the prices is the separate region option.`,
  );
}

/** A matching rate, and what decides between two of them. */
interface Candidate {
  price: InstancePrice;
  /** The term's effectiveDate in ms (-Infinity when unreadable). */
  effective: number;
  rateCode: string;
}

/** Every page of every query the arguments need, reduced to the training rate of each instance type. */
async function fetchPrices(args: Arguments, fetchedAt: Date): Promise<Map<string, InstancePrice>> {
  const { client, region, types, signal, timeouts } = args;
  const { GetProductsCommand } = pricingSdk();
  const asOf = fetchedAt.toISOString().slice(0, 10);
  const wanted = types === undefined ? undefined : new Set(types);
  const best = new Map<string, Candidate>();
  // All types: one query for the region. A few types: one narrow query each (a page or so).
  const queries: (string | undefined)[] = types ?? [undefined];
  for (const instanceName of queries) {
    const filters: Filter[] = [
      { Type: 'TERM_MATCH', Field: 'regionCode', Value: region },
      { Type: 'TERM_MATCH', Field: 'platoinstancetype', Value: 'Training' },
    ];
    if (instanceName !== undefined) filters.push({ Type: 'TERM_MATCH', Field: 'instanceName', Value: instanceName });
    const seen = new Set<string>();
    let token: string | undefined;
    let pages = 0;
    do {
      const input: GetProductsCommandInput = { ServiceCode: 'AmazonSageMaker', Filters: filters, FormatVersion: 'aws_v1', MaxResults: 100 };
      if (token !== undefined) input.NextToken = token;
      const page = await withRetry(
        () =>
          sendRequest(client, new GetProductsCommand(input), {
            signal,
            timeouts,
            resource: `AmazonSageMaker prices in ${region}`,
            operation: 'GetProducts',
          }),
        signal,
      );
      for (const item of priceListItems(page.PriceList)) {
        const candidate = trainingRate(item, region, asOf);
        if (candidate === undefined || (wanted !== undefined && !wanted.has(candidate.price.instanceType))) continue;
        const current = best.get(candidate.price.instanceType);
        if (current === undefined || isBetter(candidate, current)) best.set(candidate.price.instanceType, candidate);
      }
      token = typeof page.NextToken === 'string' && page.NextToken !== '' ? page.NextToken : undefined;
      if (token !== undefined) {
        if (seen.has(token)) throw new Error(`fetchTrainingPrices: GetProducts returned the NextToken of an earlier page again (region ${region}); the listing would never end`);
        seen.add(token);
      }
      if (++pages >= MAX_PAGES && token !== undefined) throw new Error(`fetchTrainingPrices: GetProducts gave more than ${MAX_PAGES} pages for region ${region}`);
    } while (token !== undefined);
  }
  return new Map([...best].map(([type, candidate]) => [type, candidate.price]));
}

/** Later effectiveDate first; on a tie, the smaller rate code. */
function isBetter(a: Candidate, b: Candidate): boolean {
  if (a.effective !== b.effective) return a.effective > b.effective;
  return a.rateCode < b.rateCode;
}

/** The PriceList of a page: JSON strings (or String objects), each one product. */
function* priceListItems(list: unknown): Generator<unknown> {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (typeof item === 'string' || item instanceof String) {
      try {
        yield JSON.parse(String(item)) as unknown;
      } catch {
        // Not a product: skip it, as any entry that is not an on-demand training rate.
      }
    } else if (typeof item === 'object' && item !== null) yield item;
  }
}

/** The on-demand training rate a PriceList item gives, if it is one (see fetchTrainingPrices). */
function trainingRate(item: unknown, region: string, asOf: string): Candidate | undefined {
  if (!isRecord(item)) return undefined;
  const product = item['product'];
  if (!isRecord(product)) return undefined;
  const attributes = product['attributes'];
  if (!isRecord(attributes)) return undefined;
  if (item['serviceCode'] !== undefined && !same(item['serviceCode'], 'AmazonSageMaker')) return undefined;
  if (!same(product['productFamily'], 'ML Instance')) return undefined;
  if (!same(attributes['regionCode'], region)) return undefined;
  if (!same(attributes['locationType'], 'AWS Region')) return undefined;
  if (!same(attributes['component'], 'Training')) return undefined;
  if (!same(attributes['platoinstancetype'], 'Training')) return undefined;
  const name = attributes['instanceName'];
  if (typeof name !== 'string') return undefined;
  const instanceType = name.trim().toLowerCase();
  if (!/^ml\.[a-z0-9-]+\.[a-z0-9-]+$/.test(instanceType)) return undefined;
  const terms = item['terms'];
  const onDemand = isRecord(terms) ? terms['OnDemand'] : undefined;
  if (!isRecord(onDemand)) return undefined;
  const source = sourceOf(item);
  let best: Candidate | undefined;
  for (const term of Object.values(onDemand)) {
    if (!isRecord(term) || !isRecord(term['priceDimensions'])) continue;
    const date = typeof term['effectiveDate'] === 'string' ? Date.parse(term['effectiveDate']) : Number.NaN;
    const effective = Number.isFinite(date) ? date : Number.NEGATIVE_INFINITY;
    for (const [key, dimension] of Object.entries(term['priceDimensions'])) {
      if (!isRecord(dimension) || !same(dimension['unit'], 'Hrs')) continue;
      // A tiered rate: only its first tier is the price of an hour.
      const begin = dimension['beginRange'];
      if (begin !== undefined && Number(begin) !== 0) continue;
      const perUnit = dimension['pricePerUnit'];
      const usd = isRecord(perUnit) ? perUnit['USD'] : undefined;
      if (typeof usd !== 'string' || usd.trim() === '') continue;
      const usdPerHour = Number(usd);
      if (!Number.isFinite(usdPerHour) || usdPerHour <= 0) continue;
      const rateCode = typeof dimension['rateCode'] === 'string' ? dimension['rateCode'] : key;
      const candidate: Candidate = { price: { instanceType, region, usdPerHour, source, asOf }, effective, rateCode };
      if (best === undefined || isBetter(candidate, best)) best = candidate;
    }
  }
  return best;
}

/** The source text: the API, then the offer's publicationDate and version when given. */
function sourceOf(item: Record<string, unknown>): string {
  const parts: string[] = [];
  const published = item['publicationDate'];
  const version = item['version'];
  if (typeof published === 'string' && published !== '') parts.push(`publicationDate ${published}`);
  if (typeof version === 'string' && version !== '') parts.push(`version ${version}`);
  return parts.length === 0 ? SOURCE : `${SOURCE}, ${parts.join(', ')}`;
}

/** The same text, ignoring case (the service matches filter values that way). */
function same(value: unknown, expected: string): boolean {
  return typeof value === 'string' && value.toLowerCase() === expected.toLowerCase();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a cache file holds. */
interface CacheFile {
  format: typeof CACHE_FORMAT;
  region: string;
  /** When the catalog was fetched (ISO). */
  fetchedAt: string;
  /** The instance types asked (normalised, sorted), or null: all. */
  instanceTypes: string[] | null;
  prices: Record<string, InstancePrice>;
}

/**
 * The cached prices of `types` (all when undefined), if the file is a valid cache of `region`,
 * younger than `maxAgeDays`, and asked for at least those types; undefined otherwise.
 */
async function readCache(file: string, region: string, maxAgeDays: number): Promise<CacheFile | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const cached = validCache(data, region);
  if (cached === undefined) return undefined;
  const age = Date.now() - Date.parse(cached.fetchedAt);
  if (age < -FUTURE_SLACK_MS || age >= maxAgeDays * DAY_MS) return undefined;
  return cached;
}

/** `data` as a cache file of `region`, if it is exactly one. */
function validCache(data: unknown, region: string): CacheFile | undefined {
  if (!isRecord(data) || data['format'] !== CACHE_FORMAT || data['region'] !== region) return undefined;
  const fetchedAt = data['fetchedAt'];
  if (typeof fetchedAt !== 'string' || !Number.isFinite(Date.parse(fetchedAt))) return undefined;
  const instanceTypes = data['instanceTypes'];
  if (instanceTypes !== null && !(Array.isArray(instanceTypes) && instanceTypes.every((t) => typeof t === 'string'))) return undefined;
  const prices = data['prices'];
  if (!isRecord(prices)) return undefined;
  for (const [type, price] of Object.entries(prices)) {
    if (!isRecord(price)) return undefined;
    const { instanceType, usdPerHour, source, asOf } = price;
    if (instanceType !== type || price['region'] !== region) return undefined;
    if (typeof usdPerHour !== 'number' || !Number.isFinite(usdPerHour) || usdPerHour <= 0) return undefined;
    if (typeof source !== 'string' || typeof asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return undefined;
  }
  return data as unknown as CacheFile;
}

/** Writes `data` to `file` through a temporary file renamed over it; failures are ignored (the cache is an optimisation). */
async function writeCache(file: string, data: CacheFile): Promise<void> {
  await writeJsonAtomically(file, data).catch(() => undefined);
}

function catalog(region: string, prices: Map<string, InstancePrice>): PriceCatalog {
  return { regions: { [region]: sortedRecord(prices) } };
}

function sortedRecord(prices: Map<string, InstancePrice>): Record<string, InstancePrice> {
  const out: Record<string, InstancePrice> = {};
  for (const type of [...prices.keys()].sort()) {
    const p = prices.get(type)!;
    out[type] = { instanceType: p.instanceType, region: p.region, usdPerHour: p.usdPerHour, source: p.source, asOf: p.asOf };
  }
  return out;
}


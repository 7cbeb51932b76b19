/**
 * What an AWS region name looks like, and which regions the AWS SDK knows. Internal.
 *
 * The shape is checked without loading anything (createClients must stay cheap). Whether a
 * well-formed region exists is asked of the SDK's own partition data (`partition()` of
 * `@aws-sdk/core/client`, a dependency of every SDK v3 client, resolved from
 * `@aws-sdk/client-sagemaker` so a nested install finds the same copy), only when a request has
 * already failed: the SDK knows a region when its partition data lists it with a description.
 * New regions appear before the SDK in use knows them, so an unknown region is never refused
 * up front; it is named when a request to it finds no AWS endpoint.
 *
 * @module
 */
import { editDistance } from './editDistance';
import { sdkRequire } from './sdkRequire';

/**
 * A region: a partition prefix of two to four letters, one or more words, a number
 * (`us-east-1`, `us-gov-west-1`, `us-isob-east-1`, `eusc-de-east-1`, `cn-northwest-1`): the
 * `regionRegex` of every partition of the SDK's data fits it. Also the SDK's pseudo-regions:
 * `aws-global`, `aws-us-gov-global`, and the FIPS forms `fips-us-east-1` / `us-east-1-fips`.
 */
const REGION = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/;
const GLOBAL = /^aws(?:-[a-z]+)*-global$/;
const FIPS = /^(?:fips-[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}|[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}-fips)$/;

/** Words of region names (`us-east-1`), to read `useast1`. */
const DIRECTIONS = ['east', 'west', 'north', 'south', 'central', 'northeast', 'northwest', 'southeast', 'southwest'];
/** Partition prefixes of the SDK's data (the `regionRegex` of each partition). */
const PREFIXES = ['us', 'eu', 'ap', 'sa', 'ca', 'me', 'af', 'il', 'mx', 'cn', 'us-gov', 'us-iso', 'us-isob', 'eu-isoe', 'us-isof', 'eusc-de'];
/** The highest region number tried when listing the known regions. */
const MAX_NUMBER = 15;

/** The result of {@link checkRegionName}. */
export type RegionNameCheck = { ok: true } | { ok: false; problem: string; suggestion?: string | undefined };

/**
 * Whether `value` has the shape of a region name, and if not, what is wrong and what was
 * probably meant (`'US-EAST-1'` and `'us east 1'` -> `us-east-1`, `'us-east-1a'` (a zone) ->
 * `us-east-1`, `'useast1'` -> `us-east-1`).
 *
 * @example
 * ```ts
 * checkRegionName('us-east-1'); // { ok: true }
 * checkRegionName('us east 1'); // { ok: false, problem: '...', suggestion: 'us-east-1' }
 * ```
 */
export function checkRegionName(value: string): RegionNameCheck {
  if (isRegionName(value)) return { ok: true };
  if (value.trim() === '') return { ok: false, problem: 'it is empty' };
  if (isRegionName(value.trim())) return { ok: false, problem: 'it has spaces around it', suggestion: value.trim() };
  const normalized = value
    .trim()
    .toLowerCase()
    .replace(/[\s_.]+/g, '-')
    .replace(/-+/g, '-');
  if (isRegionName(normalized)) return { ok: false, problem: 'region names are lowercase words and a number joined by hyphens', suggestion: normalized };
  const zone = /^([a-z]{2,4}(?:-[a-z]+)+-\d{1,2})[a-z]$/.exec(normalized);
  if (zone !== null) return { ok: false, problem: 'that is an availability zone, not a region', suggestion: zone[1] };
  const packed = new RegExp(`^(${PREFIXES.map((p) => p.replace('-', '-?')).join('|')})-?(${DIRECTIONS.join('|')})-?(\\d{1,2})$`).exec(normalized);
  if (packed !== null) return { ok: false, problem: 'region names are words joined by hyphens', suggestion: `${packed[1]!.replace(/^(us|eu|eusc)-?(gov|iso[a-z]?|de)$/, '$1-$2')}-${packed[2]}-${packed[3]}` };
  return { ok: false, problem: 'region names are lowercase words and a number joined by hyphens' };
}

/** Whether `value` has the shape of a region name (not whether the region exists). */
export function isRegionName(value: string): boolean {
  return REGION.test(value) || GLOBAL.test(value) || FIPS.test(value);
}

type Partition = (region: string) => { description?: unknown } & Record<string, unknown>;

let partitionFn: Partition | null | undefined;

/** `partition` of the SDK's endpoint data, or null when it cannot be loaded. */
function sdkPartition(): Partition | null {
  if (partitionFn !== undefined) return partitionFn;
  try {
    const load = sdkRequire();
    const fn = (load('@aws-sdk/core/client') as { partition?: unknown }).partition;
    partitionFn = typeof fn === 'function' ? (fn as Partition) : null;
  } catch {
    partitionFn = null;
  }
  return partitionFn;
}

/**
 * Whether the AWS SDK knows `region` (its partition data lists it), or undefined when that
 * data cannot be read.
 *
 * @example
 * ```ts
 * isKnownRegion('us-east-1'); // true
 * isKnownRegion('us-east-7'); // false
 * ```
 */
export function isKnownRegion(region: string): boolean | undefined {
  const partition = sdkPartition();
  if (partition === null) return undefined;
  try {
    return partition(region).description !== undefined;
  } catch {
    return undefined;
  }
}

let known: readonly string[] | undefined;

/**
 * The regions the AWS SDK knows (`us-east-1`, `eu-west-2`, `us-gov-west-1`, ...), found by
 * asking its partition data about every `<prefix>-<direction>-<n>`; empty when that data
 * cannot be read.
 */
export function knownRegions(): readonly string[] {
  if (known !== undefined) return known;
  const found: string[] = [];
  if (sdkPartition() !== null) {
    for (const prefix of PREFIXES) {
      for (const direction of DIRECTIONS) {
        for (let n = 1; n <= MAX_NUMBER; n++) {
          const region = `${prefix}-${direction}-${n}`;
          if (isKnownRegion(region) === true) found.push(region);
        }
      }
    }
  }
  known = Object.freeze(found.sort());
  return known;
}

/**
 * The known region nearest to `region` (fewest letters to change, the first in alphabetical
 * order among equals: `us-east-7` -> `us-east-1`), when one is near enough to be a likely typo.
 *
 * @example
 * ```ts
 * nearestKnownRegion('us-east-7'); // 'us-east-1'
 * nearestKnownRegion('eu-wset-1'); // 'eu-west-1'
 * ```
 */
export function nearestKnownRegion(region: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of knownRegions()) {
    const distance = editDistance(region, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(region.length / 3)) ? best : undefined;
}

/**
 * What a training job cost (or has cost so far), from its description.
 *
 * @module
 */
import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { describeGroups, instanceGroupsOf } from '../builder/internal/instanceGroups';
import { REGION_CODE } from './internal/names';
import { roundUsd } from './internal/roundUsd';
import { DEFAULT_PRICE_REGION, lookUpPrice, resolvePriceRegion, type InstancePriceOptions } from './instancePrice';

/** Options of {@link trainingJobCost}. */
export interface TrainingJobCostOptions extends InstancePriceOptions {
  /**
   * The region of the prices. Default: the region in the job's TrainingJobArn, else us-east-1.
   */
  region?: string | undefined;
  /** "Now", for a job still running (costed up to this time). Default: the current time. */
  now?: Date | undefined;
}

/** What a training job was billed, in USD, on-demand rates, per-second billing. */
export interface TrainingJobCost {
  /** BillableTimeInSeconds x every instance (for a running job: the seconds so far). */
  readonly billedInstanceSeconds: number;
  /** The training compute billed: BillableTimeInSeconds x InstanceCount x price per second. */
  readonly usd?: number;
  /** What the same training time would have cost on demand (equal to `usd` unless spot). */
  readonly onDemandUsd?: number;
  /** Spot jobs: `onDemandUsd - usd`. */
  readonly spotSavingsUsd?: number;
  /** A warm pool's retained time after the job: ResourceRetainedBillableTimeInSeconds x InstanceCount x price. */
  readonly warmPoolUsd?: number;
  /** `usd` plus `warmPoolUsd`. */
  readonly totalUsd?: number;
  /** On-demand USD per instance-hour, when the job has one instance type. */
  readonly usdPerHour?: number;
  /** The instance type (`'a+b'` for heterogeneous instance groups). */
  readonly instanceType: string;
  /** Instances in all. */
  readonly instanceCount: number;
  /** The region of the prices. */
  readonly region: string;
  /** Managed spot training. */
  readonly spot: boolean;
  /** `true` while the job is InProgress or Stopping: the amounts are what it has cost so far. */
  readonly running: boolean;
  /** The billable seconds (per instance) the amounts are for. */
  readonly billableSeconds: number;
  /** Why the amounts are undefined, when a price is missing. */
  readonly reason?: string;
}

function regionOfArn(arn: string | undefined): string | undefined {
  const region = arn?.split(':')[3];
  return region !== undefined && REGION_CODE.test(region) ? region : undefined;
}

/** A Date, or the ISO string or epoch milliseconds it becomes in a description read back from JSON. */
function timeOf(value: Date | string | number | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' || typeof value === 'number' ? new Date(value).getTime() : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

function seconds(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * The dollars a training job was billed, from its DescribeTrainingJob output:
 * BillableTimeInSeconds x InstanceCount x the on-demand price (per second), instance groups
 * summed; for spot jobs the on-demand equivalent (TrainingTimeInSeconds) and the savings; a warm
 * pool's retained billable time; a job still running is costed up to now and `running` says so.
 * A type without a price gives `undefined` amounts and a `reason`. Storage, data transfer and
 * taxes are not counted.
 *
 * @example
 * ```ts
 * import { SageMakerClient } from '@aws-sdk/client-sagemaker';
 * import { describeTrainingJob, trainingJobCost } from 'sagemaker-bench';
 *
 * const description = await describeTrainingJob(new SageMakerClient({}), 'resnet50-p3-gpu4-b512-e2');
 * const cost = trainingJobCost(description);
 * console.log(`$${cost.usd?.toFixed(2)} for ${cost.billedInstanceSeconds} instance-seconds`);
 * ```
 */
export function trainingJobCost(description: DescribeTrainingJobCommandOutput, options: TrainingJobCostOptions = {}): TrainingJobCost {
  if (description === null || typeof description !== 'object') throw new TypeError('trainingJobCost: description must be a DescribeTrainingJob output');
  if (options === null || typeof options !== 'object') throw new TypeError('trainingJobCost: options must be an object');
  const { now = new Date() } = options;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError('trainingJobCost: now must be a valid Date');
  const region = resolvePriceRegion('trainingJobCost', { ...options, region: options.region ?? regionOfArn(description.TrainingJobArn) ?? DEFAULT_PRICE_REGION });
  const status = description.TrainingJobStatus;
  const running = status === 'InProgress' || status === 'Stopping';
  const spot = description.EnableManagedSpotTraining === true;

  let billable = seconds(description.BillableTimeInSeconds);
  let trainingTime = seconds(description.TrainingTimeInSeconds);
  if (running && billable === undefined) {
    const start = timeOf(description.TrainingStartTime as Date | string | number | undefined);
    const soFar = start !== undefined ? Math.max(0, Math.floor((now.getTime() - start) / 1000)) : 0;
    billable = soFar;
    trainingTime ??= soFar;
  }
  billable ??= 0;
  trainingTime ??= billable;
  const retained = seconds(description.WarmPoolStatus?.ResourceRetainedBillableTimeInSeconds) ?? 0;

  const groups = instanceGroupsOf(description.ResourceConfig);
  const instanceCount = groups.reduce((n, g) => n + g.instanceCount, 0);
  let clusterUsdPerHour: number | undefined = 0;
  let reason: string | undefined;
  let single: number | undefined;
  for (const g of groups) {
    const lookup = lookUpPrice('trainingJobCost', g.instanceType, { region, prices: options.prices });
    if (lookup.price === undefined) {
      reason ??= lookup.reason;
      clusterUsdPerHour = undefined;
      continue;
    }
    single = lookup.price.usdPerHour;
    if (clusterUsdPerHour !== undefined) clusterUsdPerHour += lookup.price.usdPerHour * g.instanceCount;
  }
  const cost: { -readonly [K in keyof TrainingJobCost]: TrainingJobCost[K] } = {
    billedInstanceSeconds: billable * instanceCount,
    instanceType: describeGroups(groups),
    instanceCount,
    region,
    spot,
    running,
    billableSeconds: billable,
  };
  if (clusterUsdPerHour === undefined) {
    cost.reason = reason!;
    return cost;
  }
  const perSecond = clusterUsdPerHour / 3600;
  if (new Set(groups.map((g) => g.instanceType)).size === 1 && single !== undefined) cost.usdPerHour = single;
  const usd = billable * perSecond;
  const onDemandUsd = (spot ? Math.max(trainingTime, billable) : billable) * perSecond;
  const warmPoolUsd = retained * perSecond;
  cost.usd = roundUsd(usd);
  cost.onDemandUsd = roundUsd(onDemandUsd);
  if (spot) cost.spotSavingsUsd = roundUsd(onDemandUsd - usd);
  cost.warmPoolUsd = roundUsd(warmPoolUsd);
  cost.totalUsd = roundUsd(usd + warmPoolUsd);
  return cost;
}

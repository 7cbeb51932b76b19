/**
 * What a training job can cost before it is launched.
 *
 * @module
 */
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { describeGroups, instanceGroupsOf } from '../builder/internal/instanceGroups';
import { roundUsd } from './internal/roundUsd';
import { lookUpPrice, resolvePriceRegion, type InstancePriceOptions } from './instancePrice';

/** The service's MaxRuntimeInSeconds when a request leaves it out: one day. */
export const SERVICE_DEFAULT_MAX_RUNTIME_SECONDS = 86_400;

/** What {@link estimateTrainingCost} takes: a request, or a builder (read without validating). */
export type CostedJob =
  | CreateTrainingJobCommandInput
  | {
      /** The request, as a {@link TrainingJobBuilder} gives it. */
      toJSON(): CreateTrainingJobCommandInput;
    };

/** Options of {@link estimateTrainingCost}. */
export interface EstimateTrainingCostOptions extends InstancePriceOptions {
  /**
   * How long you expect the job to train, in seconds: gives `expectedUsd`. Capped at the job's
   * MaxRuntimeInSeconds (SageMaker stops the job there).
   */
  expectedSeconds?: number | undefined;
}

/** One instance group's share of an estimate. */
export interface CostEstimateGroup {
  /** The group's instance type; undefined when the request has none. */
  readonly instanceType: string | undefined;
  /** Instances in the group. */
  readonly instanceCount: number;
  /** On-demand USD per instance-hour, when the type has a price. */
  readonly usdPerHour?: number;
}

/** A job's cost, worked out before it runs. */
export interface CostEstimate {
  /** The instance type (`'a+b'` for heterogeneous instance groups). */
  readonly instanceType: string;
  /** Instances in all. */
  readonly instanceCount: number;
  /** On-demand USD per instance-hour, when the job has one instance type and it has a price. */
  readonly usdPerHour?: number;
  /** USD per hour for the whole cluster (every instance of every group), when every type has a price. */
  readonly clusterUsdPerHour?: number;
  /**
   * The worst case: MaxRuntimeInSeconds plus the warm pool's KeepAlivePeriodInSeconds, times
   * every instance's price. A job cannot be billed more (spot jobs are billed at most this).
   */
  readonly maxUsd?: number;
  /** `expectedSeconds` (plus the keep-alive period) times the cluster's price, when `expectedSeconds` is given. */
  readonly expectedUsd?: number;
  /** Managed spot training: billed less than on demand, by a saving not known in advance. */
  readonly spot: boolean;
  /** The region the prices are for. */
  readonly region: string;
  /** The billable seconds of the worst case: MaxRuntimeInSeconds + KeepAlivePeriodInSeconds. */
  readonly maxBillableSeconds: number;
  /** Each instance group, with its price. */
  readonly groups: readonly CostEstimateGroup[];
  /** Caveats: a spot job's unknown saving, a default max runtime, an expected time over the limit. */
  readonly notes: readonly string[];
  /** Why the amounts are undefined, when a price is missing. */
  readonly reason?: string;
}

function requestOf(job: CostedJob): CreateTrainingJobCommandInput {
  if (job === null || typeof job !== 'object') throw new TypeError('estimateTrainingCost: job must be a CreateTrainingJob request or a TrainingJobBuilder');
  return 'toJSON' in job && typeof job.toJSON === 'function' ? job.toJSON() : (job as CreateTrainingJobCommandInput);
}

/**
 * The worst-case (and, with `expectedSeconds`, the expected) dollars of a training job before it
 * runs: MaxRuntimeInSeconds (plus a warm pool's keep-alive) x instances x the on-demand price
 * per second, instance groups summed. Spot jobs are billed at most this and say so. A type
 * without a price gives `undefined` amounts and a `reason`, never a made-up number. Storage and
 * data transfer are not counted.
 *
 * @example
 * ```ts
 * import { cifarResnet50, estimateTrainingCost } from 'sagemaker-bench';
 *
 * const job = cifarResnet50({ image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/tf:2.14',
 *   role: 'arn:aws:iam::123456789012:role/SageMakerRole', outputPath: 's3://my-bucket/' })
 *   .instance('ml.p3.8xlarge').maxRuntime(2 * 3600);
 * const estimate = estimateTrainingCost(job, { expectedSeconds: 40 * 60 });
 * console.log(estimate.maxUsd, estimate.expectedUsd); // 29.376 9.792
 * ```
 */
export function estimateTrainingCost(job: CostedJob, options: EstimateTrainingCostOptions = {}): CostEstimate {
  const request = requestOf(job);
  const { expectedSeconds } = options ?? {};
  if (expectedSeconds !== undefined && (typeof expectedSeconds !== 'number' || !Number.isFinite(expectedSeconds) || expectedSeconds < 0)) {
    throw new TypeError(`estimateTrainingCost: expectedSeconds must be a number of seconds >= 0, got ${String(expectedSeconds)}`);
  }
  const notes: string[] = [];
  const declaredRuntime = request.StoppingCondition?.MaxRuntimeInSeconds;
  const runtimeIsValid = typeof declaredRuntime === 'number' && Number.isFinite(declaredRuntime) && declaredRuntime > 0;
  const maxRuntime = runtimeIsValid ? declaredRuntime : SERVICE_DEFAULT_MAX_RUNTIME_SECONDS;
  if (declaredRuntime === undefined) notes.push(`no StoppingCondition.MaxRuntimeInSeconds: the service's default of ${SERVICE_DEFAULT_MAX_RUNTIME_SECONDS} s (one day) is the worst case`);
  else if (!runtimeIsValid) notes.push(`StoppingCondition.MaxRuntimeInSeconds ${String(declaredRuntime)} is not a positive number of seconds (the service rejects it): the default of ${SERVICE_DEFAULT_MAX_RUNTIME_SECONDS} s (one day) is used`);
  const declaredKeepAlive = request.ResourceConfig?.KeepAlivePeriodInSeconds;
  const keepAlive = typeof declaredKeepAlive === 'number' && Number.isFinite(declaredKeepAlive) && declaredKeepAlive > 0 ? declaredKeepAlive : 0;
  if (keepAlive > 0) notes.push(`a warm pool keeps the instances (and bills them) for up to ${keepAlive} s after the job`);
  const spot = request.EnableManagedSpotTraining === true;
  if (spot) notes.push('managed spot training: billed for BillableTimeInSeconds, less than on demand by a saving not known in advance; maxUsd is the on-demand worst case');
  let expected = expectedSeconds;
  if (expected !== undefined && expected > maxRuntime) {
    notes.push(`expectedSeconds ${expected} is over MaxRuntimeInSeconds ${maxRuntime}: SageMaker stops the job there, so ${maxRuntime} s is used`);
    expected = maxRuntime;
  }

  const region = resolvePriceRegion('estimateTrainingCost', options ?? {});
  const groups = instanceGroupsOf(request.ResourceConfig);
  let clusterUsdPerHour: number | undefined = 0;
  let reason: string | undefined;
  const priced = groups.map((g) => {
    const lookup = lookUpPrice('estimateTrainingCost', g.instanceType, options ?? {});
    if (lookup.price === undefined) {
      reason ??= lookup.reason;
      clusterUsdPerHour = undefined;
      return { instanceType: g.instanceType, instanceCount: g.instanceCount };
    }
    if (clusterUsdPerHour !== undefined) clusterUsdPerHour += lookup.price.usdPerHour * g.instanceCount;
    return { instanceType: g.instanceType, instanceCount: g.instanceCount, usdPerHour: lookup.price.usdPerHour };
  });
  const instanceCount = groups.reduce((n, g) => n + g.instanceCount, 0);
  const maxBillableSeconds = maxRuntime + keepAlive;
  const types = new Set(groups.map((g) => g.instanceType));
  const estimate: { -readonly [K in keyof CostEstimate]: CostEstimate[K] } = {
    instanceType: describeGroups(groups),
    instanceCount,
    spot,
    region,
    maxBillableSeconds,
    groups: priced,
    notes,
  };
  if (clusterUsdPerHour !== undefined) {
    if (types.size === 1 && priced[0]!.usdPerHour !== undefined) estimate.usdPerHour = priced[0]!.usdPerHour;
    estimate.clusterUsdPerHour = roundUsd(clusterUsdPerHour);
    estimate.maxUsd = roundUsd((clusterUsdPerHour * maxBillableSeconds) / 3600);
    if (expected !== undefined) estimate.expectedUsd = roundUsd((clusterUsdPerHour * (expected + keepAlive)) / 3600);
  } else {
    estimate.reason = reason!;
  }
  return estimate;
}

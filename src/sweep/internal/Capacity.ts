/**
 * How many of a sweep's jobs may run at once: the account's quota per instance type (in
 * instances, given or learned from ResourceLimitExceeded), `maxConcurrent` (jobs in all, or per
 * instance type), and types blocked after a refusal until one of the sweep's jobs of that type
 * ends (or, when the sweep has none running, until a backoff passes: someone else's jobs hold
 * the quota). A job's demand is its instances per type: one type for most jobs, several for
 * heterogeneous instance groups. Internal.
 *
 * @module
 */
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { instanceGroupsOf } from '../../builder/internal/instanceGroups';
import { normalizeInstanceType } from '../../cost/internal/names';

/** Instances of each (normalized) instance type a job takes. */
export type Demand = ReadonlyMap<string, number>;

/** Why a job cannot be launched now. */
export interface Wait {
  reason: 'quota' | 'concurrency';
  message: string;
}

/** The instances per type a request asks for (every instance group counted under its own type). */
export function demandOf(request: CreateTrainingJobCommandInput): Demand {
  const demand = new Map<string, number>();
  for (const { instanceType, instanceCount } of instanceGroupsOf(request.ResourceConfig)) {
    if (instanceType === undefined) continue;
    const key = normalizeInstanceType(instanceType);
    demand.set(key, (demand.get(key) ?? 0) + instanceCount);
  }
  return demand;
}

/**
 * The quota the service's ResourceLimitExceeded message states, and for which type: "The
 * account-level service limit 'ml.p3.2xlarge for training job usage' is 2 Instances, ...".
 * Spot, warm-pool and other limits (other quota names) are not training instance quotas.
 */
export function quotaFromMessage(message: string | undefined): { instanceType: string; quota: number } | undefined {
  const match = /'(ml\.[a-z0-9.-]+) for training job usage' is (\d+) Instances?\b/i.exec(message ?? '');
  return match ? { instanceType: normalizeInstanceType(match[1]!), quota: Number(match[2]) } : undefined;
}

const FIRST_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 300_000;

export class Capacity {
  readonly #total: number;
  readonly #perType: ReadonlyMap<string, number>;
  readonly #quota = new Map<string, number>();
  readonly #instances = new Map<string, number>();
  readonly #jobs = new Map<string, number>();
  /** Blocked types: until one of ours ends (`undefined`) or until a time (ms). */
  readonly #blocked = new Map<string, number | undefined>();
  readonly #backoff = new Map<string, number>();
  #running = 0;

  constructor(options: { maxConcurrent?: number | Readonly<Record<string, number>> | undefined; quotas?: Readonly<Record<string, number>> | undefined; defaultMaxConcurrent?: number | undefined }) {
    const max = options.maxConcurrent ?? options.defaultMaxConcurrent;
    this.#total = typeof max === 'number' ? max : Number.POSITIVE_INFINITY;
    this.#perType = new Map(typeof max === 'object' && max !== null ? Object.entries(max).map(([type, n]) => [normalizeInstanceType(type), n]) : []);
    for (const [type, n] of Object.entries(options.quotas ?? {})) this.#quota.set(normalizeInstanceType(type), n);
  }

  /** The quota of a type, when known. */
  quota(type: string): number | undefined {
    return this.#quota.get(normalizeInstanceType(type));
  }

  /** Why a job with this demand must wait, or undefined when it may launch now. */
  check(demand: Demand, now: number): Wait | undefined {
    if (this.#running >= this.#total) return { reason: 'concurrency', message: `maxConcurrent: ${this.#total} jobs already running` };
    for (const [type, count] of demand) {
      const typeMax = this.#perType.get(type);
      if (typeMax !== undefined && (this.#jobs.get(type) ?? 0) >= typeMax) {
        return { reason: 'concurrency', message: `maxConcurrent: ${typeMax} ${type} jobs already running` };
      }
      if (this.#blocked.has(type)) {
        const until = this.#blocked.get(type);
        if (until === undefined) return { reason: 'quota', message: `the account's quota for ${type} is in use: waiting for a ${type} job of this sweep to end` };
        if (until > now) return { reason: 'quota', message: `the account's quota for ${type} is in use by other jobs: trying again in ${Math.ceil((until - now) / 1000)} s` };
        this.#blocked.delete(type); // the backoff is over
      }
      const quota = this.#quota.get(type);
      const used = this.#instances.get(type) ?? 0;
      if (quota !== undefined && used + count > quota) {
        return { reason: 'quota', message: `the account's quota for ${type} is ${quota} instances and ${used} are in use` };
      }
    }
    return undefined;
  }

  /** Why a job can never run (more instances of a type than its quota), when that is so. */
  neverFits(demand: Demand): string | undefined {
    for (const [type, count] of demand) {
      const quota = this.#quota.get(type);
      if (quota !== undefined && count > quota) {
        return `needs ${count} ${type} instances, and the account's quota for ${type} training is ${quota}: request an increase in Service Quotas ("${type} for training job usage")`;
      }
    }
    return undefined;
  }

  /** A job with this demand is launching or running. */
  take(demand: Demand): void {
    this.#running++;
    for (const [type, count] of demand) {
      this.#jobs.set(type, (this.#jobs.get(type) ?? 0) + 1);
      this.#instances.set(type, (this.#instances.get(type) ?? 0) + count);
    }
  }

  /** A job ended (or was not launched after all). `ended` unblocks its types. */
  release(demand: Demand, ended: boolean): void {
    this.#running = Math.max(0, this.#running - 1);
    for (const [type, count] of demand) {
      this.#jobs.set(type, Math.max(0, (this.#jobs.get(type) ?? 0) - 1));
      this.#instances.set(type, Math.max(0, (this.#instances.get(type) ?? 0) - count));
      if (ended) {
        this.#blocked.delete(type);
        this.#backoff.delete(type);
      } else if (this.#blocked.has(type) && this.#blocked.get(type) === undefined && (this.#jobs.get(type) ?? 0) === 0) {
        // Blocked until one of ours ends, and none of ours is left to end: try again (a refusal then backs off).
        this.#blocked.delete(type);
      }
    }
  }

  /**
   * The service refused a job with this demand past a quota (the job's own reservation already
   * released). Learns the quota the message states, for the type it names, and blocks that type
   * (or, when the message names none, every type of the job): until one of the sweep's jobs of
   * the type ends, or, with none running, for a backoff (30 s doubling to 5 min). Returns when the
   * job may be tried again (ms), or undefined for "when a job ends".
   */
  refused(demand: Demand, serviceMessage: string | undefined, now: number): number | undefined {
    const learned = quotaFromMessage(serviceMessage);
    if (learned !== undefined && !this.#quota.has(learned.instanceType)) this.#quota.set(learned.instanceType, learned.quota);
    const types = learned !== undefined && demand.has(learned.instanceType) ? [learned.instanceType] : [...demand.keys()];
    let retryAt: number | undefined;
    for (const type of types) {
      if ((this.#jobs.get(type) ?? 0) > 0) {
        this.#blocked.set(type, undefined);
        continue;
      }
      const backoff = Math.min(MAX_BACKOFF_MS, this.#backoff.get(type) ?? FIRST_BACKOFF_MS);
      this.#backoff.set(type, backoff * 2);
      this.#blocked.set(type, now + backoff);
      retryAt = Math.max(retryAt ?? 0, now + backoff);
    }
    return types.some((type) => this.#blocked.get(type) === undefined) ? undefined : retryAt;
  }

  /**
   * When a blocked type may be tried again, if one waits on a time: the earliest future end of a
   * backoff, or `now` when a backoff has just ended (it is then cleared, so this says `now` once).
   */
  nextRetryAt(now: number): number | undefined {
    let next: number | undefined;
    for (const [type, until] of this.#blocked) {
      if (until === undefined) continue;
      if (until <= now) {
        this.#blocked.delete(type);
        next = now;
        continue;
      }
      if (next === undefined || until < next) next = until;
    }
    return next;
  }
}

import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { Capacity, demandOf, quotaFromMessage } from '../../../src/sweep/internal/Capacity';
import type { Demand } from '../../../src/sweep/internal/Capacity';

/** ResourceLimitExceeded's message as SageMaker words it. */
const LIMIT_MESSAGE =
  "The account-level service limit 'ml.p3.2xlarge for training job usage' is 2 Instances, with current utilization of 2 Instances and a request delta of 1 Instances. Please use AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available, contact AWS support to request an increase for this quota.";
/** The same, for ml.c5.xlarge (quota 3). */
const C5_LIMIT_MESSAGE =
  "The account-level service limit 'ml.c5.xlarge for training job usage' is 3 Instances, with current utilization of 3 Instances and a request delta of 2 Instances. Please use AWS Service Quotas to request an increase for this quota.";

const P3 = 'ml.p3.2xlarge';
const G5 = 'ml.g5.xlarge';
const C5 = 'ml.c5.xlarge';
const T0 = 1_764_000_000_000;
const SECOND = 1000;

/** Only the part of a CreateTrainingJob request demandOf reads. */
const requestWith = (resources: CreateTrainingJobCommandInput['ResourceConfig']): CreateTrainingJobCommandInput =>
  ({ ResourceConfig: resources }) as CreateTrainingJobCommandInput;

/** The demand of a job on `count` instances of one type. */
const one = (type: string, count = 1): Demand => demandOf(requestWith({ InstanceType: type as never, InstanceCount: count, VolumeSizeInGB: 16 }));

/** A heterogeneous job: one ml.p3.2xlarge and two ml.c5.xlarge. */
const mixed = (): Demand =>
  demandOf(
    requestWith({
      InstanceGroups: [
        { InstanceGroupName: 'gpu', InstanceType: P3, InstanceCount: 1 },
        { InstanceGroupName: 'cpu', InstanceType: C5, InstanceCount: 2 },
      ],
      VolumeSizeInGB: 16,
    }),
  );

describe('Capacity', () => {
  describe('demandOf', () => {
    it('counts InstanceCount instances of ResourceConfig.InstanceType, normalized', () => {
      expect(demandOf(requestWith({ InstanceType: P3, InstanceCount: 4, VolumeSizeInGB: 16 }))).toEqual(new Map([[P3, 4]]));
      expect(demandOf(requestWith({ InstanceType: ' P3.2XLARGE ' as never, InstanceCount: 1, VolumeSizeInGB: 16 }))).toEqual(new Map([[P3, 1]]));
    });

    it('counts one instance when InstanceCount is missing', () => {
      expect(demandOf(requestWith({ InstanceType: G5, VolumeSizeInGB: 16 } as never))).toEqual(new Map([[G5, 1]]));
    });

    it('counts every instance group under its own type, groups of one type added up', () => {
      expect(mixed()).toEqual(
        new Map([
          [P3, 1],
          [C5, 2],
        ]),
      );
      const twoGroups = requestWith({
        InstanceGroups: [
          { InstanceGroupName: 'a', InstanceType: C5, InstanceCount: 2 },
          { InstanceGroupName: 'b', InstanceType: 'C5.xlarge' as never, InstanceCount: 3 },
        ],
        VolumeSizeInGB: 16,
      });
      expect(demandOf(twoGroups)).toEqual(new Map([[C5, 5]]));
    });

    it('demands nothing of a request without a ResourceConfig', () => {
      expect(demandOf({} as CreateTrainingJobCommandInput).size).toBe(0);
    });
  });

  describe('maxConcurrent', () => {
    it('lets every job launch when nothing limits it', () => {
      const capacity = new Capacity({});
      for (let i = 0; i < 100; i++) {
        expect(capacity.check(one(P3), T0)).toBeUndefined();
        capacity.take(one(P3));
      }
    });

    it('caps the jobs running in all at a total maxConcurrent, whatever their types', () => {
      const capacity = new Capacity({ maxConcurrent: 2 });
      capacity.take(one(P3));
      expect(capacity.check(one(G5), T0)).toBeUndefined();
      capacity.take(one(G5));
      expect(capacity.check(one(P3), T0)).toEqual({ reason: 'concurrency', message: 'maxConcurrent: 2 jobs already running' });
      expect(capacity.check(one(G5), T0)?.reason).toBe('concurrency');
      capacity.release(one(P3), true);
      expect(capacity.check(one(G5), T0)).toBeUndefined();
    });

    it('caps jobs per instance type with a record, other types unlimited', () => {
      const capacity = new Capacity({ maxConcurrent: { [P3]: 1 } });
      capacity.take(one(P3));
      expect(capacity.check(one(P3), T0)).toEqual({ reason: 'concurrency', message: `maxConcurrent: 1 ${P3} jobs already running` });
      for (let i = 0; i < 10; i++) {
        expect(capacity.check(one(G5), T0)).toBeUndefined();
        capacity.take(one(G5));
      }
      capacity.release(one(P3), true);
      expect(capacity.check(one(P3), T0)).toBeUndefined();
    });

    it('counts jobs, not instances, against maxConcurrent', () => {
      const capacity = new Capacity({ maxConcurrent: 2 });
      capacity.take(one(P3, 8));
      expect(capacity.check(one(P3, 8), T0)).toBeUndefined();
    });

    it('reads per-type caps and the types checked the same with or without ml. and in any case', () => {
      const capacity = new Capacity({ maxConcurrent: { 'P3.2xlarge': 1 } });
      capacity.take(one(' ml.P3.2XLARGE '));
      expect(capacity.check(one('p3.2xlarge'), T0)?.reason).toBe('concurrency');
    });

    it('uses defaultMaxConcurrent only when no maxConcurrent is given', () => {
      const local = new Capacity({ defaultMaxConcurrent: 1 });
      local.take(one(P3));
      expect(local.check(one(G5), T0)?.reason).toBe('concurrency');
      const given = new Capacity({ maxConcurrent: 3, defaultMaxConcurrent: 1 });
      given.take(one(P3));
      expect(given.check(one(G5), T0)).toBeUndefined();
    });
  });

  describe('quotas', () => {
    it('weighs a job by its instances against the quota', () => {
      const capacity = new Capacity({ quotas: { [P3]: 4 } });
      expect(capacity.check(one(P3, 3), T0)).toBeUndefined();
      capacity.take(one(P3, 3));
      expect(capacity.check(one(P3, 1), T0)).toBeUndefined();
      expect(capacity.check(one(P3, 2), T0)).toEqual({ reason: 'quota', message: `the account's quota for ${P3} is 4 instances and 3 are in use` });
      capacity.release(one(P3, 3), true);
      expect(capacity.check(one(P3, 4), T0)).toBeUndefined();
    });

    it('keeps each type to its own quota', () => {
      const capacity = new Capacity({ quotas: { [P3]: 1, [G5]: 2 } });
      capacity.take(one(P3));
      expect(capacity.check(one(P3), T0)?.reason).toBe('quota');
      expect(capacity.check(one(G5, 2), T0)).toBeUndefined();
    });

    it('tells the quota of a type when known, with or without ml.', () => {
      const capacity = new Capacity({ quotas: { 'p3.2xlarge': 2 } });
      expect(capacity.quota(P3)).toBe(2);
      expect(capacity.quota('P3.2xlarge')).toBe(2);
      expect(capacity.quota(G5)).toBeUndefined();
    });

    it('says a job can never fit when it needs more instances than the quota', () => {
      const capacity = new Capacity({ quotas: { [P3]: 2, [G5]: 0 } });
      expect(capacity.neverFits(one(P3, 2))).toBeUndefined();
      expect(capacity.neverFits(one(P3, 3))).toBe(
        `needs 3 ${P3} instances, and the account's quota for ${P3} training is 2: request an increase in Service Quotas ("${P3} for training job usage")`,
      );
      expect(capacity.neverFits(one(G5, 1))).toMatch(/quota for ml\.g5\.xlarge training is 0/);
      expect(capacity.neverFits(one('ml.m5.large', 1000))).toBeUndefined();
    });

    it('gives back the instances of a job released without ending (not launched after all)', () => {
      const capacity = new Capacity({ quotas: { [P3]: 1 } });
      capacity.take(one(P3));
      capacity.release(one(P3), false);
      expect(capacity.check(one(P3), T0)).toBeUndefined();
    });

    it('never counts jobs or instances below zero when more is released than taken', () => {
      const jobs = new Capacity({ maxConcurrent: 1, quotas: { [P3]: 1 } });
      jobs.release(one(P3, 5), true);
      jobs.take(one(P3));
      expect(jobs.check(one(P3), T0)?.reason).toBe('concurrency');
      const instances = new Capacity({ quotas: { [P3]: 1 } });
      instances.release(one(P3, 5), true);
      instances.take(one(P3));
      expect(instances.check(one(P3), T0)).toEqual({ reason: 'quota', message: `the account's quota for ${P3} is 1 instances and 1 are in use` });
    });
  });

  describe('heterogeneous jobs (several instance types)', () => {
    it('checks the instances of every type of the job against that type’s quota', () => {
      const capacity = new Capacity({ quotas: { [P3]: 1, [C5]: 3 } });
      expect(capacity.check(mixed(), T0)).toBeUndefined();
      capacity.take(mixed());
      expect(capacity.check(one(C5, 1), T0)).toBeUndefined();
      expect(capacity.check(one(C5, 2), T0)).toEqual({ reason: 'quota', message: `the account's quota for ${C5} is 3 instances and 2 are in use` });
      expect(capacity.check(one(P3), T0)).toEqual({ reason: 'quota', message: `the account's quota for ${P3} is 1 instances and 1 are in use` });
      expect(capacity.check(one(G5, 50), T0)).toBeUndefined();
    });

    it('refuses a heterogeneous job when any one of its types is over quota', () => {
      const capacity = new Capacity({ quotas: { [P3]: 4, [C5]: 2 } });
      capacity.take(one(C5));
      expect(capacity.check(mixed(), T0)).toEqual({ reason: 'quota', message: `the account's quota for ${C5} is 2 instances and 1 are in use` });
      expect(new Capacity({ quotas: { [C5]: 1 } }).neverFits(mixed())).toMatch(/^needs 2 ml\.c5\.xlarge instances, and the account's quota for ml\.c5\.xlarge training is 1/);
      expect(new Capacity({ quotas: { [P3]: 1, [C5]: 2 } }).neverFits(mixed())).toBeUndefined();
    });

    it('counts the job under each of its types against per-type maxConcurrent', () => {
      const capacity = new Capacity({ maxConcurrent: { [P3]: 1, [C5]: 1 } });
      capacity.take(mixed());
      expect(capacity.check(one(P3), T0)).toEqual({ reason: 'concurrency', message: `maxConcurrent: 1 ${P3} jobs already running` });
      expect(capacity.check(one(C5), T0)).toEqual({ reason: 'concurrency', message: `maxConcurrent: 1 ${C5} jobs already running` });
      expect(capacity.check(one(G5), T0)).toBeUndefined();
    });

    it('counts the job once against a total maxConcurrent', () => {
      const capacity = new Capacity({ maxConcurrent: 2 });
      capacity.take(mixed());
      expect(capacity.check(one(G5), T0)).toBeUndefined();
      capacity.take(one(G5));
      expect(capacity.check(one(G5), T0)?.reason).toBe('concurrency');
    });

    it('frees the instances and the job slots of every type when the job is released', () => {
      const capacity = new Capacity({ maxConcurrent: { [P3]: 1, [C5]: 1 }, quotas: { [P3]: 1, [C5]: 2 } });
      capacity.take(mixed());
      expect(capacity.check(mixed(), T0)?.reason).toBe('concurrency');
      capacity.release(mixed(), true);
      expect(capacity.check(one(P3), T0)).toBeUndefined();
      expect(capacity.check(one(C5, 2), T0)).toBeUndefined();
      expect(capacity.check(mixed(), T0)).toBeUndefined();
    });
  });

  describe('refused (ResourceLimitExceeded)', () => {
    it('reads the quota and its instance type out of the service message', () => {
      expect(quotaFromMessage(LIMIT_MESSAGE)).toEqual({ instanceType: P3, quota: 2 });
      expect(quotaFromMessage("The account-level service limit 'ml.g5.xlarge for training job usage' is 1 Instance, with current utilization of 1 Instance")).toEqual({
        instanceType: G5,
        quota: 1,
      });
      expect(quotaFromMessage(C5_LIMIT_MESSAGE)).toEqual({ instanceType: C5, quota: 3 });
      expect(quotaFromMessage("The account-level service limit 'ML.P3.2XLARGE for training job usage' is 2 Instances")).toEqual({ instanceType: P3, quota: 2 });
      expect(quotaFromMessage('Rate exceeded')).toBeUndefined();
      expect(quotaFromMessage(undefined)).toBeUndefined();
    });

    it('reads no training quota out of spot or warm pool limits', () => {
      expect(quotaFromMessage("The account-level service limit 'ml.p3.2xlarge for spot training job usage' is 2 Instances, with current utilization of 2 Instances")).toBeUndefined();
      expect(quotaFromMessage("The account-level service limit 'ml.p3.2xlarge for training warm pool usage' is 2 Instances, with current utilization of 2 Instances")).toBeUndefined();
      const capacity = new Capacity({});
      capacity.refused(one(P3), "The account-level service limit 'ml.p3.2xlarge for spot training job usage' is 2 Instances", T0);
      expect(capacity.quota(P3)).toBeUndefined();
    });

    it('learns the quota from the message', () => {
      const capacity = new Capacity({});
      expect(capacity.quota(P3)).toBeUndefined();
      capacity.refused(one(P3), LIMIT_MESSAGE, T0);
      expect(capacity.quota(P3)).toBe(2);
      expect(capacity.neverFits(one(P3, 3))).toMatch(/quota for ml\.p3\.2xlarge training is 2/);
    });

    it('keeps a quota it was given rather than the one in a message', () => {
      const capacity = new Capacity({ quotas: { [P3]: 5 } });
      capacity.refused(one(P3), LIMIT_MESSAGE, T0);
      expect(capacity.quota(P3)).toBe(5);
    });

    it('learns the quota of the type the message names, not of the job’s type', () => {
      const capacity = new Capacity({});
      capacity.refused(one(P3), C5_LIMIT_MESSAGE, T0);
      expect(capacity.quota(P3)).toBeUndefined();
      expect(capacity.quota(C5)).toBe(3);
      // The job has no c5 instance: every type it has is blocked.
      expect(capacity.check(one(P3), T0)?.reason).toBe('quota');
    });

    it('blocks only the type the message names when the job has it', () => {
      const capacity = new Capacity({});
      expect(capacity.refused(mixed(), C5_LIMIT_MESSAGE, T0)).toBe(T0 + 30 * SECOND);
      expect(capacity.check(one(C5), T0)).toEqual({ reason: 'quota', message: `the account's quota for ${C5} is in use by other jobs: trying again in 30 s` });
      expect(capacity.check(mixed(), T0)?.reason).toBe('quota');
      expect(capacity.check(one(P3), T0)).toBeUndefined();
      expect(capacity.quota(C5)).toBe(3);
    });

    it('blocks every type of the job when the message names none', () => {
      const capacity = new Capacity({});
      expect(capacity.refused(mixed(), undefined, T0)).toBe(T0 + 30 * SECOND);
      expect(capacity.check(one(P3), T0 + SECOND)?.reason).toBe('quota');
      expect(capacity.check(one(C5), T0 + SECOND)?.reason).toBe('quota');
      expect(capacity.check(one(G5), T0 + SECOND)).toBeUndefined();
    });

    it('waits for a job to end when any blocked type of the job has one of ours running', () => {
      const capacity = new Capacity({});
      capacity.take(one(P3));
      expect(capacity.refused(mixed(), undefined, T0)).toBeUndefined();
      expect(capacity.check(one(P3), T0 + 3600 * SECOND)?.message).toBe(`the account's quota for ${P3} is in use: waiting for a ${P3} job of this sweep to end`);
      expect(capacity.check(one(C5), T0 + SECOND)?.message).toMatch(/in use by other jobs: trying again in 29 s$/);
      expect(capacity.nextRetryAt(T0 + SECOND)).toBe(T0 + 30 * SECOND);
    });

    it('blocks the type until one of our jobs of that type ends, when one runs', () => {
      const capacity = new Capacity({});
      capacity.take(one(P3)); // ours, running
      // a second one was refused (its own reservation already released)
      expect(capacity.refused(one(P3), LIMIT_MESSAGE, T0)).toBeUndefined();
      expect(capacity.check(one(P3), T0 + 3600 * SECOND)).toEqual({
        reason: 'quota',
        message: `the account's quota for ${P3} is in use: waiting for a ${P3} job of this sweep to end`,
      });
      expect(capacity.nextRetryAt(T0)).toBeUndefined();
      expect(capacity.check(one(G5), T0)).toBeUndefined();
      capacity.release(one(P3), true);
      expect(capacity.check(one(P3), T0)).toBeUndefined();
    });

    it('stays blocked when one of ours is released without having ended while another still runs', () => {
      const capacity = new Capacity({});
      capacity.take(one(P3));
      capacity.take(one(P3));
      capacity.refused(one(P3), undefined, T0);
      capacity.release(one(P3), false);
      expect(capacity.check(one(P3), T0)?.reason).toBe('quota');
    });

    it('unblocks a type waiting for one of ours to end once the last of ours of the type is released without ending', () => {
      const capacity = new Capacity({});
      capacity.take(one(P3)); // job A launching
      capacity.take(one(P3)); // job B launching
      capacity.release(one(P3), false); // B refused: its reservation released first ...
      expect(capacity.refused(one(P3), LIMIT_MESSAGE, T0)).toBeUndefined(); // ... then blocked until A ends
      expect(capacity.check(one(P3), T0)?.reason).toBe('quota');
      capacity.release(one(P3), false); // A's launch failed for another reason: none of ours holds the type
      expect(capacity.check(one(P3), T0)).toBeUndefined();
      expect(capacity.check(one(P3), T0 + 3600 * SECOND)).toBeUndefined();
      // Refused again with none of ours running: someone else holds the quota, so it backs off.
      expect(capacity.refused(one(P3), LIMIT_MESSAGE, T0)).toBe(T0 + 30 * SECOND);
      expect(capacity.nextRetryAt(T0)).toBe(T0 + 30 * SECOND);
    });

    it('backs off for 30 s when none of ours runs (someone else holds the quota)', () => {
      const capacity = new Capacity({});
      expect(capacity.refused(one(P3), LIMIT_MESSAGE, T0)).toBe(T0 + 30 * SECOND);
      expect(capacity.nextRetryAt(T0)).toBe(T0 + 30 * SECOND);
      expect(capacity.check(one(P3), T0 + 29_999)).toEqual({ reason: 'quota', message: `the account's quota for ${P3} is in use by other jobs: trying again in 1 s` });
      expect(capacity.check(one(P3), T0 + 30 * SECOND)).toBeUndefined();
      expect(capacity.check(one(G5), T0)).toBeUndefined();
    });

    it('doubles the backoff on every refusal up to 5 minutes', () => {
      const capacity = new Capacity({});
      const waits: number[] = [];
      let now = T0;
      for (let i = 0; i < 7; i++) {
        const until = capacity.refused(one(P3), LIMIT_MESSAGE, now)!;
        waits.push((until - now) / SECOND);
        now = until;
      }
      expect(waits).toEqual([30, 60, 120, 240, 300, 300, 300]);
    });

    it('starts the backoff again at 30 s once one of our jobs of the type ends', () => {
      const capacity = new Capacity({});
      capacity.refused(one(P3), LIMIT_MESSAGE, T0);
      capacity.refused(one(P3), LIMIT_MESSAGE, T0 + 30 * SECOND);
      capacity.take(one(P3));
      capacity.release(one(P3), true);
      expect(capacity.refused(one(P3), LIMIT_MESSAGE, T0 + 100 * SECOND)).toBe(T0 + 130 * SECOND);
    });

    it('keeps a backoff per type', () => {
      const capacity = new Capacity({});
      capacity.refused(one(P3), LIMIT_MESSAGE, T0);
      expect(capacity.refused(one(P3), LIMIT_MESSAGE, T0)).toBe(T0 + 60 * SECOND);
      expect(capacity.refused(one(G5), undefined, T0)).toBe(T0 + 30 * SECOND);
      expect(capacity.nextRetryAt(T0)).toBe(T0 + 30 * SECOND);
    });

    it('checks the learned quota once the backoff has passed', () => {
      const capacity = new Capacity({});
      capacity.refused(one(P3), LIMIT_MESSAGE, T0); // quota 2
      const later = T0 + 31 * SECOND;
      expect(capacity.check(one(P3, 2), later)).toBeUndefined();
      capacity.take(one(P3, 2));
      expect(capacity.check(one(P3), later)).toEqual({ reason: 'quota', message: `the account's quota for ${P3} is 2 instances and 2 are in use` });
    });
  });

  describe('nextRetryAt', () => {
    it('is undefined when no type is blocked', () => {
      expect(new Capacity({}).nextRetryAt(T0)).toBeUndefined();
    });

    it('says now once for a backoff that has ended, then the other type’s future end, never an expired time again', () => {
      const capacity = new Capacity({});
      capacity.refused(one(P3), LIMIT_MESSAGE, T0); // P3 until T0 + 30 s
      capacity.refused(one(C5), C5_LIMIT_MESSAGE, T0 + 20 * SECOND); // C5 until T0 + 50 s
      const now = T0 + 40 * SECOND;
      expect(capacity.nextRetryAt(now)).toBe(now); // P3's backoff is over: cleared
      expect(capacity.nextRetryAt(now)).toBe(T0 + 50 * SECOND); // not `now` again (a sweep would spin, never waiting)
      expect(capacity.nextRetryAt(now)).toBe(T0 + 50 * SECOND);
      expect(capacity.check(one(P3), now)).toBeUndefined();
      expect(capacity.check(one(C5), now)?.reason).toBe('quota');
      const end = T0 + 50 * SECOND;
      expect(capacity.nextRetryAt(end)).toBe(end);
      expect(capacity.nextRetryAt(end)).toBeUndefined();
      expect(capacity.check(one(C5), end)).toBeUndefined();
    });

    it('gives the earliest of several future backoff ends', () => {
      const capacity = new Capacity({});
      capacity.refused(one(P3), undefined, T0); // until T0 + 30 s
      capacity.refused(one(P3), undefined, T0); // until T0 + 60 s
      capacity.refused(one(C5), undefined, T0 + 10 * SECOND); // until T0 + 40 s
      expect(capacity.nextRetryAt(T0 + 10 * SECOND)).toBe(T0 + 40 * SECOND);
    });

    it('ignores types waiting for one of ours to end', () => {
      const capacity = new Capacity({});
      capacity.take(one(P3));
      capacity.refused(one(P3), LIMIT_MESSAGE, T0);
      capacity.refused(one(C5), C5_LIMIT_MESSAGE, T0);
      expect(capacity.nextRetryAt(T0)).toBe(T0 + 30 * SECOND);
      expect(capacity.nextRetryAt(T0 + 30 * SECOND)).toBe(T0 + 30 * SECOND);
      expect(capacity.nextRetryAt(T0 + 3600 * SECOND)).toBeUndefined();
      expect(capacity.check(one(P3), T0 + 3600 * SECOND)?.reason).toBe('quota');
    });
  });
});

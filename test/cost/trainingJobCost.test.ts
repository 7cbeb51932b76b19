import type { DescribeTrainingJobCommandOutput, ResourceConfig } from '@aws-sdk/client-sagemaker';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInTrainingPrices } from '../../src/cost/builtInTrainingPrices';
import type { PriceCatalog } from '../../src/cost/PriceCatalog';
import { trainingJobCost } from '../../src/cost/trainingJobCost';

const ARN_US_EAST_1 = 'arn:aws:sagemaker:us-east-1:123456789012:training-job/cost-test';
const ARN_EU_WEST_1 = 'arn:aws:sagemaker:eu-west-1:123456789012:training-job/cost-test';

/** A DescribeTrainingJob output with only what the cost needs. */
function described(resourceConfig: Partial<ResourceConfig>, fields: Partial<DescribeTrainingJobCommandOutput> = {}): DescribeTrainingJobCommandOutput {
  return {
    $metadata: {},
    TrainingJobName: 'cost-test',
    TrainingJobArn: ARN_US_EAST_1,
    TrainingJobStatus: 'Completed',
    SecondaryStatus: 'Completed',
    ResourceConfig: { VolumeSizeInGB: 16, ...resourceConfig } as ResourceConfig,
    StoppingCondition: { MaxRuntimeInSeconds: 86_400 },
    CreationTime: new Date('2026-01-01T09:55:00Z'),
    ...fields,
  } as DescribeTrainingJobCommandOutput;
}

describe('trainingJobCost', () => {
  it('costs a completed on-demand job: BillableTimeInSeconds x InstanceCount x price', () => {
    const cost = trainingJobCost(
      described({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 2 }, { TrainingTimeInSeconds: 5400, BillableTimeInSeconds: 5400 }),
    );
    // 5400 s x 2 instances = 10800 instance-seconds
    expect(cost.billedInstanceSeconds).toBe(10_800);
    expect(cost.billableSeconds).toBe(5400);
    // 3.825 $/h x 2 instances x 5400 s / 3600 = 11.475
    expect(cost.usd).toBeCloseTo(11.475, 6);
    expect(cost.onDemandUsd).toBeCloseTo(11.475, 6);
    expect(cost.spotSavingsUsd).toBeUndefined();
    expect(cost.warmPoolUsd).toBe(0);
    expect(cost.totalUsd).toBeCloseTo(11.475, 6);
    expect(cost.usdPerHour).toBeCloseTo(3.825, 6);
    expect(cost.instanceType).toBe('ml.p3.2xlarge');
    expect(cost.instanceCount).toBe(2);
    expect(cost.region).toBe('us-east-1');
    expect(cost.spot).toBe(false);
    expect(cost.running).toBe(false);
    expect(cost.reason).toBeUndefined();
  });

  it('costs a spot job on its billable time and gives the on-demand equivalent and the savings', () => {
    const cost = trainingJobCost(
      described(
        { InstanceType: 'ml.p3.8xlarge', InstanceCount: 2 },
        { EnableManagedSpotTraining: true, TrainingTimeInSeconds: 3600, BillableTimeInSeconds: 1080 },
      ),
    );
    expect(cost.spot).toBe(true);
    expect(cost.billedInstanceSeconds).toBe(2160);
    // 14.688 $/h x 2 instances x 1080 s / 3600 = 8.8128
    expect(cost.usd).toBeCloseTo(8.8128, 6);
    // 14.688 $/h x 2 instances x 3600 s / 3600 = 29.376
    expect(cost.onDemandUsd).toBeCloseTo(29.376, 6);
    // 29.376 - 8.8128 = 20.5632
    expect(cost.spotSavingsUsd).toBeCloseTo(20.5632, 6);
    expect(cost.totalUsd).toBeCloseTo(8.8128, 6);
  });

  it('follows the DESIGN rule: spot savings = 1 - Billable/Training = spotSavingsUsd / onDemandUsd', () => {
    const billable = 1080;
    const training = 3600;
    const cost = trainingJobCost(
      described(
        { InstanceType: 'ml.p3.8xlarge', InstanceCount: 2 },
        { EnableManagedSpotTraining: true, TrainingTimeInSeconds: training, BillableTimeInSeconds: billable },
      ),
    );
    // 1 - 1080 / 3600 = 0.7
    const rule = 1 - billable / training;
    expect(rule).toBeCloseTo(0.7, 6);
    expect((cost.spotSavingsUsd ?? Number.NaN) / (cost.onDemandUsd ?? Number.NaN)).toBeCloseTo(rule, 6);
  });

  it('never gives negative spot savings when Billable exceeds Training', () => {
    const cost = trainingJobCost(
      described({ InstanceType: 'ml.m5.large', InstanceCount: 1 }, { EnableManagedSpotTraining: true, TrainingTimeInSeconds: 100, BillableTimeInSeconds: 120 }),
    );
    // 0.115 $/h x 1 x 120 s / 3600 = 0.003833333...
    expect(cost.usd).toBeCloseTo(0.0038333333, 6);
    expect(cost.onDemandUsd).toBeCloseTo(0.0038333333, 6);
    expect(cost.spotSavingsUsd).toBe(0);
  });

  it('adds a warm pool ResourceRetainedBillableTimeInSeconds to the total', () => {
    const cost = trainingJobCost(
      described(
        { InstanceType: 'ml.g5.2xlarge', InstanceCount: 2, KeepAlivePeriodInSeconds: 1800 },
        {
          TrainingTimeInSeconds: 1200,
          BillableTimeInSeconds: 1200,
          WarmPoolStatus: { Status: 'Terminated', ResourceRetainedBillableTimeInSeconds: 900 },
        },
      ),
    );
    // 1.515 $/h x 2 instances x 1200 s / 3600 = 1.01
    expect(cost.usd).toBeCloseTo(1.01, 6);
    // 1.515 $/h x 2 instances x 900 s / 3600 = 0.7575
    expect(cost.warmPoolUsd).toBeCloseTo(0.7575, 6);
    // 1.01 + 0.7575 = 1.7675
    expect(cost.totalUsd).toBeCloseTo(1.7675, 6);
    // the warm pool is not part of the billed training compute
    expect(cost.billedInstanceSeconds).toBe(2400);
  });

  it('costs an InProgress job from TrainingStartTime to now and says it is running', () => {
    const cost = trainingJobCost(
      described(
        { InstanceType: 'ml.g4dn.2xlarge', InstanceCount: 3 },
        { TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training', TrainingStartTime: new Date('2026-01-01T10:00:00Z') },
      ),
      { now: new Date('2026-01-01T10:30:00Z') },
    );
    expect(cost.running).toBe(true);
    // 10:00 -> 10:30 = 1800 s
    expect(cost.billableSeconds).toBe(1800);
    // 1800 s x 3 instances = 5400 instance-seconds
    expect(cost.billedInstanceSeconds).toBe(5400);
    // 0.94 $/h x 3 instances x 1800 s / 3600 = 1.41
    expect(cost.usd).toBeCloseTo(1.41, 6);
    expect(cost.totalUsd).toBeCloseTo(1.41, 6);
  });

  it('costs a Stopping job up to now as well', () => {
    const cost = trainingJobCost(
      described(
        { InstanceType: 'ml.m5.large', InstanceCount: 1 },
        { TrainingJobStatus: 'Stopping', SecondaryStatus: 'Stopping', TrainingStartTime: new Date('2026-01-01T10:00:00Z') },
      ),
      { now: new Date('2026-01-01T12:00:00Z') },
    );
    expect(cost.running).toBe(true);
    expect(cost.billableSeconds).toBe(7200);
    // 0.115 $/h x 1 x 7200 s / 3600 = 0.23
    expect(cost.usd).toBeCloseTo(0.23, 6);
  });

  it('costs a running job whose TrainingStartTime was read back from JSON as a string', () => {
    const cost = trainingJobCost(
      described(
        { InstanceType: 'ml.g4dn.2xlarge', InstanceCount: 3 },
        { TrainingJobStatus: 'InProgress', TrainingStartTime: '2026-01-01T10:00:00.000Z' as unknown as Date },
      ),
      { now: new Date('2026-01-01T10:30:00Z') },
    );
    expect(cost.billableSeconds).toBe(1800);
    // 0.94 $/h x 3 x 1800 s / 3600 = 1.41
    expect(cost.usd).toBeCloseTo(1.41, 6);
  });

  it('costs a running job that has not started training yet at zero', () => {
    const cost = trainingJobCost(described({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 1 }, { TrainingJobStatus: 'InProgress', SecondaryStatus: 'Starting' }));
    expect(cost.running).toBe(true);
    expect(cost.billableSeconds).toBe(0);
    expect(cost.usd).toBe(0);
  });

  it('takes the region from the TrainingJobArn, where there is no built-in price, and says why', () => {
    const cost = trainingJobCost(
      described({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 2 }, { TrainingJobArn: ARN_EU_WEST_1, BillableTimeInSeconds: 3600 }),
    );
    expect(cost.region).toBe('eu-west-1');
    expect(cost.usd).toBeUndefined();
    expect(cost.onDemandUsd).toBeUndefined();
    expect(cost.warmPoolUsd).toBeUndefined();
    expect(cost.totalUsd).toBeUndefined();
    expect(cost.usdPerHour).toBeUndefined();
    expect(cost.reason).toContain('ml.p3.2xlarge');
    expect(cost.reason).toContain('eu-west-1');
    // what needs no price is still there: 3600 s x 2 instances
    expect(cost.billedInstanceSeconds).toBe(7200);
  });

  it('lets options.region override the region of the TrainingJobArn', () => {
    const cost = trainingJobCost(
      described({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 2 }, { TrainingJobArn: ARN_EU_WEST_1, BillableTimeInSeconds: 3600 }),
      { region: 'us-east-1' },
    );
    expect(cost.region).toBe('us-east-1');
    // 3.825 $/h x 2 instances x 3600 s / 3600 = 7.65
    expect(cost.usd).toBeCloseTo(7.65, 6);
  });

  it('prices the region of the TrainingJobArn from the given prices', () => {
    const prices: PriceCatalog = {
      regions: { 'eu-west-1': { 'ml.p3.2xlarge': { instanceType: 'ml.p3.2xlarge', region: 'eu-west-1', usdPerHour: 4.131, source: 'my invoice', asOf: '2026-11-30' } } },
    };
    const cost = trainingJobCost(
      described({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 1 }, { TrainingJobArn: ARN_EU_WEST_1, BillableTimeInSeconds: 1800 }),
      { prices },
    );
    // 4.131 $/h x 1 instance x 1800 s / 3600 = 2.0655
    expect(cost.usd).toBeCloseTo(2.0655, 6);
    expect(cost.region).toBe('eu-west-1');
  });

  it('falls back to us-east-1 when the job has no TrainingJobArn', () => {
    const cost = trainingJobCost(described({ InstanceType: 'ml.m5.large', InstanceCount: 1 }, { TrainingJobArn: undefined, BillableTimeInSeconds: 3600 }));
    expect(cost.region).toBe('us-east-1');
    // 0.115 $/h x 1 x 3600 s / 3600 = 0.115
    expect(cost.usd).toBeCloseTo(0.115, 6);
  });

  it('sums heterogeneous instance groups', () => {
    const cost = trainingJobCost(
      described(
        {
          InstanceGroups: [
            { InstanceGroupName: 'gpu', InstanceType: 'ml.p3.2xlarge', InstanceCount: 2 },
            { InstanceGroupName: 'data', InstanceType: 'ml.g4dn.xlarge', InstanceCount: 3 },
          ],
        },
        { TrainingTimeInSeconds: 3600, BillableTimeInSeconds: 3600 },
      ),
    );
    expect(cost.instanceType).toBe('ml.p3.2xlarge+ml.g4dn.xlarge');
    expect(cost.instanceCount).toBe(5);
    // 3600 s x 5 instances = 18000
    expect(cost.billedInstanceSeconds).toBe(18_000);
    // (3.825 x 2 + 0.7364 x 3) $/h x 3600 s / 3600 = 7.65 + 2.2092 = 9.8592
    expect(cost.usd).toBeCloseTo(9.8592, 6);
    expect(cost.usdPerHour).toBeUndefined();
  });

  it('costs the instance type and count SageMaker selected from InstancePreferences', () => {
    const cost = trainingJobCost(
      described(
        {
          InstancePreferences: [{ InstanceType: 'ml.p5.48xlarge' }, { InstanceType: 'ml.p3.16xlarge' }],
          InstanceCount: 2,
          SelectedInstanceType: 'ml.p3.16xlarge',
          SelectedInstanceCount: 2,
        },
        { BillableTimeInSeconds: 900 },
      ),
    );
    expect(cost.instanceType).toBe('ml.p3.16xlarge');
    expect(cost.instanceCount).toBe(2);
    // 28.152 $/h x 2 instances x 900 s / 3600 = 14.076
    expect(cost.usd).toBeCloseTo(14.076, 6);
  });

  it('costs a Failed job with no BillableTimeInSeconds at 0 USD', () => {
    const cost = trainingJobCost(
      described({ InstanceType: 'ml.m5.large', InstanceCount: 1 }, { TrainingJobStatus: 'Failed', SecondaryStatus: 'Failed', FailureReason: 'AlgorithmError' }),
    );
    expect(cost.running).toBe(false);
    expect(cost.billableSeconds).toBe(0);
    expect(cost.billedInstanceSeconds).toBe(0);
    expect(cost.usd).toBe(0);
    expect(cost.onDemandUsd).toBe(0);
    expect(cost.totalUsd).toBe(0);
    expect(cost.reason).toBeUndefined();
  });

  it('gives no amounts and a reason naming the type and region for an unpriced type', () => {
    const cost = trainingJobCost(described({ InstanceType: 'ml.trn1.32xlarge', InstanceCount: 4 }, { BillableTimeInSeconds: 600 }));
    expect(cost.usd).toBeUndefined();
    expect(cost.totalUsd).toBeUndefined();
    expect(cost.reason).toContain('ml.trn1.32xlarge');
    expect(cost.reason).toContain('us-east-1');
    expect(cost.billedInstanceSeconds).toBe(2400);
  });

  it('gives a reason when the description has no instance type', () => {
    const cost = trainingJobCost({ $metadata: {}, TrainingJobStatus: 'Completed', BillableTimeInSeconds: 60 } as DescribeTrainingJobCommandOutput);
    expect(cost.usd).toBeUndefined();
    expect(cost.reason).toMatch(/no instance type/);
  });

  it('throws a TypeError for a description or options that are not objects, a bad now or a bad region', () => {
    const ok = described({ InstanceType: 'ml.m5.large', InstanceCount: 1 }, { BillableTimeInSeconds: 60 });
    expect(() => trainingJobCost(null as unknown as DescribeTrainingJobCommandOutput)).toThrow(TypeError);
    expect(() => trainingJobCost(ok, null as unknown as object)).toThrow(TypeError);
    expect(() => trainingJobCost(ok, { now: new Date(Number.NaN) })).toThrow(TypeError);
    expect(() => trainingJobCost(ok, { now: '2026-01-01' as unknown as Date })).toThrow(TypeError);
    expect(() => trainingJobCost(ok, { region: 'Ireland' })).toThrow(TypeError);
  });

  it('keeps usd <= onDemandUsd, usd + spotSavingsUsd == onDemandUsd and usd == billedInstanceSeconds x price / 3600 for any spot job', () => {
    const usEast1 = builtInTrainingPrices.regions['us-east-1'] ?? {};
    const pricedTypes = Object.keys(usEast1);
    expect(pricedTypes.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        fc.constantFrom(...pricedTypes),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 28 * 86_400 }),
        fc.integer({ min: 0, max: 28 * 86_400 }),
        (type, count, a, b) => {
          const billable = Math.min(a, b);
          const training = Math.max(a, b);
          const cost = trainingJobCost(
            described({ InstanceType: type as ResourceConfig['InstanceType'], InstanceCount: count }, {
              EnableManagedSpotTraining: true,
              TrainingTimeInSeconds: training,
              BillableTimeInSeconds: billable,
            }),
          );
          const usdPerHour = usEast1[type]!.usdPerHour;
          const usd = cost.usd!;
          const onDemandUsd = cost.onDemandUsd!;
          expect(cost.billedInstanceSeconds).toBe(billable * count);
          expect(usd).toBeLessThanOrEqual(onDemandUsd);
          expect(usd + cost.spotSavingsUsd!).toBeCloseTo(onDemandUsd, 6);
          expect(usd).toBeCloseTo((cost.billedInstanceSeconds * usdPerHour) / 3600, 6);
          expect(onDemandUsd).toBeCloseTo((training * count * usdPerHour) / 3600, 6);
        },
      ),
      { numRuns: 500 },
    );
  });
});

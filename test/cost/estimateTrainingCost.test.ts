import type { CreateTrainingJobCommandInput, ResourceConfig } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { TrainingJobBuilder } from '../../src/builder/TrainingJobBuilder';
import { SERVICE_DEFAULT_MAX_RUNTIME_SECONDS, estimateTrainingCost } from '../../src/cost/estimateTrainingCost';
import type { PriceCatalog } from '../../src/cost/PriceCatalog';
import { cifarResnet50, mnistCnn } from '../../src/presets/index';

const presetOptions = {
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest',
  role: 'arn:aws:iam::123456789012:role/SageMakerRole',
  outputPath: 's3://example-bucket/',
};

/** A CreateTrainingJob request with only what the cost needs. */
function request(resourceConfig: Partial<ResourceConfig>, extra: Partial<CreateTrainingJobCommandInput> = {}): CreateTrainingJobCommandInput {
  return {
    TrainingJobName: 'cost-test',
    RoleArn: presetOptions.role,
    AlgorithmSpecification: { TrainingImage: presetOptions.image, TrainingInputMode: 'File' },
    OutputDataConfig: { S3OutputPath: presetOptions.outputPath },
    ResourceConfig: { VolumeSizeInGB: 16, ...resourceConfig } as ResourceConfig,
    ...extra,
  } as CreateTrainingJobCommandInput;
}

function withRuntime(seconds: number): Partial<CreateTrainingJobCommandInput> {
  return { StoppingCondition: { MaxRuntimeInSeconds: seconds } };
}

describe('estimateTrainingCost', () => {
  it('prices the worst case of a request: MaxRuntime x instances x price', () => {
    const estimate = estimateTrainingCost(request({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 2 }, withRuntime(5400)));
    expect(estimate.instanceType).toBe('ml.p3.2xlarge');
    expect(estimate.instanceCount).toBe(2);
    expect(estimate.usdPerHour).toBeCloseTo(3.825, 6);
    // 3.825 $/h x 2 instances = 7.65 $/h
    expect(estimate.clusterUsdPerHour).toBeCloseTo(7.65, 6);
    // 3.825 $/h x 2 instances x 5400 s / 3600 = 11.475
    expect(estimate.maxUsd).toBeCloseTo(11.475, 6);
    expect(estimate.maxBillableSeconds).toBe(5400);
    expect(estimate.expectedUsd).toBeUndefined();
    expect(estimate.spot).toBe(false);
    expect(estimate.region).toBe('us-east-1');
    expect(estimate.notes).toEqual([]);
    expect(estimate.reason).toBeUndefined();
    expect(estimate.groups).toEqual([{ instanceType: 'ml.p3.2xlarge', instanceCount: 2, usdPerHour: 3.825 }]);
  });

  it('reads a new TrainingJobBuilder, with its default MaxRuntime of 3600 s', () => {
    const builder = new TrainingJobBuilder().image(presetOptions.image).role(presetOptions.role).instance('ml.g4dn.xlarge', { count: 4 });
    const estimate = estimateTrainingCost(builder);
    expect(estimate.instanceCount).toBe(4);
    expect(estimate.maxBillableSeconds).toBe(3600);
    // 0.7364 $/h x 4 instances x 3600 s / 3600 = 2.9456
    expect(estimate.maxUsd).toBeCloseTo(2.9456, 6);
    expect(estimate.notes).toEqual([]);
  });

  it('reads a builder without validating it (no name, no role)', () => {
    const estimate = estimateTrainingCost(new TrainingJobBuilder().instance('ml.m5.large').maxRuntime(1800));
    // 0.115 $/h x 1 instance x 1800 s / 3600 = 0.0575
    expect(estimate.maxUsd).toBeCloseTo(0.0575, 6);
  });

  it('reads the cifarResnet50 preset: ml.p3.8xlarge, one instance, 3600 s', () => {
    const estimate = estimateTrainingCost(cifarResnet50(presetOptions));
    expect(estimate.instanceType).toBe('ml.p3.8xlarge');
    expect(estimate.instanceCount).toBe(1);
    // 14.688 $/h x 1 instance x 3600 s / 3600 = 14.688
    expect(estimate.maxUsd).toBeCloseTo(14.688, 6);
  });

  it('gives the figures of its own example for cifarResnet50 on two hours and 40 expected minutes', () => {
    const job = cifarResnet50(presetOptions).instance('ml.p3.8xlarge').maxRuntime(2 * 3600);
    const estimate = estimateTrainingCost(job, { expectedSeconds: 40 * 60 });
    // 14.688 $/h x 1 x 7200 s / 3600 = 29.376
    expect(estimate.maxUsd).toBeCloseTo(29.376, 6);
    // 14.688 $/h x 1 x 2400 s / 3600 = 9.792
    expect(estimate.expectedUsd).toBeCloseTo(9.792, 6);
  });

  it('reads the mnistCnn preset with an instance count and max runtime of its own', () => {
    const estimate = estimateTrainingCost(mnistCnn({ ...presetOptions, instanceCount: 3, maxRuntimeSeconds: 1200 }));
    expect(estimate.instanceType).toBe('ml.p3.2xlarge');
    expect(estimate.instanceCount).toBe(3);
    // 3.825 $/h x 3 instances x 1200 s / 3600 = 3.825
    expect(estimate.maxUsd).toBeCloseTo(3.825, 6);
  });

  it('prices expectedSeconds on the whole cluster', () => {
    const estimate = estimateTrainingCost(request({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 2 }, withRuntime(5400)), { expectedSeconds: 1800 });
    // 3.825 $/h x 2 instances x 1800 s / 3600 = 3.825
    expect(estimate.expectedUsd).toBeCloseTo(3.825, 6);
    expect(estimate.maxUsd).toBeCloseTo(11.475, 6);
    expect(estimate.notes).toEqual([]);
  });

  it('prices zero expected seconds at zero', () => {
    const estimate = estimateTrainingCost(request({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 1 }, withRuntime(600)), { expectedSeconds: 0 });
    expect(estimate.expectedUsd).toBe(0);
  });

  it('caps expectedSeconds over MaxRuntime at MaxRuntime and says so', () => {
    const estimate = estimateTrainingCost(request({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 2 }, withRuntime(5400)), { expectedSeconds: 9000 });
    // capped at 5400 s: 3.825 $/h x 2 x 5400 s / 3600 = 11.475, the same as the worst case
    expect(estimate.expectedUsd).toBeCloseTo(11.475, 6);
    expect(estimate.maxUsd).toBeCloseTo(11.475, 6);
    expect(estimate.notes).toHaveLength(1);
    expect(estimate.notes[0]).toMatch(/expectedSeconds 9000 is over MaxRuntimeInSeconds 5400/);
  });

  it('takes the service default of one day when the request has no MaxRuntime, with a note', () => {
    const estimate = estimateTrainingCost(request({ InstanceType: 'ml.m5.large', InstanceCount: 1 }));
    expect(SERVICE_DEFAULT_MAX_RUNTIME_SECONDS).toBe(86_400);
    expect(estimate.maxBillableSeconds).toBe(86_400);
    // 0.115 $/h x 1 instance x 86400 s / 3600 = 2.76
    expect(estimate.maxUsd).toBeCloseTo(2.76, 6);
    expect(estimate.notes).toHaveLength(1);
    expect(estimate.notes[0]).toMatch(/no StoppingCondition\.MaxRuntimeInSeconds/);
    expect(estimate.notes[0]).toMatch(/86400 s \(one day\)/);
  });

  it('takes the one-day default, with a note, for a MaxRuntime that is not a positive number', () => {
    for (const bad of [0, -60, Number.NaN, Number.POSITIVE_INFINITY]) {
      const estimate = estimateTrainingCost(request({ InstanceType: 'ml.m5.large', InstanceCount: 1 }, withRuntime(bad)));
      expect(estimate.maxBillableSeconds).toBe(86_400);
      // 0.115 $/h x 1 x 86400 s / 3600 = 2.76
      expect(estimate.maxUsd).toBeCloseTo(2.76, 6);
      expect(estimate.notes.join('\n')).toMatch(/is not a positive number of seconds/);
    }
  });

  it('adds a warm pool KeepAlivePeriodInSeconds to the worst and the expected case', () => {
    const job = new TrainingJobBuilder().instance('ml.g5.2xlarge', { keepAliveSeconds: 1800 }).maxRuntime(3600);
    const estimate = estimateTrainingCost(job, { expectedSeconds: 1200 });
    // 3600 s + 1800 s of keep-alive = 5400 s
    expect(estimate.maxBillableSeconds).toBe(5400);
    // 1.515 $/h x 1 instance x 5400 s / 3600 = 2.2725
    expect(estimate.maxUsd).toBeCloseTo(2.2725, 6);
    // 1.515 $/h x 1 instance x (1200 + 1800) s / 3600 = 1.2625
    expect(estimate.expectedUsd).toBeCloseTo(1.2625, 6);
    expect(estimate.notes).toHaveLength(1);
    expect(estimate.notes[0]).toMatch(/warm pool .*1800 s/);
  });

  it('ignores a KeepAlivePeriodInSeconds that is not a number of seconds instead of giving NaN', () => {
    const estimate = estimateTrainingCost(request({ InstanceType: 'ml.g5.2xlarge', InstanceCount: 1, KeepAlivePeriodInSeconds: Number.NaN }, withRuntime(3600)));
    expect(estimate.maxBillableSeconds).toBe(3600);
    // 1.515 $/h x 1 x 3600 s / 3600 = 1.515
    expect(estimate.maxUsd).toBeCloseTo(1.515, 6);
  });

  it('flags a managed spot job and prices its on-demand worst case', () => {
    const job = new TrainingJobBuilder().instance('ml.p3.2xlarge').maxRuntime(3600).spot({ maxWaitSeconds: 7200 });
    const estimate = estimateTrainingCost(job);
    expect(estimate.spot).toBe(true);
    // MaxWaitTime is not billed: 3.825 $/h x 1 x 3600 s / 3600 = 3.825
    expect(estimate.maxBillableSeconds).toBe(3600);
    expect(estimate.maxUsd).toBeCloseTo(3.825, 6);
    expect(estimate.notes).toHaveLength(1);
    expect(estimate.notes[0]).toMatch(/managed spot training/);
  });

  it('sums heterogeneous instance groups and names them a+b, without a single usdPerHour', () => {
    const estimate = estimateTrainingCost(
      request(
        {
          InstanceGroups: [
            { InstanceGroupName: 'gpu', InstanceType: 'ml.p3.2xlarge', InstanceCount: 2 },
            { InstanceGroupName: 'data', InstanceType: 'ml.g4dn.xlarge', InstanceCount: 3 },
          ],
        },
        withRuntime(7200),
      ),
      { expectedSeconds: 3600 },
    );
    expect(estimate.instanceType).toBe('ml.p3.2xlarge+ml.g4dn.xlarge');
    expect(estimate.instanceCount).toBe(5);
    expect(estimate.usdPerHour).toBeUndefined();
    expect('usdPerHour' in estimate).toBe(false);
    // 3.825 $/h x 2 + 0.7364 $/h x 3 = 7.65 + 2.2092 = 9.8592 $/h
    expect(estimate.clusterUsdPerHour).toBeCloseTo(9.8592, 6);
    // 9.8592 $/h x 7200 s / 3600 = 19.7184
    expect(estimate.maxUsd).toBeCloseTo(19.7184, 6);
    // 9.8592 $/h x 3600 s / 3600 = 9.8592
    expect(estimate.expectedUsd).toBeCloseTo(9.8592, 6);
    expect(estimate.groups).toEqual([
      { instanceType: 'ml.p3.2xlarge', instanceCount: 2, usdPerHour: 3.825 },
      { instanceType: 'ml.g4dn.xlarge', instanceCount: 3, usdPerHour: 0.7364 },
    ]);
  });

  it('keeps usdPerHour when every instance group has the same type', () => {
    const estimate = estimateTrainingCost(
      request(
        {
          InstanceGroups: [
            { InstanceGroupName: 'a', InstanceType: 'ml.p3.2xlarge', InstanceCount: 1 },
            { InstanceGroupName: 'b', InstanceType: 'ml.p3.2xlarge', InstanceCount: 3 },
          ],
        },
        withRuntime(1800),
      ),
    );
    expect(estimate.instanceType).toBe('ml.p3.2xlarge');
    expect(estimate.instanceCount).toBe(4);
    expect(estimate.usdPerHour).toBeCloseTo(3.825, 6);
    // 3.825 $/h x 4 instances x 1800 s / 3600 = 7.65
    expect(estimate.maxUsd).toBeCloseTo(7.65, 6);
  });

  it('gives no amounts and a reason naming the type and region for an unpriced type', () => {
    const estimate = estimateTrainingCost(request({ InstanceType: 'ml.p5.48xlarge', InstanceCount: 2 }, withRuntime(3600)), { expectedSeconds: 600 });
    expect(estimate.maxUsd).toBeUndefined();
    expect(estimate.expectedUsd).toBeUndefined();
    expect(estimate.usdPerHour).toBeUndefined();
    expect(estimate.clusterUsdPerHour).toBeUndefined();
    expect(estimate.reason).toContain('ml.p5.48xlarge');
    expect(estimate.reason).toContain('us-east-1');
    expect(estimate.reason).toContain('fetchTrainingPrices');
    // what does not need a price is still there
    expect(estimate.instanceCount).toBe(2);
    expect(estimate.maxBillableSeconds).toBe(3600);
  });

  it('gives no amounts and a reason naming the region when the region is not built in', () => {
    const estimate = estimateTrainingCost(request({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 1 }, withRuntime(3600)), { region: 'eu-west-1' });
    expect(estimate.region).toBe('eu-west-1');
    expect(estimate.maxUsd).toBeUndefined();
    expect(estimate.reason).toContain('ml.p3.2xlarge');
    expect(estimate.reason).toContain('eu-west-1');
  });

  it('gives no amounts when one instance group is unpriced, and names that group\'s type', () => {
    const estimate = estimateTrainingCost(
      request(
        {
          InstanceGroups: [
            { InstanceGroupName: 'gpu', InstanceType: 'ml.p3.2xlarge', InstanceCount: 1 },
            { InstanceGroupName: 'cpu', InstanceType: 'ml.c5.xlarge', InstanceCount: 2 },
          ],
        },
        withRuntime(3600),
      ),
    );
    expect(estimate.maxUsd).toBeUndefined();
    expect(estimate.clusterUsdPerHour).toBeUndefined();
    expect(estimate.reason).toContain('ml.c5.xlarge');
    expect(estimate.reason).toContain('us-east-1');
    expect(estimate.groups).toEqual([
      { instanceType: 'ml.p3.2xlarge', instanceCount: 1, usdPerHour: 3.825 },
      { instanceType: 'ml.c5.xlarge', instanceCount: 2 },
    ]);
  });

  it('prices a region from the given prices', () => {
    const prices: PriceCatalog = {
      regions: { 'eu-west-1': { 'ml.g5.xlarge': { instanceType: 'ml.g5.xlarge', region: 'eu-west-1', usdPerHour: 1.57, source: 'my invoice', asOf: '2026-11-30' } } },
    };
    const estimate = estimateTrainingCost(request({ InstanceType: 'ml.g5.xlarge', InstanceCount: 2 }, withRuntime(2700)), { region: 'eu-west-1', prices });
    expect(estimate.region).toBe('eu-west-1');
    // 1.57 $/h x 2 instances x 2700 s / 3600 = 2.355
    expect(estimate.maxUsd).toBeCloseTo(2.355, 6);
  });

  it('throws a TypeError for expectedSeconds that is not a number of seconds >= 0', () => {
    const job = request({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 1 }, withRuntime(3600));
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '60', null]) {
      expect(() => estimateTrainingCost(job, { expectedSeconds: bad as number })).toThrow(TypeError);
    }
    expect(() => estimateTrainingCost(job, { expectedSeconds: -1 })).toThrow(/expectedSeconds must be a number of seconds >= 0/);
  });

  it('throws a TypeError for a job that is not an object, and for a bad region', () => {
    expect(() => estimateTrainingCost(null as unknown as CreateTrainingJobCommandInput)).toThrow(TypeError);
    expect(() => estimateTrainingCost('ml.p3.2xlarge' as unknown as CreateTrainingJobCommandInput)).toThrow(TypeError);
    const job = request({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 1 }, withRuntime(3600));
    expect(() => estimateTrainingCost(job, { region: 'Ireland' })).toThrow(TypeError);
  });
});

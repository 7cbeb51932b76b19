import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { sameTrainingJobSpec } from '../../../src/jobs/internal/sameTrainingJobSpec';
import { seedRequest } from '../../fixtures/seed';
import { describedAfter, phases } from '../fixtures';

const request = (): CreateTrainingJobCommandInput => structuredClone(seedRequest) as unknown as CreateTrainingJobCommandInput;

describe('sameTrainingJobSpec', () => {
  it('matches the description of the job the request created, with the defaults the service added', () => {
    const described = describedAfter(phases.training, {
      EnableNetworkIsolation: false,
      EnableManagedSpotTraining: false,
      AlgorithmSpecification: { ...seedRequest.AlgorithmSpecification, MetricDefinitions: [] },
    });

    expect(sameTrainingJobSpec(request(), described)).toBe(true);
  });

  it('ignores tags, which DescribeTrainingJob does not return', () => {
    expect(sameTrainingJobSpec({ ...request(), Tags: [{ Key: 'team', Value: 'ml' }] }, describedAfter(phases.training))).toBe(true);
  });

  it('tells apart a job with another hyperparameter value', () => {
    const other = { ...request(), HyperParameters: { 'batch-size': '256', epochs: '5' } };

    expect(sameTrainingJobSpec(other, describedAfter(phases.training))).toBe(false);
  });

  it('tells apart a job on another instance type, or with another channel list', () => {
    const otherType = { ...request(), ResourceConfig: { InstanceType: 'ml.p3.2xlarge' as const, InstanceCount: 1, VolumeSizeInGB: 16 } };
    const withChannel = {
      ...request(),
      InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix' as const, S3Uri: 's3://fcncloudml/train/' } } }],
    };

    expect(sameTrainingJobSpec(otherType, describedAfter(phases.training))).toBe(false);
    expect(sameTrainingJobSpec(withChannel, describedAfter(phases.training))).toBe(false);
  });

  it('tells apart a job of another name', () => {
    expect(sameTrainingJobSpec({ ...request(), TrainingJobName: 'other-job' }, describedAfter(phases.training))).toBe(false);
  });

  it('matches a request member set to false against an absent one', () => {
    expect(sameTrainingJobSpec({ ...request(), EnableManagedSpotTraining: false }, describedAfter(phases.training))).toBe(true);
  });
});

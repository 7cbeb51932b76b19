import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestHash } from '../../../src/sweep/internal/requestHash';

const request = {
  TrainingJobName: 'resnet-p3-resnet50-p3-gpu1-b256-e5-r1',
  HyperParameters: { 'batch-size': '256', epochs: '5' },
  AlgorithmSpecification: { TrainingImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest', TrainingInputMode: 'File' },
  RoleArn: 'arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole',
  OutputDataConfig: { S3OutputPath: 's3://my-bucket/' },
  ResourceConfig: { InstanceType: 'ml.p3.2xlarge', InstanceCount: 1, VolumeSizeInGB: 16 },
  StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }],
} as CreateTrainingJobCommandInput;

const hash = (value: unknown): string => requestHash(value as CreateTrainingJobCommandInput);

/** The same value with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)]));
  }
  return value;
}

/** JSON values without undefined, as requests hold them. */
const json = fc.jsonValue({ maxDepth: 4 }).filter((v) => v !== null && typeof v === 'object' && !Array.isArray(v));

/** Every path to a leaf (or an empty container) of a JSON value. */
function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length > 0) return entries.flatMap(([k, v]) => leafPaths(v, [...path, Array.isArray(value) ? Number(k) : k]));
  }
  return [path];
}

function setAt(value: unknown, path: readonly (string | number)[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  const [head, ...rest] = path;
  copy[head!] = setAt(copy[head!], rest, leaf);
  return copy;
}

describe('requestHash', () => {
  it('is a hex SHA-256', () => {
    expect(hash(request)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same whatever the order of the keys', () => {
    expect(hash(reversedKeys(request))).toBe(hash(request));
    fc.assert(
      fc.property(json, (value) => {
        expect(hash(reversedKeys(value))).toBe(hash(value));
      }),
      { numRuns: 300 },
    );
  });

  it('is the same with or without members that are undefined', () => {
    const withUndefined = { ...request, VpcConfig: undefined, ResourceConfig: { ...request.ResourceConfig, VolumeKmsKeyId: undefined } };
    expect(hash(withUndefined)).toBe(hash(request));
  });

  it('changes with any change of a value', () => {
    expect(hash({ ...request, HyperParameters: { 'batch-size': '512', epochs: '5' } })).not.toBe(hash(request));
    expect(hash({ ...request, ResourceConfig: { ...request.ResourceConfig, VolumeSizeInGB: '16' } })).not.toBe(hash(request));
    expect(hash({ ...request, Tags: [...request.Tags!].reverse() })).not.toBe(hash(request));
    expect(hash({ ...request, Environment: { SECRET: 'x' } })).not.toBe(hash(request));
    expect(hash({ ...request, ResourceConfig: { ...request.ResourceConfig, VolumeKmsKeyId: null } })).not.toBe(hash(request));
  });

  it('changes when any leaf of any request changes (property)', () => {
    fc.assert(
      fc.property(
        json.chain((value) => fc.tuple(fc.constant(value), fc.constantFrom(...leafPaths(value)), fc.jsonValue({ maxDepth: 1 }))),
        ([value, path, leaf]) => {
          const changed = setAt(value, path, leaf);
          fc.pre(JSON.stringify(changed) !== JSON.stringify(value));
          expect(hash(changed)).not.toBe(hash(value));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('changes when a member is added or removed', () => {
    fc.assert(
      fc.property(json, fc.string().filter((k) => k !== '__proto__'), fc.jsonValue({ maxDepth: 1 }), (value, key, added) => {
        fc.pre(!Object.hasOwn(value as object, key));
        expect(hash({ ...(value as object), [key]: added })).not.toBe(hash(value));
      }),
      { numRuns: 300 },
    );
  });

  it('tells a string from a number and an array from an object', () => {
    expect(hash({ a: '1' })).not.toBe(hash({ a: 1 }));
    expect(hash({ a: ['x'] })).not.toBe(hash({ a: { 0: 'x' } }));
  });
});

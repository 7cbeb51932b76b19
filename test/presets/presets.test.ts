import { describe, expect, it } from 'vitest';
import { TrainingJobBuilder } from '../../src/builder/TrainingJobBuilder';
import * as presetModule from '../../src/presets/index';
import { cifarResnet50, defineSweep, mnistCnn, presets, seismicFcn, ValidationError } from '../../src/index';
import { seedImage, seedOutputPath, seedRequest, seedRole } from '../fixtures/seed';

const common = { image: seedImage, role: seedRole, outputPath: seedOutputPath };

describe('presets', () => {
  it('reproduce the seed example field for field, with nothing extra', () => {
    const request = cifarResnet50({ ...common, batchSize: 512, epochs: 5 }).name('resnet50-p3-gpu4-b512-e2').build();
    expect(request).toStrictEqual(seedRequest);
  });

  it('are also reachable as presets.mnistCnn, presets.cifarResnet50 and presets.seismicFcn', () => {
    expect(presets.mnistCnn).toBe(mnistCnn);
    expect(presets.cifarResnet50).toBe(cifarResnet50);
    expect(presets.seismicFcn).toBe(seismicFcn);
    expect(presetModule.mnistCnn).toBe(mnistCnn);
  });

  it('return builders that branch without touching the original', () => {
    const base = cifarResnet50({ ...common, batchSize: 512, epochs: 5 }).name('base');
    const before = base.build();
    const variants = [128, 256].map((b) => base.hyperParameters({ 'batch-size': b }).instance('ml.g5.12xlarge'));
    expect(base).toBeInstanceOf(TrainingJobBuilder);
    expect(base.build()).toStrictEqual(before);
    expect(variants.map((v) => v.build().HyperParameters?.['batch-size'])).toEqual(['128', '256']);
  });

  describe('mnistCnn', () => {
    it('downloads its data inside the container: no input channel, File mode, the seed guard and volume', () => {
      const request = mnistCnn({ ...common, epochs: 10 }).name('cnn-p3-gpu1-e10').build();
      expect(request).toStrictEqual({
        TrainingJobName: 'cnn-p3-gpu1-e10',
        HyperParameters: { epochs: '10' },
        RoleArn: seedRole,
        AlgorithmSpecification: { TrainingImage: seedImage, TrainingInputMode: 'File' },
        OutputDataConfig: { S3OutputPath: seedOutputPath },
        ResourceConfig: { InstanceType: 'ml.p3.2xlarge', InstanceCount: 1, VolumeSizeInGB: 16 },
        StoppingCondition: { MaxRuntimeInSeconds: 3600 },
      });
    });

    it('sends no hyperparameters when neither batch size nor epochs is given', () => {
      expect(mnistCnn(common).name('x').build().HyperParameters).toBeUndefined();
    });
  });

  describe('cifarResnet50', () => {
    it('defaults to ml.p3.8xlarge and takes instance settings, runtime and name from its options', () => {
      const request = cifarResnet50({
        ...common,
        name: 'resnet50-g5-gpu4-b256-e3',
        batchSize: 256,
        epochs: 3,
        instanceType: 'ml.g5.12xlarge',
        instanceCount: 2,
        volumeSizeInGB: 32,
        maxRuntimeSeconds: 7200,
      }).build();
      expect(request.TrainingJobName).toBe('resnet50-g5-gpu4-b256-e3');
      expect(request.ResourceConfig).toEqual({ InstanceType: 'ml.g5.12xlarge', InstanceCount: 2, VolumeSizeInGB: 32 });
      expect(request.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 7200 });
      expect(cifarResnet50(common).name('x').build().ResourceConfig?.InstanceType).toBe('ml.p3.8xlarge');
    });
  });

  describe('seismicFcn', () => {
    it('takes its data from S3 through the training channel, landing at /opt/ml/input/data/training', () => {
      const request = seismicFcn({ ...common, trainingData: 's3://my-bucket/seismic/', epochs: 50 }).name('fcn-p3-gpu1-e50').build();
      expect(request.InputDataConfig).toEqual([
        { ChannelName: 'training', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://my-bucket/seismic/' } } },
      ]);
      expect(request.AlgorithmSpecification?.TrainingInputMode).toBe('File');
      expect(request.ResourceConfig).toEqual({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 1, VolumeSizeInGB: 16 });
    });

    it('reports a missing or malformed trainingData through validation, not silently', () => {
      const issues = seismicFcn({ ...common, trainingData: 'not-an-s3-uri' }).name('x').validate();
      expect(issues).toEqual(
        expect.arrayContaining([expect.objectContaining({ severity: 'error', path: ['InputDataConfig', 0, 'DataSource', 'S3DataSource', 'S3Uri'] })]),
      );
    });
  });

  describe('counts that cannot be right', () => {
    const named = (options: Partial<Parameters<typeof cifarResnet50>[0]>) => cifarResnet50({ ...common, ...options }).name('resnet50-check');
    const at = (builder: TrainingJobBuilder, path: string) => builder.validate().filter((i) => i.path.join('.') === path);

    it.each([
      ['epochs', 0, 'HyperParameters.epochs', 'min_value'],
      ['epochs', -3, 'HyperParameters.epochs', 'min_value'],
      ['epochs', 2.5, 'HyperParameters.epochs', 'not_integer'],
      ['epochs', Number.NaN, 'HyperParameters.epochs', 'not_integer'],
      ['epochs', Number.POSITIVE_INFINITY, 'HyperParameters.epochs', 'not_integer'],
      ['epochs', '5', 'HyperParameters.epochs', 'invalid_type'],
      ['batchSize', 0, 'HyperParameters.batch-size', 'min_value'],
      ['batchSize', -5, 'HyperParameters.batch-size', 'min_value'],
      ['batchSize', Number.NaN, 'HyperParameters.batch-size', 'not_integer'],
      ['volumeSizeInGB', 0, 'ResourceConfig.VolumeSizeInGB', 'min_value'],
    ])('reports %s: %s as a validation error at %s (%s)', (option, value, path, code) => {
      const builder = named({ [option]: value });

      expect(at(builder, path)).toEqual([expect.objectContaining({ code, severity: 'error', path: path.split('.') })]);
      expect(builder.safeBuild().success).toBe(false);
      expect(() => builder.build()).toThrow(ValidationError);
    });

    it.each([
      ['instanceCount', 0, 'ResourceConfig.InstanceCount', 'instance_count_too_small'],
      ['instanceCount', 1.5, 'ResourceConfig.InstanceCount', 'not_integer'],
      ['instanceCount', Number.NaN, 'ResourceConfig.InstanceCount', 'not_integer'],
      ['volumeSizeInGB', -1, 'ResourceConfig.VolumeSizeInGB', 'min_value'],
      ['volumeSizeInGB', 2.5, 'ResourceConfig.VolumeSizeInGB', 'not_integer'],
      ['maxRuntimeSeconds', 0, 'StoppingCondition.MaxRuntimeInSeconds', 'min_value'],
      ['maxRuntimeSeconds', -60, 'StoppingCondition.MaxRuntimeInSeconds', 'min_value'],
      ['maxRuntimeSeconds', Number.NaN, 'StoppingCondition.MaxRuntimeInSeconds', 'not_integer'],
    ])('reports %s: %s through the API model at %s (%s), once', (option, value, path, code) => {
      const issues = at(named({ [option]: value }), path);

      expect(issues.map((i) => i.code)).toEqual([code]);
    });

    it('puts the value as given in the request, so the issue and the request say the same', () => {
      const builder = named({ epochs: 0, batchSize: Number.NaN });

      expect(builder.toJSON().HyperParameters).toEqual({ 'batch-size': 'NaN', epochs: '0' });
      expect(at(builder, 'HyperParameters.epochs')[0]).toMatchObject({ value: '0', message: 'epochs (hyperparameter epochs) must be a whole number >= 1' });
    });

    it('forgets the issue once the member is set again, and keeps it through other changes', () => {
      const bad = named({ epochs: 0 });

      expect(at(bad.instance('ml.g5.xlarge').tags({ a: 'b' }).hyperParameters({ lr: 0.1 }), 'HyperParameters.epochs')).toHaveLength(1);
      expect(at(bad.hyperParameters({ epochs: 5 }), 'HyperParameters.epochs')).toEqual([]);
      expect(named({ volumeSizeInGB: 0 }).instance('ml.p3.2xlarge', { volumeSizeInGB: 30 }).validate()).toEqual([]);
    });

    it('accepts whole numbers of at least 1', () => {
      expect(named({ epochs: 1, batchSize: 1, instanceCount: 1, volumeSizeInGB: 1, maxRuntimeSeconds: 1 }).validate()).toEqual([]);
    });

    it('are reported by a sweep planned from the preset, unless an axis sets the count', () => {
      const base = cifarResnet50({ ...common, epochs: 0 });

      const kept = defineSweep({ name: 'zero', model: 'resnet50', base, matrix: { batchSize: [256] } });
      expect(kept.issues.map((i) => [i.path.join('.'), i.code])).toEqual([['HyperParameters.epochs', 'min_value']]);
      expect(defineSweep({ name: 'zero', model: 'resnet50', base, matrix: { epochs: [5] } }).issues).toEqual([]);
    });
  });

  it('put no account, role or bucket of their own anywhere: missing options are validation errors', () => {
    const issues = cifarResnet50({} as never).name('x').validate();
    const paths = issues.filter((i) => i.severity === 'error').map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['RoleArn', 'OutputDataConfig.S3OutputPath']));
    const json = JSON.stringify(cifarResnet50({} as never).toJSON());
    expect(json).not.toMatch(/\d{12}|fcncloudml/);
  });
});

import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TrainingJobBuilder } from '../../src/builder/TrainingJobBuilder';
import { ValidationError } from '../../src/errors';
import { seedImage, seedOutputPath, seedRequest, seedRole } from '../fixtures/seed';

const valid = () =>
  new TrainingJobBuilder()
    .name('resnet50-p3-gpu4-b512-e2')
    .image(seedImage)
    .role(seedRole)
    .outputPath(seedOutputPath)
    .instance('ml.p3.8xlarge', { volumeSizeInGB: 16 });

describe('TrainingJobBuilder', () => {
  describe('defaults', () => {
    it('starts in File mode with the seed one-hour MaxRuntime guard', () => {
      const request = valid().build();
      expect(request.AlgorithmSpecification?.TrainingInputMode).toBe('File');
      expect(request.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 3600 });
    });

    it('builds only the members that were set, plus the defaults', () => {
      expect(Object.keys(valid().build()).sort()).toEqual(
        ['AlgorithmSpecification', 'OutputDataConfig', 'ResourceConfig', 'RoleArn', 'StoppingCondition', 'TrainingJobName'].sort(),
      );
    });

    it('lists members in the API model order, whatever order the methods were called in', () => {
      const request = new TrainingJobBuilder()
        .instance('ml.p3.8xlarge', { volumeSizeInGB: 16 })
        .outputPath(seedOutputPath)
        .role(seedRole)
        .image(seedImage)
        .hyperParameters({ 'batch-size': 512, epochs: 5 })
        .name('resnet50-p3-gpu4-b512-e2')
        .build();
      expect(JSON.stringify(request)).toBe(JSON.stringify(seedRequest));
    });

    it('counts one instance when no count is given', () => {
      expect(valid().build().ResourceConfig).toEqual({ InstanceType: 'ml.p3.8xlarge', InstanceCount: 1, VolumeSizeInGB: 16 });
    });
  });

  describe('methods', () => {
    it('reproduces the seed request from plain method calls', () => {
      const request = valid().hyperParameters({ 'batch-size': 512, epochs: 5 }).build();
      expect(request).toStrictEqual(seedRequest);
    });

    it('sets the name, image, role and input mode', () => {
      const r = valid().name('other-name').image('img:1').role('arn:aws:iam::123456789012:role/x').inputMode('FastFile').build();
      expect(r.TrainingJobName).toBe('other-name');
      expect(r.AlgorithmSpecification).toEqual({ TrainingImage: 'img:1', TrainingInputMode: 'FastFile' });
      expect(r.RoleArn).toBe('arn:aws:iam::123456789012:role/x');
    });

    it('replaces the image with an algorithm and back, since a job has exactly one', () => {
      const withAlgorithm = valid().algorithm('my-algorithm');
      expect(withAlgorithm.build().AlgorithmSpecification).toEqual({ AlgorithmName: 'my-algorithm', TrainingInputMode: 'File' });
      expect(withAlgorithm.image('img:2').build().AlgorithmSpecification).toEqual({ TrainingImage: 'img:2', TrainingInputMode: 'File' });
    });

    it('merges hyperparameters and turns numbers and booleans into plain strings, never JSON-quoted', () => {
      const r = valid().hyperParameters({ 'batch-size': 512, lr: 0.001 }).hyperParameters({ amp: true, lr: '0.01', name: 'x' }).build();
      expect(r.HyperParameters).toEqual({ 'batch-size': '512', lr: '0.01', amp: 'true', name: 'x' });
    });

    it('refuses hyperparameter values that are not strings, numbers or booleans', () => {
      expect(() => valid().hyperParameters({ a: null as unknown as string })).toThrow(TypeError);
      expect(() => valid().hyperParameters({ a: { b: 1 } as unknown as string })).toThrow(/string, number or boolean/);
      expect(() => valid().hyperParameters({ a: Number.NaN })).toThrow(/finite/);
    });

    it('adds channels with only the options given, and replaces a channel of the same name in place', () => {
      const b = valid()
        .channel('training', 's3://bucket/train/')
        .channel('validation', 's3://bucket/val/', {
          contentType: 'text/csv',
          compression: 'Gzip',
          distribution: 'ShardedByS3Key',
          s3DataType: 'ManifestFile',
          inputMode: 'Pipe',
          recordWrapperType: 'RecordIO',
          shuffleSeed: 7,
        });
      expect(b.build().InputDataConfig).toEqual([
        { ChannelName: 'training', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://bucket/train/' } } },
        {
          ChannelName: 'validation',
          DataSource: { S3DataSource: { S3DataType: 'ManifestFile', S3Uri: 's3://bucket/val/', S3DataDistributionType: 'ShardedByS3Key' } },
          ContentType: 'text/csv',
          CompressionType: 'Gzip',
          RecordWrapperType: 'RecordIO',
          InputMode: 'Pipe',
          ShuffleConfig: { Seed: 7 },
        },
      ]);
      const replaced = b.channel('training', 's3://bucket/train-v2/').build().InputDataConfig!;
      expect(replaced.map((c) => c.ChannelName)).toEqual(['training', 'validation']);
      expect(replaced[0]?.DataSource?.S3DataSource?.S3Uri).toBe('s3://bucket/train-v2/');
    });

    it('sets the output path with its KMS key and compression', () => {
      expect(valid().outputPath('s3://bkt/out/', { kmsKeyId: 'alias/k', compression: 'NONE' }).build().OutputDataConfig).toEqual({
        S3OutputPath: 's3://bkt/out/',
        KmsKeyId: 'alias/k',
        CompressionType: 'NONE',
      });
    });

    it('sets every instance option', () => {
      const r = valid().instance('ml.g5.2xlarge', { count: 2, volumeSizeInGB: 32, volumeKmsKeyId: 'alias/v', keepAliveSeconds: 600 }).build();
      expect(r.ResourceConfig).toEqual({
        InstanceType: 'ml.g5.2xlarge',
        InstanceCount: 2,
        VolumeSizeInGB: 32,
        VolumeKmsKeyId: 'alias/v',
        KeepAlivePeriodInSeconds: 600,
      });
    });

    it('sets the max runtime and keeps it when spot adds the max wait', () => {
      const r = valid().maxRuntime(7200).spot({ maxWaitSeconds: 10800, checkpointS3Uri: 's3://bkt/ckpt/', checkpointLocalPath: '/opt/ml/checkpoints' }).build();
      expect(r.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 7200, MaxWaitTimeInSeconds: 10800 });
      expect(r.EnableManagedSpotTraining).toBe(true);
      expect(r.CheckpointConfig).toEqual({ S3Uri: 's3://bkt/ckpt/', LocalPath: '/opt/ml/checkpoints' });
    });

    it('merges environment variables and tags, tags becoming the Tags list', () => {
      const r = valid().environment({ A: '1' }).environment({ B: '2', A: '3' }).tags({ project: 'x' }).tags({ run: '2', project: 'y' }).build();
      expect(r.Environment).toEqual({ A: '3', B: '2' });
      expect(r.Tags).toEqual([
        { Key: 'project', Value: 'y' },
        { Key: 'run', Value: '2' },
      ]);
    });

    it('refuses environment and tag values that are not strings', () => {
      expect(() => valid().environment({ A: 1 as unknown as string })).toThrow(TypeError);
      expect(() => valid().tags({ a: undefined as unknown as string })).toThrow(/must be a string/);
    });

    it('merges metric definitions by name, from a record or a list', () => {
      const r = valid()
        .metricDefinitions({ 'train:loss': 'loss: ([0-9.]+)' })
        .metricDefinitions([{ name: 'train:loss', regex: 'loss=([0-9.]+)' }, { name: 'val:acc', regex: 'acc=([0-9.]+)' }])
        .build();
      expect(r.AlgorithmSpecification?.MetricDefinitions).toEqual([
        { Name: 'train:loss', Regex: 'loss=([0-9.]+)' },
        { Name: 'val:acc', Regex: 'acc=([0-9.]+)' },
      ]);
    });

    it('sets the VPC, the retry strategy and network isolation', () => {
      const r = valid().vpc({ subnets: ['subnet-0abc'], securityGroupIds: ['sg-0abc'] }).retries(3).networkIsolation().build();
      expect(r.VpcConfig).toEqual({ Subnets: ['subnet-0abc'], SecurityGroupIds: ['sg-0abc'] });
      expect(r.RetryStrategy).toEqual({ MaximumRetryAttempts: 3 });
      expect(r.EnableNetworkIsolation).toBe(true);
      expect(valid().networkIsolation().networkIsolation(false).build().EnableNetworkIsolation).toBe(false);
    });

    it('applies a function and insists that it returns a builder', () => {
      const onG5 = (b: TrainingJobBuilder) => b.instance('ml.g5.xlarge');
      expect(valid().apply(onG5).build().ResourceConfig?.InstanceType).toBe('ml.g5.xlarge');
      expect(() => valid().apply(() => ({}) as TrainingJobBuilder)).toThrow(TypeError);
    });
  });

  describe('instance() keeps what it is not given', () => {
    const full = () => valid().instance('ml.p3.8xlarge', { count: 2, volumeSizeInGB: 32, volumeKmsKeyId: 'alias/v', keepAliveSeconds: 600 });

    it('keeps the count, volume, KMS key and keep-alive set before when only the type changes', () => {
      expect(full().instance('ml.g5.2xlarge').build().ResourceConfig).toEqual({
        InstanceType: 'ml.g5.2xlarge',
        InstanceCount: 2,
        VolumeSizeInGB: 32,
        VolumeKmsKeyId: 'alias/v',
        KeepAlivePeriodInSeconds: 600,
      });
    });

    it("keeps a preset's 16 GB volume when only the type changes", () => {
      expect(valid().instance('ml.p3.2xlarge').build().ResourceConfig).toEqual({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 1, VolumeSizeInGB: 16 });
    });

    it('replaces only the settings it is given', () => {
      expect(full().instance('ml.g5.2xlarge', { count: 4 }).build().ResourceConfig).toEqual({
        InstanceType: 'ml.g5.2xlarge',
        InstanceCount: 4,
        VolumeSizeInGB: 32,
        VolumeKmsKeyId: 'alias/v',
        KeepAlivePeriodInSeconds: 600,
      });
      expect(full().instance('ml.g5.2xlarge', { volumeSizeInGB: 50, keepAliveSeconds: 60 }).build().ResourceConfig).toEqual({
        InstanceType: 'ml.g5.2xlarge',
        InstanceCount: 2,
        VolumeSizeInGB: 50,
        VolumeKmsKeyId: 'alias/v',
        KeepAlivePeriodInSeconds: 60,
      });
    });

    it('drops a setting given explicitly as undefined, the count falling back to 1', () => {
      const r = full().instance('ml.g5.2xlarge', { keepAliveSeconds: undefined, volumeKmsKeyId: undefined, count: undefined }).toJSON();
      expect(r.ResourceConfig).toEqual({ InstanceType: 'ml.g5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 32 });
      expect(full().instance('ml.g5.2xlarge', { volumeSizeInGB: undefined }).toJSON().ResourceConfig).not.toHaveProperty('VolumeSizeInGB');
    });

    it('counts one instance when no count was ever set', () => {
      expect(new TrainingJobBuilder().instance('ml.p3.2xlarge').toJSON().ResourceConfig).toEqual({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 1 });
    });

    it('replaces heterogeneous instance groups with the one type, keeping the volume', () => {
      const grouped = TrainingJobBuilder.from({
        ...seedRequest,
        ResourceConfig: {
          VolumeSizeInGB: 30,
          InstanceGroups: [
            { InstanceGroupName: 'gpu', InstanceType: 'ml.p3.8xlarge', InstanceCount: 2 },
            { InstanceGroupName: 'cpu', InstanceType: 'ml.c5.2xlarge', InstanceCount: 1 },
          ],
        },
      } as never);
      const r = grouped.instance('ml.p3.2xlarge').build().ResourceConfig;
      expect(r).toEqual({ InstanceType: 'ml.p3.2xlarge', InstanceCount: 1, VolumeSizeInGB: 30 });
      expect(r).not.toHaveProperty('InstanceGroups');
    });

    it('leaves the builder it was called on unchanged', () => {
      const before = full();
      const snapshot = JSON.stringify(before.toJSON());
      before.instance('ml.g5.xlarge', { count: 8, volumeSizeInGB: undefined });
      expect(JSON.stringify(before.toJSON())).toBe(snapshot);
    });

    it('changes nothing but the type for any earlier settings and any new type (property)', () => {
      const setting = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
      fc.assert(
        fc.property(
          setting(fc.integer({ min: 1, max: 100 })),
          setting(fc.integer({ min: 1, max: 16384 })),
          setting(fc.constantFrom('alias/a', 'alias/b')),
          setting(fc.integer({ min: 1, max: 3600 })),
          fc.constantFrom('ml.p3.2xlarge', 'ml.g5.2xlarge', 'ml.m5.large'),
          (count, volumeSizeInGB, volumeKmsKeyId, keepAliveSeconds, type) => {
            const options = Object.fromEntries(
              Object.entries({ count, volumeSizeInGB, volumeKmsKeyId, keepAliveSeconds }).filter(([, v]) => v !== undefined),
            );
            const first = new TrainingJobBuilder().instance('ml.p3.8xlarge', options).toJSON().ResourceConfig;
            const second = new TrainingJobBuilder().instance('ml.p3.8xlarge', options).instance(type).toJSON().ResourceConfig;
            expect(second).toEqual({ ...first, InstanceType: type });
          },
        ),
        { numRuns: 200 },
      );
    });
  });

  describe('immutability', () => {
    it('leaves the original unchanged when a branch changes every kind of member', () => {
      const base = valid().hyperParameters({ epochs: 5 }).channel('training', 's3://bkt/t/').tags({ a: '1' });
      const before = base.build();
      base
        .name('branch')
        .hyperParameters({ epochs: 50 })
        .channel('training', 's3://bkt/other/')
        .tags({ a: '2' })
        .instance('ml.g5.xlarge')
        .spot({ maxWaitSeconds: 7200 })
        .environment({ X: 'y' });
      expect(base.build()).toStrictEqual(before);
    });

    it('returns a new builder from every method', () => {
      const base = valid();
      expect(base.name('x')).not.toBe(base);
      expect(base.apply((b) => b.maxRuntime(10))).not.toBe(base);
    });

    it('hands out copies: mutating a built request or the input of from() changes no builder', () => {
      const base = valid().hyperParameters({ epochs: 5 });
      const built = base.build();
      built.HyperParameters!['epochs'] = '999';
      built.ResourceConfig!.InstanceCount = 9;
      expect(base.build().HyperParameters).toEqual({ epochs: '5' });
      expect(base.build().ResourceConfig?.InstanceCount).toBe(1);

      const source = structuredClone(seedRequest) as unknown as Parameters<typeof TrainingJobBuilder.from>[0];
      const fromSource = TrainingJobBuilder.from(source);
      source.HyperParameters!['epochs'] = '1000';
      expect(fromSource.build()).toStrictEqual(seedRequest);
    });

    it('never lets one branch see another, whatever sequence of calls (property)', () => {
      const step = fc.oneof(
        fc.record({ kind: fc.constant('hp' as const), key: fc.constantFrom('a', 'b', 'c'), value: fc.integer() }),
        fc.record({ kind: fc.constant('env' as const), key: fc.constantFrom('A', 'B'), value: fc.string() }),
        fc.record({ kind: fc.constant('runtime' as const), value: fc.integer({ min: 1, max: 86400 }) }),
        fc.record({ kind: fc.constant('channel' as const), key: fc.constantFrom('train', 'val'), value: fc.string() }),
      );
      type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;
      const run = (b: TrainingJobBuilder, s: Step): TrainingJobBuilder => {
        switch (s.kind) {
          case 'hp':
            return b.hyperParameters({ [s.key]: s.value });
          case 'env':
            return b.environment({ [s.key]: s.value });
          case 'runtime':
            return b.maxRuntime(s.value);
          case 'channel':
            return b.channel(s.key, `s3://bucket/${s.value}`);
        }
      };
      fc.assert(
        fc.property(fc.array(step, { maxLength: 8 }), fc.array(step, { maxLength: 8 }), (left, right) => {
          const base = valid();
          const snapshot = JSON.stringify(base.toJSON());
          const a = left.reduce(run, base);
          const aSnapshot = JSON.stringify(a.toJSON());
          right.reduce(run, base);
          right.reduce(run, a);
          expect(JSON.stringify(base.toJSON())).toBe(snapshot);
          expect(JSON.stringify(a.toJSON())).toBe(aSnapshot);
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('from', () => {
    it('takes an existing request as it is, adding no defaults', () => {
      const request = { ...seedRequest, StoppingCondition: { MaxRuntimeInSeconds: 60 } };
      expect(TrainingJobBuilder.from(request as never).build()).toStrictEqual(request);
    });

    it('refuses something that is not a request object', () => {
      expect(() => TrainingJobBuilder.from(null as never)).toThrow(TypeError);
    });
  });

  describe('validation', () => {
    it('lists every error at once in the ValidationError that build() throws', () => {
      const bad = new TrainingJobBuilder().instance('m5.large').maxRuntime(-1);
      let caught: unknown;
      try {
        bad.build();
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(ValidationError);
      const error = caught as ValidationError;
      const paths = error.issues.filter((i) => i.severity === 'error').map((i) => i.path.join('.'));
      expect(paths).toEqual(
        expect.arrayContaining(['TrainingJobName', 'RoleArn', 'OutputDataConfig', 'ResourceConfig.InstanceType', 'StoppingCondition.MaxRuntimeInSeconds']),
      );
      for (const issue of error.issues.filter((i) => i.severity === 'error')) {
        expect(error.message).toContain(issue.message);
      }
      expect(error.message).toMatch(/→ at ResourceConfig\.InstanceType \(got "m5\.large"\)/);
    });

    it('never throws from safeBuild, and reports the same issues as validate()', () => {
      const bad = new TrainingJobBuilder().name('bad name!');
      const result = bad.safeBuild();
      expect(result.success).toBe(false);
      expect(result.issues).toEqual(bad.validate());
      const good = valid().safeBuild();
      expect(good.success).toBe(true);
      if (good.success) expect(good.value).toEqual(valid().build());
    });

    it('builds with a warning, not an error, for an ml. instance type the model does not know yet', () => {
      const b = valid().instance('ml.p9.96xlarge');
      const result = b.safeBuild();
      expect(result.success).toBe(true);
      expect(result.issues).toEqual([expect.objectContaining({ severity: 'warning', path: ['ResourceConfig', 'InstanceType'] })]);
      expect(b.build().ResourceConfig?.InstanceType).toBe('ml.p9.96xlarge');
    });

    it('validates for local mode when asked: file:// URIs stand for S3 URIs', () => {
      const local = valid().outputPath('file:///tmp/out/');
      expect(local.validate().map((i) => i.code)).toEqual(['pattern']);
      expect(local.validate({ allowFileUris: true })).toEqual([]);
    });

    it('refuses an output path whose bucket no S3 bucket can have', () => {
      expect(valid().outputPath('s3://b/').validate()).toEqual([
        expect.objectContaining({ path: ['OutputDataConfig', 'S3OutputPath'], code: 'bucket_name_too_short', severity: 'error' }),
      ]);
    });

    it('reports an unknown member passed through from() instead of dropping it', () => {
      const typo = { ...seedRequest, HyperParamters: { epochs: '5' } };
      expect(TrainingJobBuilder.from(typo as never).validate()).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: ['HyperParamters'], severity: 'error' })]),
      );
    });
  });

  describe('output for people', () => {
    it('shows a readable summary in toString and util.inspect', () => {
      const b = valid().hyperParameters({ 'batch-size': 512, epochs: 5 });
      const text = b.toString();
      expect(text).toContain('resnet50-p3-gpu4-b512-e2');
      expect(text).toContain('ml.p3.8xlarge x 1, 16 GB');
      expect(text).toContain('batch-size=512 epochs=5');
      expect(text).toContain('valid:      yes');
      expect(inspect(b)).toBe(text);
    });

    it('lists the issues in the summary of an invalid builder', () => {
      const text = new TrainingJobBuilder().toString();
      expect(text).toMatch(/valid:\s+no, \d+ errors/);
      expect(text).toContain('→ at TrainingJobName');
    });

    it('serializes to the request with JSON.stringify', () => {
      expect(JSON.parse(JSON.stringify(valid()))).toEqual(valid().build());
    });

    it('renders the equivalent AWS CLI command', () => {
      const command = valid().toAwsCliCommand();
      expect(command.startsWith('aws sagemaker create-training-job')).toBe(true);
      expect(command).toContain('--training-job-name resnet50-p3-gpu4-b512-e2');
    });
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TrainingJobBuilder } from '../../src/builder/TrainingJobBuilder';
import { getInstanceSpec } from '../../src/builder/instanceCatalog';
import { builtInTrainingPrices } from '../../src/cost/builtInTrainingPrices';
import { cifarResnet50 } from '../../src/presets/cifarResnet50';
import { defineSweep } from '../../src/sweep/defineSweep';
import type { DefineSweepOptions, SweepMatrix } from '../../src/sweep/defineSweep';
import type { SweepCell, SweepPlan } from '../../src/sweep/SweepPlan';

const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest';
const role = 'arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole';
/** The preset: ml.p3.8xlarge, 1 instance, 16 GB, MaxRuntime 3600 s, epochs 5. */
const base = (options: { batchSize?: number; instanceCount?: number; outputPath?: string } = {}) =>
  cifarResnet50({ image, role, outputPath: 's3://my-bucket/', epochs: 5, ...options });
const sweep = (options: Partial<DefineSweepOptions> & { matrix: SweepMatrix }): SweepPlan =>
  defineSweep({ name: 'resnet-p3', model: 'resnet50', base: base(), ...options });

/** SageMaker's TrainingJobName rule. */
const VALID_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
const P3_PER_HOUR = 3.825; // the built-in price of ml.p3.2xlarge (src/cost/builtInTrainingPrices.ts)
const segments = (name: string): string[] => name.split('-');
/** The parts of a job name after the sweep's prefix (a sweep named `resnet-p3` says `p3` in every name). */
const ownSegments = (plan: SweepPlan, name: string): string[] => segments(name.slice(plan.namePrefix.length));
const errors = (plan: SweepPlan) => plan.issues.filter((issue) => issue.severity === 'error');

describe('defineSweep', () => {
  describe('the matrix', () => {
    it('plans every combination of the axes times the repeats', () => {
      const plan = sweep({
        matrix: { instanceType: ['ml.p3.2xlarge', 'ml.p3.8xlarge'], batchSize: [128, 256, 512], epochs: [5, 10] },
        repeats: 3,
      });
      expect(plan.jobs).toHaveLength(2 * 3 * 2 * 3);
    });

    it('plans one job per repeat of the base when the matrix has no axis', () => {
      const plan = sweep({ matrix: {}, repeats: 2 });
      expect(plan.jobs.map((job) => job.jobName)).toEqual(['resnet-p3-resnet50-p3-gpu4-e5-r1', 'resnet-p3-resnet50-p3-gpu4-e5-r2']);
      expect(plan.jobs[0]!.cell).toEqual({ instanceType: 'ml.p3.8xlarge', instanceCount: 1, epochs: 5, hyperParameters: {}, repeat: 1 });
    });

    it('drops the cells exclude returns true for, in every repeat', () => {
      const plan = sweep({
        matrix: { instanceType: ['ml.p3.2xlarge', 'ml.g5.2xlarge'], batchSize: [256, 512] },
        repeats: 2,
        exclude: (cell) => cell.instanceType === 'ml.g5.2xlarge' && cell.batchSize === 512,
      });
      expect(plan.jobs).toHaveLength((2 * 2 - 1) * 2);
      expect(plan.jobs.some((job) => job.cell.instanceType === 'ml.g5.2xlarge' && job.cell.batchSize === 512)).toBe(false);
    });

    it('drops a cell only when exclude returns exactly true', () => {
      const plan = sweep({ matrix: { batchSize: [256, 512] }, exclude: (() => 1) as unknown as (cell: SweepCell) => boolean });
      expect(plan.jobs).toHaveLength(2);
    });

    it('lists repeat 1 of every cell first, then repeat 2, the first axis varying slowest', () => {
      const plan = sweep({ matrix: { instanceType: ['ml.p3.2xlarge', 'ml.g4dn.xlarge'], batchSize: [256, 512] }, repeats: 2 });
      expect(plan.jobs.map((job) => [job.cell.repeat, job.cell.instanceType, job.cell.batchSize])).toEqual([
        [1, 'ml.p3.2xlarge', 256],
        [1, 'ml.p3.2xlarge', 512],
        [1, 'ml.g4dn.xlarge', 256],
        [1, 'ml.g4dn.xlarge', 512],
        [2, 'ml.p3.2xlarge', 256],
        [2, 'ml.p3.2xlarge', 512],
        [2, 'ml.g4dn.xlarge', 256],
        [2, 'ml.g4dn.xlarge', 512],
      ]);
    });

    it('describes each cell: type, count, batch, epochs, hyperparameters and repeat', () => {
      const plan = sweep({ matrix: { instanceCount: [1, 2], batchSize: [64], hyperParameters: { 'learning-rate': [0.1] } } });
      expect(plan.jobs.map((job) => job.cell)).toEqual([
        { instanceType: 'ml.p3.8xlarge', instanceCount: 1, batchSize: 64, epochs: 5, hyperParameters: { 'learning-rate': '0.1' }, repeat: 1 },
        { instanceType: 'ml.p3.8xlarge', instanceCount: 2, batchSize: 64, epochs: 5, hyperParameters: { 'learning-rate': '0.1' }, repeat: 1 },
      ]);
    });
  });

  describe('the requests', () => {
    it("keeps the preset's 16 GB volume, count and keep-alive on an instance-type axis (the bug of issue 10)", () => {
      const withWarmPool = base({ instanceCount: 2 }).instance('ml.p3.8xlarge', { keepAliveSeconds: 600 });
      const plan = defineSweep({ name: 'types', model: 'resnet50', base: withWarmPool, matrix: { instanceType: ['ml.p3.2xlarge', 'ml.g5.2xlarge'] } });
      expect(plan.jobs.map((job) => job.request.ResourceConfig)).toEqual([
        { InstanceType: 'ml.p3.2xlarge', InstanceCount: 2, VolumeSizeInGB: 16, KeepAlivePeriodInSeconds: 600 },
        { InstanceType: 'ml.g5.2xlarge', InstanceCount: 2, VolumeSizeInGB: 16, KeepAlivePeriodInSeconds: 600 },
      ]);
      expect(plan.jobs.map((job) => job.cell.instanceCount)).toEqual([2, 2]);
      expect(errors(plan)).toEqual([]);
    });

    it('keeps the volume and type of the base on an instance-count axis', () => {
      const plan = sweep({ matrix: { instanceCount: [1, 4] } });
      expect(plan.jobs.map((job) => job.request.ResourceConfig)).toEqual([
        { InstanceType: 'ml.p3.8xlarge', InstanceCount: 1, VolumeSizeInGB: 16 },
        { InstanceType: 'ml.p3.8xlarge', InstanceCount: 4, VolumeSizeInGB: 16 },
      ]);
    });

    it('sets batch-size on a batch-size axis when the base has no batch size', () => {
      const plan = sweep({ matrix: { batchSize: [256, 512] } });
      expect(plan.jobs.map((job) => job.request.HyperParameters)).toEqual([
        { epochs: '5', 'batch-size': '256' },
        { epochs: '5', 'batch-size': '512' },
      ]);
    });

    it('replaces the batch-size the base has', () => {
      const plan = defineSweep({ name: 's', model: 'resnet50', base: base({ batchSize: 128 }), matrix: { batchSize: [256] } });
      expect(plan.jobs[0]!.request.HyperParameters).toEqual({ 'batch-size': '256', epochs: '5' });
    });

    it('sets batch_size, not batch-size, when that is the key the base uses', () => {
      const snake = base().hyperParameters({ batch_size: 32 });
      const plan = defineSweep({ name: 's', model: 'resnet50', base: snake, matrix: { batchSize: [64, 128] } });
      expect(plan.jobs.map((job) => job.request.HyperParameters)).toEqual([
        { epochs: '5', batch_size: '64' },
        { epochs: '5', batch_size: '128' },
      ]);
      expect(plan.jobs.map((job) => job.jobName)).toEqual(['s-resnet50-p3-gpu4-b64-e5-r1', 's-resnet50-p3-gpu4-b128-e5-r1']);
    });

    it('sets the epochs key the base uses on an epochs axis', () => {
      const numEpochs = new TrainingJobBuilder()
        .image(image)
        .role(role)
        .outputPath('s3://my-bucket/')
        .instance('ml.p3.2xlarge', { volumeSizeInGB: 16 })
        .hyperParameters({ num_epochs: 1 });
      const plan = defineSweep({ name: 's', model: 'cnn', base: numEpochs, matrix: { epochs: [2, 3] } });
      expect(plan.jobs.map((job) => job.request.HyperParameters)).toEqual([{ num_epochs: '2' }, { num_epochs: '3' }]);
      expect(plan.jobs.map((job) => job.cell.epochs)).toEqual([2, 3]);
    });

    it('sets every hyperparameter axis as a string, keeping the base hyperparameters', () => {
      const plan = sweep({ matrix: { hyperParameters: { 'learning-rate': [0.1, 0.01], amp: [true, false] } } });
      expect(plan.jobs.map((job) => job.request.HyperParameters)).toEqual([
        { epochs: '5', 'learning-rate': '0.1', amp: 'true' },
        { epochs: '5', 'learning-rate': '0.1', amp: 'false' },
        { epochs: '5', 'learning-rate': '0.01', amp: 'true' },
        { epochs: '5', 'learning-rate': '0.01', amp: 'false' },
      ]);
      expect(plan.jobs.map((job) => job.cell.hyperParameters)).toEqual(plan.jobs.map((job) => ({ 'learning-rate': job.request.HyperParameters!['learning-rate'], amp: job.request.HyperParameters!['amp'] })));
      expect(new Set(plan.jobs.map((job) => job.jobName)).size).toBe(4);
    });

    it('names each request after its job', () => {
      const plan = sweep({ matrix: { batchSize: [256, 512] } });
      for (const job of plan.jobs) expect(job.request.TrainingJobName).toBe(job.jobName);
    });

    it('leaves the base builder unchanged', () => {
      const builder = base();
      const before = JSON.stringify(builder.toJSON());
      defineSweep({ name: 's', model: 'm', base: builder, matrix: { instanceType: ['ml.g5.2xlarge'], batchSize: [1], hyperParameters: { x: ['y'] } } });
      expect(JSON.stringify(builder.toJSON())).toBe(before);
    });
  });

  describe('job names', () => {
    it('reads each name off its own request', () => {
      const plan = sweep({ matrix: { instanceType: ['ml.p3.2xlarge', 'ml.g4dn.xlarge'], batchSize: [256] }, repeats: 2 });
      expect(plan.jobs.map((job) => job.jobName)).toEqual([
        'resnet-p3-resnet50-p3-gpu1-b256-e5-r1',
        'resnet-p3-resnet50-g4dn-gpu1-b256-e5-r1',
        'resnet-p3-resnet50-p3-gpu1-b256-e5-r2',
        'resnet-p3-resnet50-g4dn-gpu1-b256-e5-r2',
      ]);
    });

    it('says x<count> for more than one instance', () => {
      const plan = sweep({ matrix: { instanceCount: [1, 2] } });
      expect(plan.jobs.map((job) => job.jobName)).toEqual(['resnet-p3-resnet50-p3-gpu4-e5-r1', 'resnet-p3-resnet50-p3-gpu4x2-e5-r1']);
    });

    it('tells apart ml.g5.xlarge and ml.g5.2xlarge (both one GPU)', () => {
      const plan = sweep({ matrix: { instanceType: ['ml.g5.xlarge', 'ml.g5.2xlarge'], batchSize: [256, 512] }, repeats: 2 });
      const names = plan.jobs.map((job) => job.jobName);
      expect(new Set(names).size).toBe(names.length);
      for (const job of plan.jobs) {
        expect(job.jobName).toMatch(new RegExp(`^resnet-p3-resnet50-g5-gpu1-b${job.cell.batchSize}-e5-[0-9a-z]{5}-r${job.cell.repeat}$`));
      }
      // The same cell keeps its hash across repeats: only -r<n> differs.
      const byCell = (repeat: number) => plan.jobs.filter((job) => job.cell.repeat === repeat).map((job) => job.jobName.replace(/-r\d+$/, ''));
      expect(byCell(2)).toEqual(byCell(1));
    });

    it('names no p3 job after g5 and no g5 job after p3', () => {
      const plan = sweep({ name: 'families', matrix: { instanceType: ['ml.p3.2xlarge', 'ml.g5.2xlarge', 'ml.p3.8xlarge'] } });
      expect(plan.jobs.map((job) => job.jobName)).toEqual(['families-resnet50-p3-gpu1-e5-r1', 'families-resnet50-g5-gpu1-e5-r1', 'families-resnet50-p3-gpu4-e5-r1']);
      for (const job of plan.jobs) {
        const family = getInstanceSpec(job.cell.instanceType)!.family;
        expect(ownSegments(plan, job.jobName)).toContain(family);
        expect(ownSegments(plan, job.jobName)).not.toContain(family === 'p3' ? 'g5' : 'p3');
      }
    });

    it('keeps every name within 63 characters for long sweep names and models', () => {
      const plan = defineSweep({
        name: 'a-very-long-sweep-name-x',
        model: 'an extremely long model name, with spaces and symbols, that keeps going '.repeat(3),
        base: base({ instanceCount: 1 }),
        matrix: { instanceType: ['ml.p4de.24xlarge', 'ml.g5.xlarge', 'ml.g5.2xlarge'], instanceCount: [1, 16], batchSize: [4096], epochs: [300], hyperParameters: { lr: [0.1, 0.001] } },
        repeats: 12,
      });
      expect(plan.namePrefix).toBe('a-very-long-sweep-name-x-');
      for (const job of plan.jobs) {
        expect(job.jobName.length).toBeLessThanOrEqual(63);
        expect(job.jobName).toMatch(VALID_NAME);
        expect(job.jobName.startsWith(plan.namePrefix)).toBe(true);
        expect(job.jobName).toMatch(new RegExp(`-r${job.cell.repeat}$`));
      }
      expect(new Set(plan.jobs.map((job) => job.jobName)).size).toBe(plan.jobs.length);
      expect(errors(plan)).toEqual([]);
    });

    it('starts every name with plan.namePrefix, the sweep name and a hyphen', () => {
      const plan = defineSweep({ name: 'paper-run-2', model: 'resnet50', base: base(), matrix: { batchSize: [64] } });
      expect(plan.namePrefix).toBe('paper-run-2-');
      expect(plan.name).toBe('paper-run-2');
      expect(plan.jobs[0]!.jobName).toBe('paper-run-2-resnet50-p3-gpu4-b64-e5-r1');
    });

    describe('for any matrix (property)', () => {
      const TYPES = ['ml.p3.2xlarge', 'ml.p3.8xlarge', 'ml.g5.xlarge', 'ml.g5.2xlarge', 'ml.g4dn.xlarge', 'ml.m5.large', 'ml.trn1.32xlarge'];
      const FAMILIES = [...new Set(TYPES.map((type) => getInstanceSpec(type)!.family))];
      const BATCHES = [32, 64, 128, 256, 512, 1024];
      const EPOCHS = [1, 2, 5, 10, 50];
      const matrix = fc.record(
        {
          instanceType: fc.subarray(TYPES, { minLength: 1, maxLength: 4 }),
          instanceCount: fc.subarray([1, 2, 4], { minLength: 1 }),
          batchSize: fc.subarray(BATCHES, { minLength: 1, maxLength: 3 }),
          epochs: fc.subarray(EPOCHS, { minLength: 1, maxLength: 3 }),
        },
        { requiredKeys: ['instanceType'] },
      );
      const definition = fc.record({
        matrix,
        repeats: fc.integer({ min: 1, max: 3 }),
        name: fc.constantFrom('resnet-p3', 'sweep-7', 'x'.repeat(24)),
        model: fc.constantFrom('resnet50', 'CNN MNIST', ''),
      });

      it('gives valid, unique names that say the prefix, the repeat, the family, the count, the batch and the epochs of their own cell, the same every time', () => {
        fc.assert(
          fc.property(definition, ({ matrix: m, repeats, name, model }) => {
            const options = { name, model, base: base(), matrix: m, repeats };
            const plan = defineSweep(options);
            const names = plan.jobs.map((job) => job.jobName);
            expect(new Set(names).size).toBe(names.length);
            expect(names).toHaveLength(m.instanceType.length * (m.instanceCount?.length ?? 1) * (m.batchSize?.length ?? 1) * (m.epochs?.length ?? 1) * repeats);
            for (const job of plan.jobs) {
              const { cell, jobName: jobNameOf } = job;
              const parts = ownSegments(plan, jobNameOf);
              expect(jobNameOf).toMatch(VALID_NAME);
              expect(jobNameOf.startsWith(plan.namePrefix)).toBe(true);
              expect(parts).toContain(`r${cell.repeat}`);
              const family = getInstanceSpec(cell.instanceType)!.family;
              expect(parts).toContain(family);
              for (const other of FAMILIES) if (other !== family) expect(parts).not.toContain(other);
              if (cell.instanceCount > 1) expect(jobNameOf).toMatch(new RegExp(`-${family}-(gpu|acc|cpu)\\d+x${cell.instanceCount}-`));
              else expect(jobNameOf).not.toMatch(/-(gpu|acc|cpu)\d+x\d+-/);
              expect(cell.epochs).toBeDefined();
              expect(parts).toContain(`e${cell.epochs}`);
              for (const epochs of EPOCHS) if (epochs !== cell.epochs) expect(parts).not.toContain(`e${epochs}`);
              if (cell.batchSize === undefined) expect(jobNameOf).not.toMatch(/-b\d+-/);
              else {
                expect(parts).toContain(`b${cell.batchSize}`);
                for (const batch of BATCHES) if (batch !== cell.batchSize) expect(parts).not.toContain(`b${batch}`);
              }
              expect(job.request.ResourceConfig?.InstanceType).toBe(cell.instanceType);
            }
            expect(defineSweep(options).jobs.map((job) => job.jobName)).toEqual(names);
          }),
          { numRuns: 150 },
        );
      });
    });
  });

  describe('costs', () => {
    it('estimates every job, and plan.maxUsd is their sum', () => {
      expect(builtInTrainingPrices.regions['us-east-1']?.['ml.p3.2xlarge']?.usdPerHour).toBe(P3_PER_HOUR);
      const plan = sweep({ matrix: { instanceType: ['ml.p3.2xlarge'], batchSize: [256, 512] }, repeats: 2 });
      for (const job of plan.jobs) {
        expect(job.cost.maxUsd).toBe(P3_PER_HOUR); // one instance for the preset's one hour
        expect(job.cost.region).toBe('us-east-1');
      }
      expect(plan.maxUsd).toBe(15.3); // 4 jobs x 3.825
      expect(plan.region).toBe('us-east-1');
    });

    it('counts the instances and the warm pool keep-alive in each job estimate', () => {
      const warm = base({ instanceCount: 2 }).instance('ml.p3.8xlarge', { keepAliveSeconds: 600 });
      const plan = defineSweep({ name: 's', model: 'm', base: warm, matrix: { instanceType: ['ml.p3.2xlarge'], batchSize: [256, 512] } });
      // 2 instances x 3.825 USD/h x (3600 + 600) s
      for (const job of plan.jobs) expect(job.cost.maxUsd).toBe(8.925);
      expect(plan.maxUsd).toBe(17.85);
    });

    it('leaves plan.maxUsd undefined when a job type has no price, and still prices the others', () => {
      const plan = sweep({ matrix: { instanceType: ['ml.p3.2xlarge', 'ml.g5.xlarge'] } });
      expect(plan.maxUsd).toBeUndefined();
      expect(plan).not.toHaveProperty('maxUsd');
      expect(plan.jobs[0]!.cost.maxUsd).toBe(P3_PER_HOUR);
      expect(plan.jobs[1]!.cost.maxUsd).toBeUndefined();
      expect(plan.jobs[1]!.cost.reason).toMatch(/no training price for ml\.g5\.xlarge/);
    });

    it('uses the prices it is given', () => {
      const price = { instanceType: 'ml.g5.xlarge', region: 'us-east-1', usdPerHour: 1, source: 'test', asOf: '2026-12-01' };
      const plan = sweep({ matrix: { instanceType: ['ml.g5.xlarge'] }, repeats: 3, prices: { regions: { 'us-east-1': { 'ml.g5.xlarge': price } } } });
      expect(plan.maxUsd).toBe(3);
    });
  });

  describe('issues', () => {
    it('lists every problem of every job, each with its job name', () => {
      const noRole = new TrainingJobBuilder().image(image).outputPath('s3://my-bucket/').instance('ml.p3.2xlarge', { volumeSizeInGB: 16 });
      const plan = defineSweep({ name: 'x', model: 'm', base: noRole, matrix: { instanceType: ['ml.p3.2xlarge', 'p3.8xlarge'] }, repeats: 2 });
      const names = plan.jobs.map((job) => job.jobName);
      const roleIssues = plan.issues.filter((issue) => issue.path.join('.') === 'RoleArn');
      expect(roleIssues.map((issue) => issue.jobName)).toEqual(names);
      const typeIssues = plan.issues.filter((issue) => issue.path.join('.') === 'ResourceConfig.InstanceType');
      expect(typeIssues.map((issue) => issue.jobName)).toEqual(plan.jobs.filter((job) => job.cell.instanceType === 'p3.8xlarge').map((job) => job.jobName));
      expect(typeIssues.every((issue) => issue.severity === 'error')).toBe(true);
      expect(plan.issues).toHaveLength(roleIssues.length + typeIssues.length);
    });

    it('lists warnings too, with their job name', () => {
      const plan = sweep({ matrix: { instanceType: ['ml.p3.2xlarge', 'ml.p9.96xlarge'] } });
      expect(plan.issues).toEqual([expect.objectContaining({ severity: 'warning', path: ['ResourceConfig', 'InstanceType'], jobName: plan.jobs[1]!.jobName })]);
    });

    it('has no issues for a valid sweep', () => {
      expect(sweep({ matrix: { instanceType: ['ml.p3.2xlarge', 'ml.g5.2xlarge'], batchSize: [64] }, repeats: 2 }).issues).toEqual([]);
    });

    it('accepts file:// URIs with local: true that are issues otherwise', () => {
      const local = base({ outputPath: 'file:///tmp/sweep-out/' }).channel('training', 'file:///tmp/data/');
      const remote = defineSweep({ name: 's', model: 'm', base: local, matrix: { batchSize: [32, 64] } });
      expect(remote.issues.map((issue) => issue.path.join('.')).sort()).toEqual(
        ['InputDataConfig.0.DataSource.S3DataSource.S3Uri', 'InputDataConfig.0.DataSource.S3DataSource.S3Uri', 'OutputDataConfig.S3OutputPath', 'OutputDataConfig.S3OutputPath'],
      );
      expect(remote.issues.every((issue) => issue.severity === 'error')).toBe(true);
      expect(defineSweep({ name: 's', model: 'm', base: local, matrix: { batchSize: [32, 64] }, local: true }).issues).toEqual([]);
    });

    it('names a job whose base cannot be named from its request and reports it as an issue', () => {
      const noType = new TrainingJobBuilder().image(image).role(role).outputPath('s3://my-bucket/').hyperParameters({ 'batch-size': 'auto' });
      const plan = defineSweep({ name: 's', model: 'm', base: noType, matrix: { epochs: [1, 2] }, repeats: 2 });
      const names = plan.jobs.map((job) => job.jobName);
      expect(new Set(names).size).toBe(4);
      for (const name of names) expect(name).toMatch(VALID_NAME);
      expect(plan.issues.some((issue) => issue.path[0] === 'ResourceConfig')).toBe(true);
    });
  });

  describe('malformed options', () => {
    const check = (options: unknown, message: RegExp): void => {
      expect(() => defineSweep(options as DefineSweepOptions)).toThrow(TypeError);
      expect(() => defineSweep(options as DefineSweepOptions)).toThrow(message);
    };
    const good = (): DefineSweepOptions => ({ name: 'resnet-p3', model: 'resnet50', base: base(), matrix: { batchSize: [256] } });

    it('throws a TypeError for options that are not an object', () => {
      check(undefined, /^defineSweep: expected \{ name, model, base, matrix/);
      check(null, /expected \{ name, model, base, matrix/);
    });

    it('throws a TypeError for an axis that is not an array', () => {
      check({ ...good(), matrix: { instanceType: 'ml.p3.2xlarge' } }, /matrix\.instanceType must be a non-empty array of instance types/);
      check({ ...good(), matrix: { batchSize: 256 } }, /matrix\.batchSize must be a non-empty array/);
      check({ ...good(), matrix: { hyperParameters: { lr: 0.1 } } }, /matrix\.hyperParameters\.lr must be a non-empty array/);
    });

    it('throws a TypeError for an empty axis', () => {
      check({ ...good(), matrix: { epochs: [] } }, /matrix\.epochs must be a non-empty array of whole numbers >= 1/);
      check({ ...good(), matrix: { hyperParameters: { lr: [] } } }, /matrix\.hyperParameters\.lr must be a non-empty array/);
    });

    it('throws a TypeError for a value listed twice on an axis', () => {
      check({ ...good(), matrix: { batchSize: [256, 512, 256] } }, /matrix\.batchSize lists 256 twice/);
      check({ ...good(), matrix: { instanceType: ['ml.p3.2xlarge', 'ml.p3.2xlarge'] } }, /matrix\.instanceType lists "ml\.p3\.2xlarge" twice/);
      check({ ...good(), matrix: { hyperParameters: { amp: [true, 'true'] } } }, /matrix\.hyperParameters\.amp lists "true" twice/);
    });

    it.each([[0], [1.5], [-2], [Number.NaN], ['256']])('throws a TypeError for a batch size of %j', (batch) => {
      check({ ...good(), matrix: { batchSize: [batch] } }, /matrix\.batchSize must hold whole numbers >= 1, got /);
    });

    it('throws a TypeError for a bad instance type, count, epochs or hyperparameter value', () => {
      check({ ...good(), matrix: { instanceType: [' '] } }, /matrix\.instanceType must hold instance types \(strings\), got " "/);
      check({ ...good(), matrix: { instanceCount: [0] } }, /matrix\.instanceCount must hold whole numbers >= 1, got 0/);
      check({ ...good(), matrix: { epochs: [2.5] } }, /matrix\.epochs must hold whole numbers >= 1, got 2\.5/);
      check({ ...good(), matrix: { hyperParameters: { lr: [null] } } }, /matrix\.hyperParameters\.lr must hold strings, numbers or booleans, got null/);
      check({ ...good(), matrix: { hyperParameters: { lr: [Number.POSITIVE_INFINITY] } } }, /matrix\.hyperParameters\.lr must hold strings, numbers or booleans/);
    });

    it('throws a TypeError for a matrix key that is not an axis', () => {
      check({ ...good(), matrix: { batch: [256] } }, /matrix\.batch is not an axis \(axes: instanceType, instanceCount, batchSize, epochs, hyperParameters\)/);
    });

    it('throws a TypeError for a matrix or hyperParameters that is not an object', () => {
      check({ ...good(), matrix: null }, /matrix must be an object of axes/);
      check({ ...good(), matrix: { hyperParameters: null } }, /matrix\.hyperParameters must be an object of axes/);
    });

    it.each([[0], [-1], [1.5], ['2']])('throws a TypeError for repeats %j', (repeats) => {
      check({ ...good(), repeats }, /repeats must be a whole number >= 1, got /);
    });

    it('throws a TypeError for a base that is not a builder', () => {
      check({ ...good(), base: base().toJSON() }, /base must be a TrainingJobBuilder/);
      check({ ...good(), base: undefined }, /base must be a TrainingJobBuilder/);
    });

    it('throws a TypeError for a name that is not 1-24 lowercase letters, digits and single hyphens (two names must never clean to the same job names)', () => {
      check({ ...good(), name: '---' }, /name must be 1-24 lowercase letters, digits and single hyphens.*got "---"/);
      check({ ...good(), name: '' }, /name must be 1-24 lowercase letters/);
      check({ ...good(), name: 42 }, /name must be 1-24 lowercase letters.*got 42/);
      check({ ...good(), name: 'Resnet_P3' }, /got "Resnet_P3"/);
      check({ ...good(), name: 'resnet-benchmark-june-2024-a' }, /1-24/);
      check({ ...good(), name: 'a--b' }, /single hyphens/);
    });

    it('throws a TypeError for a model that is not a string', () => {
      check({ ...good(), model: undefined }, /model must be a string, got undefined/);
    });

    it('throws a TypeError for an exclude that is not a function', () => {
      check({ ...good(), exclude: true }, /exclude must be a function/);
    });

    it.each([['epochs', 'epochs'], ['num_epochs', 'epochs'], ['batch-size', 'batchSize'], ['batch_size', 'batchSize'], ['batchSize', 'batchSize']])(
      'throws a TypeError for a hyperparameter axis named %s, pointing to the %s axis',
      (key, axis) => {
        check({ ...good(), matrix: { hyperParameters: { [key]: [1, 2] } } }, new RegExp(`matrix\\.hyperParameters\\.${key}: use the ${axis} axis`));
      },
    );
  });

  describe('immutability', () => {
    it('returns a deeply frozen plan', () => {
      const plan = sweep({ matrix: { instanceType: ['ml.p3.2xlarge', 'ml.p9.96xlarge'], hyperParameters: { lr: [0.1] } } });
      const frozen = [
        plan,
        plan.jobs,
        plan.jobs[0],
        plan.jobs[0]!.cell,
        plan.jobs[0]!.cell.hyperParameters,
        plan.jobs[0]!.request,
        plan.jobs[0]!.request.ResourceConfig,
        plan.jobs[0]!.request.HyperParameters,
        plan.jobs[0]!.cost,
        plan.jobs[0]!.cost.groups,
        plan.issues,
        plan.issues[0],
        plan.issues[0]!.path,
      ];
      for (const value of frozen) expect(Object.isFrozen(value)).toBe(true);
      expect(() => {
        (plan.jobs as unknown[]).push({});
      }).toThrow(TypeError);
      expect(() => {
        (plan.jobs[0]!.request.ResourceConfig as { InstanceCount: number }).InstanceCount = 9;
      }).toThrow(TypeError);
    });

    it('hands exclude frozen cells it cannot change the plan through', () => {
      const seen: SweepCell[] = [];
      const plan = sweep({
        matrix: { batchSize: [256, 512], hyperParameters: { lr: [0.1] } },
        repeats: 2,
        exclude: (cell) => {
          seen.push(cell);
          expect(() => {
            (cell as { batchSize: number }).batchSize = 1;
          }).toThrow(TypeError);
          expect(() => {
            cell.hyperParameters['lr'] = 'changed';
          }).toThrow(TypeError);
          return false;
        },
      });
      expect(seen).toHaveLength(4);
      for (const cell of seen) {
        expect(Object.isFrozen(cell)).toBe(true);
        expect(Object.isFrozen(cell.hyperParameters)).toBe(true);
      }
      expect(seen).toEqual(plan.jobs.map((job) => job.cell));
    });
  });
});

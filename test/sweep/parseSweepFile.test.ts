import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TrainingJobBuilder } from '../../src/builder/TrainingJobBuilder';
import { SweepFileError, type ValidationIssue } from '../../src/errors';
import { cifarResnet50 } from '../../src/presets/cifarResnet50';
import { seismicFcn } from '../../src/presets/seismicFcn';
import { defineSweep } from '../../src/sweep/defineSweep';
import { parseSweepFile, SWEEP_FILE_ISSUE_CODES, type ParseSweepFileOptions } from '../../src/sweep/parseSweepFile';
import type { SweepFileJson } from '../../src/sweep/SweepFile';

/** defineSweep, made to throw once on demand: what parseSweepFile does with an error it did not foresee. */
const planning = vi.hoisted(() => ({ failWith: undefined as unknown }));
vi.mock('../../src/sweep/defineSweep', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/sweep/defineSweep')>();
  return {
    ...actual,
    defineSweep: (options: Parameters<typeof actual.defineSweep>[0]) => {
      const error = planning.failWith;
      planning.failWith = undefined;
      if (error !== undefined) throw error;
      return actual.defineSweep(options);
    },
  };
});
afterEach(() => {
  planning.failWith = undefined;
});

const FIXTURES = join(import.meta.dirname, 'fixtures/sweep-files');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const BASE_DIR = '/home/me/sweeps';
const parse = (json: unknown, options: Partial<ParseSweepFileOptions> = {}) =>
  parseSweepFile(json, { path: 'sweeps/x.sweep.json', baseDir: BASE_DIR, isFile: () => false, ...options });

/** The issues of the SweepFileError `fn` throws (fails the test when it does not throw one). */
function issuesOf(fn: () => unknown): ValidationIssue[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SweepFileError);
    return (error as SweepFileError).issues;
  }
  throw new Error('expected a SweepFileError');
}
const at = (issues: ValidationIssue[], ...path: (string | number)[]) => issues.filter((issue) => JSON.stringify(issue.path) === JSON.stringify(path));
const codes = (issues: ValidationIssue[]) => issues.map((issue) => `${issue.path.join('.')}:${issue.code}`).sort();

const image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/digits:latest';
const role = 'arn:aws:iam::123456789012:role/service-role/AmazonSageMaker-ExecutionRole';
const request = () => ({
  AlgorithmSpecification: { TrainingImage: image, TrainingInputMode: 'File' },
  RoleArn: role,
  InputDataConfig: [{ ChannelName: 'training', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://my-bucket/data/' } } }],
  OutputDataConfig: { S3OutputPath: 's3://my-bucket/out/' },
  ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 16 },
  StoppingCondition: { MaxRuntimeInSeconds: 600 },
});
type RequestFile = { name: string; model: string; request: ReturnType<typeof request>; matrix: { batchSize: number[] } } & Record<string, unknown>;
const requestFile = (more: Record<string, unknown> = {}): RequestFile => ({ name: 'digits', model: 'softmax', request: request(), matrix: { batchSize: [16, 64] }, ...more });

describe('parseSweepFile', () => {
  describe('a valid file', () => {
    it('plans a preset file as defineSweep plans the same preset, matrix, repeats and exclusions', () => {
      const file = parse(fixture('valid-preset.json'));
      const json = fixture('valid-preset.json') as SweepFileJson;
      const expected = defineSweep({
        name: json.name,
        model: json.model,
        base: cifarResnet50(json.options!),
        matrix: json.matrix,
        repeats: json.repeats!,
        exclude: (cell) => cell.instanceType === 'ml.g5.2xlarge' && cell.batchSize === 512,
      });
      expect(file.plan.jobs).toEqual(expected.jobs);
      expect(file.plan.jobs).toHaveLength((3 * 2 - 1) * 2);
      expect(file.plan.maxUsd).toBe(expected.maxUsd);
    });

    it('branches every job from the request of a request file', () => {
      const file = parse(requestFile());
      const expected = defineSweep({ name: 'digits', model: 'softmax', base: TrainingJobBuilder.from(request() as never), matrix: { batchSize: [16, 64] } });
      expect(file.plan.jobs).toEqual(expected.jobs);
      expect(file.plan.issues).toEqual([]);
    });

    it('passes seismicFcn its trainingData as the training channel', () => {
      const file = parse(fixture('valid-seismic.json'));
      const json = fixture('valid-seismic.json') as SweepFileJson;
      const expected = seismicFcn(json.options as Parameters<typeof seismicFcn>[0]).toJSON();
      expect(file.plan.jobs[0]!.request.InputDataConfig).toEqual(expected.InputDataConfig);
      expect(file.plan.jobs).toHaveLength(4);
    });

    it('drops a cell only when it matches every field of one exclude entry, hyperparameters compared as strings', () => {
      const file = parse(fixture('valid-request.json'));
      const cells = file.plan.jobs.map((job) => job.cell);
      // 2 batch sizes x 2 learning rates x 3 seeds, minus (batch 16, lr 0.01) x 3 seeds.
      expect(cells).toHaveLength(2 * 2 * 3 - 3);
      expect(cells.some((cell) => cell.batchSize === 16 && cell.hyperParameters['learning-rate'] === '0.01')).toBe(false);
      expect(cells.filter((cell) => cell.batchSize === 64 && cell.hyperParameters['learning-rate'] === '0.01')).toHaveLength(3);
    });

    it('returns the budget and the concurrency the file gives, and the region it prices in', () => {
      const file = parse(fixture('valid-preset.json'));
      expect(file.budgetUsd).toBe(250);
      expect(file.maxConcurrent).toEqual({ 'ml.p3.8xlarge': 1, 'ml.p3.2xlarge': 2 });
      expect(file.plan.region).toBe('us-east-1');
      expect(parse(requestFile({ region: 'eu-west-1' })).plan.region).toBe('eu-west-1');
    });

    it('leaves budget, concurrency and local settings undefined when the file has none', () => {
      const file = parse(fixture('valid-minimal.json'));
      expect(file).not.toHaveProperty('budgetUsd');
      expect(file).not.toHaveProperty('maxConcurrent');
      expect(file).not.toHaveProperty('local');
      expect(file.plan.jobs).toHaveLength(1);
    });

    it('makes the path absolute and freezes what it returns, sharing nothing with the JSON it was given', () => {
      const json = requestFile({ maxConcurrent: { 'ml.m5.large': 1 } });
      const file = parse(json, { path: 'relative/x.sweep.json' });
      expect(file.path).toBe(join(process.cwd(), 'relative/x.sweep.json'));
      expect(Object.isFrozen(file)).toBe(true);
      expect(Object.isFrozen(file.maxConcurrent)).toBe(true);
      json.matrix.batchSize.push(256);
      json.request.RoleArn = 'changed';
      (json.maxConcurrent as Record<string, number>)['ml.m5.large'] = 9;
      expect(file.plan.jobs).toHaveLength(2);
      expect(file.plan.jobs[0]!.request.RoleArn).toBe(role);
      expect(file.maxConcurrent).toEqual({ 'ml.m5.large': 1 });
    });

    it('takes a field set to undefined, from code, as a field left out', () => {
      const file = parse(requestFile({ repeats: undefined, local: undefined, exclude: undefined }));
      expect(file.plan.jobs).toHaveLength(2);
      expect(file).not.toHaveProperty('local');
    });

    it("keeps the jobs' own validation issues in plan.issues instead of throwing", () => {
      const file = parse(requestFile({ request: { ...request(), RoleArn: 'not-a-role' } }));
      expect(file.plan.issues.length).toBeGreaterThan(0);
      expect(file.plan.issues.every((issue) => issue.path[0] === 'RoleArn' && issue.jobName.startsWith('digits-'))).toBe(true);
    });

    it('accepts every fixture named valid-*', () => {
      for (const name of ['valid-preset.json', 'valid-request.json', 'valid-seismic.json', 'valid-minimal.json']) {
        expect(() => parse(fixture(name)), name).not.toThrow();
      }
    });
  });

  describe('local settings', () => {
    it('replaces the output path and the named channels with file URIs under the file\'s directory in local mode', () => {
      const file = parse(fixture('valid-request.json'), { local: true });
      for (const job of file.plan.jobs) {
        expect(job.request.OutputDataConfig?.S3OutputPath).toBe(`${pathToFileURL(join(BASE_DIR, 'out')).href}/`);
        expect(job.request.InputDataConfig?.[0]?.DataSource?.S3DataSource?.S3Uri).toBe(`${pathToFileURL(join(BASE_DIR, 'data')).href}/`);
      }
      expect(file.plan.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    });

    it('keeps the S3 URIs when not in local mode', () => {
      const file = parse(fixture('valid-request.json'));
      expect(file.plan.jobs[0]!.request.OutputDataConfig?.S3OutputPath).toBe('s3://my-bucket/digits/');
      expect(file.plan.jobs[0]!.request.InputDataConfig?.[0]?.DataSource?.S3DataSource?.S3Uri).toBe('s3://my-bucket/digits/data/');
    });

    it('keeps the S3 URIs in local mode when local names no outputPath and no channels', () => {
      const file = parse(requestFile({ local: { command: ['python3', 'train.py'] } }), { local: true });
      expect(file.plan.jobs[0]!.request.OutputDataConfig?.S3OutputPath).toBe('s3://my-bucket/out/');
      expect(file.plan.jobs[0]!.request.InputDataConfig?.[0]?.DataSource?.S3DataSource?.S3Uri).toBe('s3://my-bucket/data/');
    });

    it('takes file:/// URIs in local paths as they are, and keeps the other channels', () => {
      const file = parse(fixture('valid-seismic.json'), { local: true });
      expect(file.plan.jobs[0]!.request.InputDataConfig?.[0]?.DataSource?.S3DataSource?.S3Uri).toBe('file:///data/seismic/');
      expect(file.plan.jobs[0]!.request.OutputDataConfig?.S3OutputPath).toBe('s3://my-bucket/');
    });

    it('keeps the rest of the output config (KMS key, compression) when it replaces the output path', () => {
      const withKms = { ...request(), OutputDataConfig: { S3OutputPath: 's3://my-bucket/out/', KmsKeyId: 'alias/my-key', CompressionType: 'NONE' } };
      const file = parse(requestFile({ request: withKms, local: { command: ['python3'], outputPath: '/tmp/out/' } }), { local: true });
      expect(file.plan.jobs[0]!.request.OutputDataConfig).toEqual({ S3OutputPath: 'file:///tmp/out/', KmsKeyId: 'alias/my-key', CompressionType: 'NONE' });
    });

    it('makes the command arguments that name a file in the base directory absolute, and the work directory', () => {
      const existing = new Set([join(BASE_DIR, 'train.py'), join(BASE_DIR, '../scripts/run.sh')]);
      const file = parse(requestFile({ local: { command: ['python3', 'train.py', '--data', 'missing.csv', '../scripts/run.sh', '-v'], workDir: '../work' } }), {
        isFile: (path) => existing.has(path),
      });
      expect(file.local).toEqual({
        command: ['python3', join(BASE_DIR, 'train.py'), '--data', 'missing.csv', join(BASE_DIR, '../scripts/run.sh'), '-v'],
        workDir: join(BASE_DIR, '../work'),
      });
    });

    it('takes workDir and outputPath from localDefaults when the file gives none, and only in local mode', () => {
      const defaults = { workDir: '/tmp/report/work', outputPath: '/tmp/report/output/' };
      const bare = parse(requestFile({ local: { command: ['python3'] } }), { local: true, localDefaults: defaults });
      expect(bare.local?.workDir).toBe('/tmp/report/work');
      expect(bare.plan.jobs[0]!.request.OutputDataConfig?.S3OutputPath).toBe('file:///tmp/report/output/');
      const own = parse(requestFile({ local: { command: ['python3'], workDir: 'mine', outputPath: 'out/' } }), { local: true, localDefaults: defaults });
      expect(own.local?.workDir).toBe(join(BASE_DIR, 'mine'));
      expect(own.plan.jobs[0]!.request.OutputDataConfig?.S3OutputPath).toBe(pathToFileURL(join(BASE_DIR, 'out')).href + '/');
      const onSageMaker = parse(requestFile({ local: { command: ['python3'] } }), { localDefaults: defaults });
      expect(onSageMaker.local?.workDir).toBeUndefined();
      expect(onSageMaker.plan.jobs[0]!.request.OutputDataConfig?.S3OutputPath).toMatch(/^s3:\/\//);
    });

    it('returns runtime and stopGraceSeconds for createLocalClients, without the paths it put into the plan', () => {
      const file = parse(fixture('valid-request.json'), { local: true });
      expect(file.local).toEqual({ runtime: 'process', command: ['python3', 'train.py', '--verbose'], stopGraceSeconds: 0, workDir: join(BASE_DIR, 'work') });
    });

    it('validates file URIs of the request for local mode only', () => {
      const local = { ...request(), OutputDataConfig: { S3OutputPath: 'file:///tmp/out/' } };
      expect(parse(requestFile({ request: local }), { local: true }).plan.issues).toEqual([]);
      const onSageMaker = parse(requestFile({ request: local })).plan.issues;
      expect(onSageMaker.some((issue) => issue.severity === 'error' && issue.path.join('.') === 'OutputDataConfig.S3OutputPath')).toBe(true);
    });

    it('names a local channel no job has, with the closest channel', () => {
      const issues = issuesOf(() => parse(fixture('semantic-unknown-channel.json')));
      expect(codes(issues)).toEqual(['local.channels.trainng:unknown_channel', 'local.channels.validation:unknown_channel']);
      expect(at(issues, 'local', 'channels', 'trainng')[0]!.message).toMatch(/did you mean "training"/);
      expect(at(issues, 'local', 'channels', 'validation')[0]!.message).toMatch(/"training"/);
    });

    it('says when the jobs have no channel at all', () => {
      const issues = issuesOf(() => parse({ ...(fixture('valid-minimal.json') as object), local: { channels: { training: 'data/' } } }));
      expect(issues[0]!.message).toMatch(/no input channel/);
    });

    it('reports every problem of the local settings', () => {
      const issues = issuesOf(() => parse(fixture('invalid-local.json')));
      expect(codes(issues)).toEqual([
        'local.channels.training:invalid_type',
        'local.command.1:min_length',
        'local.outputPath:pattern',
        'local.runtime:enum',
        'local.stopGraceSeconds:min_value',
        'local.workdir:unknown_field',
      ]);
      expect(at(issues, 'local', 'runtime')[0]!.message).toMatch(/did you mean "process"/);
      expect(at(issues, 'local', 'workdir')[0]!.message).toMatch(/did you mean "workDir"/);
      expect(at(issues, 'local', 'outputPath')[0]!.message).toMatch(/relative to the sweep file, or a file:\/\/\/ URI/);
    });

    it('needs a command for the process runtime', () => {
      const issues = issuesOf(() => parse(fixture('invalid-process-without-command.json')));
      expect(codes(issues)).toEqual(['local.command:required']);
    });
  });

  describe('an invalid file', () => {
    it('reports every issue at once, each with the path of its field', () => {
      const issues = issuesOf(() => parse(fixture('invalid-types.json')));
      expect(codes(issues)).toEqual([
        'budgetUsd:min_value',
        'matrix.batchSize.0:invalid_type',
        'matrix.batchSize.1:min_value',
        'matrix.batchSize.2:not_integer',
        'matrix.epochs:invalid_type',
        'matrix.instanceType:min_items',
        'maxConcurrent:invalid_type',
        'model:invalid_type',
        'name:pattern',
        'region:pattern',
        'repeats:invalid_type',
      ]);
      expect(issues.every((issue) => issue.severity === 'error')).toBe(true);
    });

    it('says what was expected and what was got', () => {
      const issues = issuesOf(() => parse(fixture('invalid-types.json')));
      expect(at(issues, 'matrix', 'batchSize', 0)[0]).toMatchObject({ message: 'expected a whole number >= 1, got a string', value: '64' });
      expect(at(issues, 'matrix', 'epochs')[0]!.message).toMatch(/^expected a non-empty array of values, e.g. \[5, 10\], got a number$/);
      expect(at(issues, 'region')[0]!.message).toMatch(/region code such as "us-east-1"/);
      expect(at(issues, 'name')[0]!.message).toMatch(/lowercase letters, digits and single hyphens/);
    });

    it('names the closest known field of a misspelt one', () => {
      const issues = issuesOf(() => parse(fixture('invalid-typos.json')));
      expect(at(issues, 'matrx')[0]).toMatchObject({ code: 'unknown_field', message: '"matrx" is not a field; did you mean "matrix"?' });
      expect(at(issues, 'modle')[0]!.message).toMatch(/did you mean "model"\?/);
      expect(at(issues, 'options', 'outputpath')[0]!.message).toBe('"outputpath" is not a field of "options"; did you mean "outputPath"?');
      // and what the misspellings leave missing
      expect(codes(issues)).toEqual(['matrix:required', 'matrx:unknown_field', 'model:required', 'modle:unknown_field', 'options.outputPath:required', 'options.outputpath:unknown_field']);
    });

    it('says where a field put at the top level belongs', () => {
      const issues = issuesOf(() => parse(requestFile({ epochs: 5, instanceType: 'ml.p3.2xlarge', image })));
      expect(at(issues, 'epochs')[0]!.message).toMatch(/"matrix": \{ "epochs": \[\.\.\.\] \}.*"options": \{ "epochs": \.\.\. \}/);
      expect(at(issues, 'image')[0]!.message).toMatch(/did you mean "options": \{ "image": \.\.\. \}\?/);
    });

    it('lists the known fields when no field is close to an unknown one', () => {
      const issues = issuesOf(() => parse(requestFile({ local: { command: ['python3'], environment: {} } })));
      expect(at(issues, 'local', 'environment')[0]!.message).toMatch(/the fields are "command", "runtime", "stopGraceSeconds"/);
    });

    it('refuses preset and request together, and a file with neither', () => {
      expect(codes(issuesOf(() => parse(fixture('invalid-preset-and-request.json'))))).toEqual(['request:conflict']);
      const neither = issuesOf(() => parse(fixture('invalid-no-base.json')));
      expect(codes(neither)).toEqual(['preset:required']);
      expect(neither[0]!.message).toMatch(/"preset" with "options".*or "request"/);
    });

    it('needs options with a preset, and refuses options with a request', () => {
      const preset = issuesOf(() => parse({ name: 'p', model: 'cnn', preset: 'mnistCnn', matrix: {} }));
      expect(codes(preset)).toEqual(['options:required']);
      const withRequest = issuesOf(() => parse(requestFile({ options: { image, role, outputPath: 's3://my-bucket/' } })));
      expect(codes(withRequest)).toEqual(['options:conflict']);
    });

    it("checks a preset's name and its options", () => {
      const unknown = issuesOf(() => parse({ ...(fixture('valid-minimal.json') as object), preset: 'cifarResNet50' }));
      expect(at(unknown, 'preset')[0]).toMatchObject({ code: 'enum', message: expect.stringMatching(/did you mean "cifarResnet50"\?$/) });
      const seismic = issuesOf(() => parse(fixture('invalid-seismic-options.json')));
      expect(codes(seismic)).toEqual(['options.name:unknown_field', 'options.trainingData:required']);
      expect(at(seismic, 'options', 'name')[0]!.message).toMatch(/the sweep names its jobs/);
      const mnist = issuesOf(() => parse({ ...(fixture('valid-minimal.json') as { options: object }), options: { image, role, outputPath: 's3://b/', trainingData: 's3://b/d/', batchSize: '64' } }));
      expect(codes(mnist)).toEqual(['options.batchSize:invalid_type', 'options.trainingData:unknown_field']);
      expect(at(mnist, 'options', 'trainingData')[0]!.message).toMatch(/seismicFcn preset only/);
    });

    it('checks the matrix: duplicates, axes that belong in hyperParameters, reserved hyperparameters, empty axes, values', () => {
      const issues = issuesOf(() => parse(fixture('invalid-matrix.json')));
      expect(codes(issues)).toEqual([
        'exclude.0:required',
        'exclude.1.batchsize:unknown_field',
        'exclude.2:invalid_type',
        'matrix.batchSize.2:duplicate',
        'matrix.hyperParameters.batch-size:reserved_key',
        'matrix.hyperParameters.dropout:min_items',
        'matrix.hyperParameters.momentum.1:invalid_type',
        'matrix.learning-rate:unknown_field',
      ]);
      expect(at(issues, 'matrix', 'batchSize', 2)[0]!.message).toBe('64 is listed twice (also at [0])');
      expect(at(issues, 'matrix', 'learning-rate')[0]!.message).toMatch(/"hyperParameters": \{ "learning-rate": \[\.\.\.\] \}/);
      expect(at(issues, 'matrix', 'hyperParameters', 'batch-size')[0]!.message).toMatch(/"batchSize"/);
      expect(at(issues, 'exclude', 1, 'batchsize')[0]!.message).toMatch(/did you mean "batchSize"/);
    });

    it('counts hyperparameter values that read the same as strings as duplicates', () => {
      const issues = issuesOf(() => parse(requestFile({ matrix: { hyperParameters: { seed: [1, '1', true, 'true'] } } })));
      expect(codes(issues)).toEqual(['matrix.hyperParameters.seed.1:duplicate', 'matrix.hyperParameters.seed.3:duplicate']);
    });

    it('names an exclude hyperparameter that is not an axis, with the closest axis', () => {
      const issues = issuesOf(() => parse(fixture('semantic-unknown-axis.json')));
      expect(codes(issues)).toEqual(['exclude.0.hyperParameters.learning_rate:unknown_axis', 'exclude.1.hyperParameters.dropout:unknown_axis']);
      expect(issues[0]!.message).toMatch(/did you mean "learning-rate"/);
      expect(issues[1]!.message).toMatch(/the axes are "learning-rate"/);
    });

    it('refuses JSON that is not an object', () => {
      expect(codes(issuesOf(() => parse(fixture('invalid-not-an-object.json'))))).toEqual([':invalid_type']);
      expect(codes(issuesOf(() => parse(null)))).toEqual([':invalid_type']);
    });

    it('names the file as given in the error, and lists the issues in its message', () => {
      try {
        parse(fixture('invalid-typos.json'), { path: 'sweeps/typos.sweep.json' });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(SweepFileError);
        const e = error as SweepFileError;
        expect(e.path).toBe('sweeps/typos.sweep.json');
        expect(e.message.split('\n')[0]).toBe(`Sweep file sweeps/typos.sweep.json: ${e.issues.length} issues`);
        expect(e.message).toContain('✖ "matrx" is not a field; did you mean "matrix"? → at matrx');
      }
    });

    it('uses only the documented issue codes', () => {
      const all = ['invalid-types.json', 'invalid-typos.json', 'invalid-matrix.json', 'invalid-local.json', 'invalid-seismic-options.json', 'semantic-unknown-axis.json', 'semantic-unknown-channel.json'].flatMap(
        (name) => issuesOf(() => parse(fixture(name))),
      );
      for (const issue of all) expect(SWEEP_FILE_ISSUE_CODES).toContain(issue.code);
    });

    it('wraps a TypeError of the planning into a SweepFileError that keeps it as cause', () => {
      const cause = new TypeError('defineSweep: something the checks did not foresee');
      planning.failWith = cause;
      try {
        parse(requestFile());
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(SweepFileError);
        expect((error as SweepFileError).issues).toEqual([{ path: [], code: 'invalid_sweep', message: cause.message, severity: 'error' }]);
        expect((error as SweepFileError).cause).toBe(cause);
      }
    });

    it('lets other errors of the planning through as they are', () => {
      const bug = new Error('a bug');
      planning.failWith = bug;
      expect(() => parse(requestFile())).toThrow(bug);
    });
  });

  it('refuses options without a path or a base directory', () => {
    expect(() => parseSweepFile({}, undefined as never)).toThrow(TypeError);
    expect(() => parseSweepFile({}, { path: '', baseDir: '/x' })).toThrow(/path/);
    expect(() => parseSweepFile({}, { path: 'x.json' } as never)).toThrow(/baseDir/);
  });
});

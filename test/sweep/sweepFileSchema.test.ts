import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SweepFileError, type ValidationIssue } from '../../src/errors';
import { parseSweepFile, SWEEP_FILE_ISSUE_CODES } from '../../src/sweep/parseSweepFile';
import {
  EXCLUDE_FIELDS,
  LOCAL_FIELDS,
  LOCAL_PATH_PATTERN,
  LOCAL_RUNTIMES,
  MATRIX_AXES,
  PRESET_OPTION_FIELDS,
  REGION_PATTERN,
  RESERVED_HYPERPARAMETERS,
  SWEEP_FILE_PRESETS,
  SWEEP_NAME_MAX_LENGTH,
  SWEEP_NAME_PATTERN,
  TOP_LEVEL_FIELDS,
} from '../../src/sweep/internal/sweepFileRules';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(import.meta.dirname, 'fixtures/sweep-files');
type Schema = Record<string, any>;
const schema = JSON.parse(readFileSync(join(ROOT, 'schema/sweep-file.schema.json'), 'utf8')) as Schema;
const ajv = new Ajv2020({ strict: true, allErrors: true });
const validate = ajv.compile(schema);

/** The codes of the checks the schema makes too; the others (a channel no job has, ...) it cannot. */
const SHAPE_CODES: ReadonlySet<string> = new Set(
  SWEEP_FILE_ISSUE_CODES.filter((code) => !['unknown_axis', 'unknown_channel', 'invalid_sweep', 'file_not_found', 'unsupported_extension', 'json_syntax', 'module_error', 'not_a_plan'].includes(code)),
);

function issuesOf(json: unknown): ValidationIssue[] {
  try {
    parseSweepFile(json, { path: 'x.sweep.json', baseDir: '/sweeps', isFile: () => false });
    return [];
  } catch (error) {
    if (error instanceof SweepFileError) return error.issues;
    throw error;
  }
}
const shapeIssues = (json: unknown) => issuesOf(json).filter((issue) => SHAPE_CODES.has(issue.code));
const fixtures = (prefix: string) => readdirSync(FIXTURES).filter((name) => name.startsWith(prefix) && name.endsWith('.json'));
const load = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
const schemaErrors = () => JSON.stringify(validate.errors, null, 1);

/** Every subschema of `node` with the JSON pointer to it. */
function* subschemas(node: unknown, pointer = '#'): Generator<[string, Schema]> {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
  yield [pointer, node as Schema];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' || key === '$defs') {
      for (const [name, child] of Object.entries(value as object)) yield* subschemas(child, `${pointer}/${key}/${name}`);
    } else if (['items', 'additionalProperties', 'propertyNames', 'not', 'if', 'then'].includes(key)) {
      yield* subschemas(value, `${pointer}/${key}`);
    } else if (key === 'oneOf' || key === 'anyOf') {
      for (const [i, child] of (value as unknown[]).entries()) yield* subschemas(child, `${pointer}/${key}/${i}`);
    }
  }
}
const at = (pointer: string): Schema => pointer.split('/').slice(1).reduce((node: any, key) => node[key], schema);
const keysAt = (pointer: string) => Object.keys(at(pointer).properties).sort();

describe('schema/sweep-file.schema.json', () => {
  describe('the schema itself', () => {
    it('is a draft 2020-12 schema that compiles in strict mode', () => {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(typeof validate).toBe('function');
    });

    it('describes every field, for editors to show', () => {
      const undescribed = [...subschemas(schema)]
        .filter(([pointer]) => /\/(properties|\$defs)\/[^/]+$/.test(pointer) || /\/(items|additionalProperties)$/.test(pointer))
        .filter(([pointer, node]) => typeof node.description !== 'string' && !/\/(oneOf\/\d+|if|then)\//.test(pointer))
        .map(([pointer]) => pointer);
      expect(undescribed).toEqual([]);
    });

    it('allows no field it does not list, in every object it lists fields of', () => {
      const open = [...subschemas(schema)]
        .filter(([pointer, node]) => node.properties !== undefined && !pointer.includes('/oneOf/') && !pointer.endsWith('/then') && !pointer.endsWith('/if'))
        .filter(([, node]) => node.additionalProperties !== false)
        .map(([pointer]) => pointer);
      expect(open).toEqual([]);
    });

    it('lists the fields the code knows', () => {
      expect(keysAt('#')).toEqual([...TOP_LEVEL_FIELDS].sort());
      expect(keysAt('#/properties/matrix')).toEqual([...MATRIX_AXES].sort());
      expect(keysAt('#/properties/exclude/items')).toEqual([...EXCLUDE_FIELDS].sort());
      expect(keysAt('#/properties/local')).toEqual([...LOCAL_FIELDS].sort());
      expect(keysAt('#/$defs/presetOptions')).toEqual([...PRESET_OPTION_FIELDS].sort());
      expect(keysAt('#/$defs/seismicFcnOptions')).toEqual([...PRESET_OPTION_FIELDS, 'trainingData'].sort());
    });

    it('states the rules the code checks', () => {
      expect(at('#/properties/name')).toMatchObject({ pattern: SWEEP_NAME_PATTERN.source, maxLength: SWEEP_NAME_MAX_LENGTH });
      expect(new RegExp(at('#/properties/region').pattern).source).toBe(REGION_PATTERN.source);
      expect(new RegExp(at('#/properties/local/properties/outputPath').pattern).source).toBe(LOCAL_PATH_PATTERN.source);
      expect(new RegExp(at('#/properties/local/properties/channels/additionalProperties').pattern).source).toBe(LOCAL_PATH_PATTERN.source);
      expect(at('#/properties/preset').enum).toEqual([...SWEEP_FILE_PRESETS]);
      expect(at('#/properties/local/properties/runtime').enum).toEqual([...LOCAL_RUNTIMES]);
      expect(at('#/properties/matrix/properties/hyperParameters/propertyNames').not.enum).toEqual([...RESERVED_HYPERPARAMETERS]);
    });

    it('is what the package exports as sagemaker-bench/sweep-file.schema.json', () => {
      const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string>; files: string[] };
      expect(pkg.exports['./sweep-file.schema.json']).toBe('./schema/sweep-file.schema.json');
      expect(pkg.files).toContain('schema');
    });
  });

  describe('agreement with parseSweepFile', () => {
    it.each(fixtures('valid-'))('accepts %s, as parseSweepFile does', (name) => {
      expect(validate(load(name)), schemaErrors()).toBe(true);
      expect(issuesOf(load(name))).toEqual([]);
    });

    it('accepts the example sweep file', () => {
      const example = JSON.parse(readFileSync(join(ROOT, 'examples/sweep/digits.sweep.json'), 'utf8')) as unknown;
      expect(validate(example), schemaErrors()).toBe(true);
    });

    it.each(fixtures('invalid-'))('rejects %s, as parseSweepFile does for its shape', (name) => {
      expect(validate(load(name))).toBe(false);
      expect(shapeIssues(load(name)).length).toBeGreaterThan(0);
    });

    it.each(fixtures('semantic-'))('accepts the shape of %s, which only parseSweepFile can refuse', (name) => {
      expect(validate(load(name)), schemaErrors()).toBe(true);
      const issues = issuesOf(load(name));
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.filter((issue) => SHAPE_CODES.has(issue.code))).toEqual([]);
    });

    it('agrees on every generated file, and parseSweepFile never lets defineSweep refuse one it passed', () => {
      fc.assert(
        fc.property(sweepFileArbitrary(), (json) => {
          const issues = issuesOf(json);
          expect(issues.filter((issue) => issue.code === 'invalid_sweep')).toEqual([]);
          const shape = issues.filter((issue) => SHAPE_CODES.has(issue.code));
          expect(validate(json), `schema ${schemaErrors()}\nparseSweepFile ${JSON.stringify(shape)}`).toBe(shape.length === 0);
        }),
        { numRuns: 400 },
      );
      // The files are near enough to valid for the property to say something about both sides.
      const sample = fc.sample(sweepFileArbitrary(), { numRuns: 400, seed: 7 });
      const valid = sample.filter((json) => validate(json)).length;
      expect(valid).toBeGreaterThan(40);
      expect(valid).toBeLessThan(360);
    });
  });
});

/** A valid sweep file (by shape: a channel or an axis it names may not exist). */
function validSweepFile(): fc.Arbitrary<Record<string, unknown>> {
  const whole = fc.integer({ min: 1, max: 4 });
  const axis = <T>(values: fc.Arbitrary<T>) => fc.uniqueArray(values, { minLength: 1, maxLength: 3, selector: (v) => String(v) });
  const hyperValue = fc.oneof(fc.constantFrom('a', 'b'), fc.constantFrom(0.1, 2), fc.boolean());
  const presetOptions = fc.record(
    {
      image: fc.constant('123456789012.dkr.ecr.us-east-1.amazonaws.com/x:latest'),
      role: fc.constant('arn:aws:iam::123456789012:role/r'),
      outputPath: fc.constant('s3://my-bucket/'),
      batchSize: whole,
      epochs: whole,
      instanceType: fc.constantFrom('ml.p3.2xlarge', 'ml.m5.large'),
      instanceCount: whole,
      volumeSizeInGB: fc.integer({ min: 1, max: 64 }),
      maxRuntimeSeconds: fc.integer({ min: 60, max: 7200 }),
    },
    { requiredKeys: ['image', 'role', 'outputPath'] },
  );
  const request = {
    AlgorithmSpecification: { TrainingImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/x:latest', TrainingInputMode: 'File' },
    RoleArn: 'arn:aws:iam::123456789012:role/r',
    InputDataConfig: [{ ChannelName: 'training', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://b/d/' } } }],
    OutputDataConfig: { S3OutputPath: 's3://b/' },
    ResourceConfig: { InstanceType: 'ml.m5.large', InstanceCount: 1, VolumeSizeInGB: 16 },
    StoppingCondition: { MaxRuntimeInSeconds: 600 },
  };
  const base = fc.oneof(
    fc.record({ preset: fc.constantFrom('mnistCnn', 'cifarResnet50'), options: presetOptions }),
    fc.record({ preset: fc.constant('seismicFcn'), options: presetOptions.map((o) => ({ ...o, trainingData: 's3://my-bucket/seismic/' })) }),
    fc.constant({ request }),
  );
  const localPath = fc.constantFrom('out/', '../data', 'file:///tmp/x/', '/abs/dir');
  return fc
    .tuple(
      base,
      fc.record(
        {
          $schema: fc.constant('./schema.json'),
          repeats: whole,
          region: fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2'),
          budgetUsd: fc.constantFrom(0, 12.5, 1000),
          maxConcurrent: fc.oneof(whole, fc.dictionary(fc.constantFrom('ml.p3.2xlarge', 'ml.m5.large'), whole)),
          exclude: fc.array(
            fc.record(
              { instanceType: fc.constantFrom('ml.p3.2xlarge'), instanceCount: whole, batchSize: whole, epochs: whole, hyperParameters: fc.dictionary(fc.constantFrom('learning-rate', 'seed'), hyperValue) },
              { requiredKeys: ['batchSize'] },
            ),
            { maxLength: 2 },
          ),
          local: fc.record(
            {
              command: fc.array(fc.constantFrom('python3', 'train.py', '-v'), { minLength: 1, maxLength: 3 }),
              runtime: fc.constantFrom('auto', 'docker'),
              stopGraceSeconds: fc.constantFrom(0, 5.5, 120),
              workDir: fc.constant('work'),
              outputPath: localPath,
              channels: fc.dictionary(fc.constantFrom('training'), localPath),
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
      fc.record(
        {
          instanceType: axis(fc.constantFrom('ml.p3.2xlarge', 'ml.g5.xlarge', 'ml.m5.large')),
          instanceCount: axis(whole),
          batchSize: axis(fc.integer({ min: 1, max: 1024 })),
          epochs: axis(whole),
          hyperParameters: fc.dictionary(fc.constantFrom('learning-rate', 'seed', 'dropout'), axis(hyperValue), { maxKeys: 2 }),
        },
        { requiredKeys: [] },
      ),
      fc.stringMatching(/^[a-z0-9](-?[a-z0-9]){0,8}$/),
      fc.constantFrom('cnn', 'resnet50', ''),
    )
    .map(([baseFields, extra, matrix, name, model]) => ({ name, model, ...baseFields, matrix, ...extra }));
}

type Mutation = (file: Record<string, any>, junk: unknown) => void;
/** Sets `path` in `file`, making the objects on the way (not through a value that is not an object). */
const set = (path: (string | number)[], value?: unknown): Mutation => (file, junk) => {
  let node: any = file;
  for (const key of path.slice(0, -1)) {
    if (node[key] === undefined) node[key] = {};
    node = node[key];
    if (node === null || typeof node !== 'object') return;
  }
  node[path.at(-1)!] = value === undefined ? junk : value;
};
const remove = (key: string): Mutation => (file) => {
  delete file[key];
};

/** One mistake each, of the kinds people make. */
const MUTATIONS: Mutation[] = [
  ...TOP_LEVEL_FIELDS.map((key) => set([key])),
  ...['name', 'model', 'matrix', 'options', 'preset', 'request'].map(remove),
  set(['name'], 'Bad_Name'),
  set(['name'], 'a'.repeat(25)),
  set(['name'], 'a--b'),
  set(['region'], 'us east 1'),
  set(['region'], 'US-EAST-1'),
  set(['matrx'], {}),
  set(['preset'], 'resnet'),
  set(['preset'], 'seismicFcn'),
  set(['request'], {}),
  set(['options', 'image']),
  set(['options', 'batchSize']),
  set(['options', 'trainingData'], 's3://my-bucket/data/'),
  set(['options', 'name'], 'job'),
  set(['matrix', 'batchSize'], []),
  set(['matrix', 'batchSize'], [64, 64]),
  set(['matrix', 'batchSize'], ['64']),
  set(['matrix', 'epochs']),
  set(['matrix', 'instanceType'], [' ']),
  set(['matrix', 'learning-rate'], [0.1]),
  set(['matrix', 'hyperParameters', 'batch-size'], [1]),
  set(['matrix', 'hyperParameters', 'x'], [null]),
  set(['matrix', 'hyperParameters', 'x']),
  set(['exclude'], [{}]),
  set(['exclude', 0, 'batchsize'], 1),
  set(['exclude', 0, 'epochs']),
  set(['maxConcurrent', 'ml.p3.2xlarge']),
  set(['maxConcurrent'], 0),
  set(['budgetUsd'], -1),
  set(['local', 'runtime'], 'proces'),
  set(['local', 'runtime'], 'process'),
  set(['local', 'command'], []),
  set(['local', 'command'], ['']),
  set(['local', 'outputPath'], 'http://example.com/x/'),
  set(['local', 'outputPath'], 'file://host/x'),
  set(['local', 'channels', 'training']),
  set(['local', 'stopGraceSeconds'], -1),
  set(['local', 'workdir'], 'w'),
];

/** Sweep files, valid or with a mistake or two. */
function sweepFileArbitrary(): fc.Arbitrary<Record<string, unknown>> {
  const junk = fc.constantFrom<unknown>(null, '7', -1, 0, 1.5, [], {}, true, ['x'], { a: 1 });
  const mutation = fc.tuple(fc.constantFrom(...MUTATIONS), junk);
  return fc.tuple(validSweepFile(), fc.array(mutation, { maxLength: 2 })).map(([file, mutations]) => {
    const out = structuredClone(file);
    for (const [mutate, value] of mutations) mutate(out, structuredClone(value));
    return out;
  });
}

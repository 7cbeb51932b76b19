import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOTOCORE_VERSION, ROOT_SHAPE, SHAPES } from '../../src/builder/generated/createTrainingJobModel';
import { MAX_RUNTIME_LIMIT_SECONDS, VALIDATION_ISSUE_CODES } from '../../src/builder/validateCreateTrainingJob';
import { formatIssues, type ValidationIssue } from '../../src/errors';
import {
  type Json,
  type Location,
  type Path,
  arbitraryFor,
  issuesAt,
  locations,
  mapKey,
  patternSample,
  requestWith,
  samePath,
  satisfyCrossMemberRules,
  seedRequest,
  setAt,
  shape,
  sites,
  validValue,
  validate,
} from './createTrainingJobSamples';

type Expectation =
  | { kind: 'issue'; code: string; severity: 'error' | 'warning' }
  | { kind: 'absent'; codes: string[] }
  | { kind: 'clean' };

interface Case {
  title: string;
  request: Json;
  path: Path;
  expect: Expectation;
}

function errorsOf(issues: ValidationIssue[]): ValidationIssue[] {
  return issues.filter((i) => i.severity === 'error');
}

function hasIssue(issues: ValidationIssue[], path: Path, code: string, severity: 'error' | 'warning' = 'error'): boolean {
  return issues.some((i) => samePath(i.path, path) && i.code === code && i.severity === severity);
}

function check(c: Case): void {
  const issues = validate(c.request);
  const here = issuesAt(issues, c.path);
  if (c.expect.kind === 'issue') {
    const { code, severity } = c.expect;
    expect(here.map((i) => `${i.severity}:${i.code}`), formatIssues(issues)).toContain(`${severity}:${code}`);
  } else if (c.expect.kind === 'absent') {
    const codes = c.expect.codes;
    expect(here.filter((i) => codes.includes(i.code)), formatIssues(issues)).toEqual([]);
  } else {
    expect(here, formatIssues(issues)).toEqual([]);
  }
}

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const rejects = (code: string, severity: 'error' | 'warning' = 'error'): Expectation => ({ kind: 'issue', code, severity });
const absent = (...codes: string[]): Expectation => ({ kind: 'absent', codes });
const clean: Expectation = { kind: 'clean' };

const WRONG_TYPE: Record<string, unknown> = {
  structure: 'not an object',
  list: { not: 'an array' },
  map: ['not', 'a', 'map'],
  string: 42,
  integer: '42',
  long: '42',
  float: '1.5',
  double: '1.5',
  boolean: 'true',
  timestamp: '2024-01-01',
  blob: 42,
};

/** Cases for every rule of every location of the generated table. */
function modelCases(): Case[] {
  const cases: Case[] = [];
  const add = (loc: Location, title: string, value: unknown, expectation: Expectation, pathOverride?: (p: Path) => Path): void => {
    const { request, path } = requestWith(loc, value);
    cases.push({ title: `${loc.label} (${loc.shape}) ${title}`, request, path: pathOverride ? pathOverride(path) : path, expect: expectation });
  };
  for (const loc of locations()) {
    const s = shape(loc.shape);
    const isKey = loc.steps[loc.steps.length - 1]?.kind === 'key';
    if (!isKey) add(loc, `rejects a value of the wrong type`, WRONG_TYPE[s.type], rejects('invalid_type'));
    switch (s.type) {
      case 'string': {
        if (s.min !== undefined && s.min > 0) {
          add(loc, `accepts ${count(s.min, 'character')}`, 'a'.repeat(s.min), absent('min_length'));
          add(loc, `rejects ${count(s.min - 1, 'character')}, fewer than ${s.min}`, 'a'.repeat(s.min - 1), rejects('min_length'));
        }
        if (s.max !== undefined) {
          add(loc, `accepts ${count(s.max, 'character')}`, 'a'.repeat(s.max), absent('max_length'));
          add(loc, `accepts ${count(s.max, 'astral character')} (length counts code points)`, '𝐀'.repeat(s.max), absent('max_length'));
          add(loc, `rejects ${count(s.max + 1, 'character')}, more than ${s.max}`, 'a'.repeat(s.max + 1), rejects('max_length'));
        }
        if (s.pattern !== undefined) {
          const sample = patternSample(s.pattern);
          add(loc, `accepts ${JSON.stringify(sample.accepted)} (pattern)`, sample.accepted, clean);
          if (sample.rejected !== null) {
            add(loc, `rejects ${JSON.stringify(sample.rejected)} (pattern)`, sample.rejected, rejects('pattern'));
          }
        }
        if (s.enum !== undefined) {
          const values = s.enum;
          add(loc, `accepts ${JSON.stringify(values[values.length - 1])} (enum; every value is checked below)`, values[values.length - 1], clean);
          add(loc, 'rejects a value outside its enum', 'NotAnAllowedValue', rejects('enum'));
          if (values.every((v) => v.startsWith('ml.'))) {
            add(loc, 'warns about a well-formed ml. instance type missing from the model', 'ml.zz9.48xlarge', rejects('unknown_instance_type', 'warning'));
            add(loc, 'rejects an instance type without the ml. prefix', 'p3.8xlarge', rejects('enum'));
          }
        }
        break;
      }
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        if (s.type === 'integer' || s.type === 'long') add(loc, 'rejects a fractional number', 1.5, rejects('not_integer'));
        if (s.min !== undefined) {
          add(loc, `accepts its minimum ${s.min}`, s.min, absent('min_value'));
          add(loc, `rejects ${s.min - 1}, below its minimum`, s.min - 1, rejects('min_value'));
        }
        if (s.max !== undefined) {
          add(loc, `accepts its maximum ${s.max}`, s.max, absent('max_value'));
          add(loc, `rejects ${s.max + 1}, above its maximum`, s.max + 1, rejects('max_value'));
        }
        break;
      case 'structure':
        add(loc, 'rejects an array in place of an object', [], rejects('invalid_type'));
        for (const member of s.required ?? []) {
          const value = validValue(loc.shape) as Json;
          delete value[member];
          add(loc, `requires ${member}`, value, rejects('required'), (p) => [...p, member]);
        }
        add(loc, 'rejects a member the model does not have', { ...(validValue(loc.shape) as Json), NotAModelMember: 'x' }, rejects('unknown_member'), (p) => [
          ...p,
          'NotAModelMember',
        ]);
        break;
      case 'list': {
        const item = (): unknown => validValue(s.member!);
        if (s.min !== undefined && s.min > 0) {
          add(loc, `accepts ${count(s.min, 'item')}`, Array.from({ length: s.min }, item), absent('min_items'));
          add(loc, `rejects ${count(s.min - 1, 'item')}, fewer than ${s.min}`, Array.from({ length: s.min - 1 }, item), rejects('min_items'));
        }
        if (s.max !== undefined) {
          add(loc, `accepts ${count(s.max, 'item')}`, Array.from({ length: s.max }, item), absent('max_items'));
          add(loc, `rejects ${count(s.max + 1, 'item')}, more than ${s.max}`, Array.from({ length: s.max + 1 }, item), rejects('max_items'));
        }
        add(loc, 'rejects a null item', [null], rejects('invalid_type'), (p) => [...p, 0]);
        break;
      }
      case 'map': {
        const entries = (n: number): Json => Object.fromEntries(Array.from({ length: n }, (_, i) => [mapKey(s.key!, i), validValue(s.value!)]));
        if (s.min !== undefined && s.min > 0) {
          add(loc, `accepts ${s.min === 1 ? '1 entry' : `${s.min} entries`}`, entries(s.min), absent('min_items'));
          add(loc, `rejects ${s.min - 1} entries, fewer than ${s.min}`, entries(s.min - 1), rejects('min_items'));
        }
        if (s.max !== undefined) {
          add(loc, `accepts ${s.max === 1 ? '1 entry' : `${s.max} entries`}`, entries(s.max), absent('max_items'));
          add(loc, `rejects ${s.max + 1} entries, more than ${s.max}`, entries(s.max + 1), rejects('max_items'));
        }
        add(loc, 'rejects a null value', { [mapKey(s.key!, 0)]: null }, rejects('invalid_type'), (p) => [...p, mapKey(s.key!, 0)]);
        break;
      }
      default:
        break;
    }
  }
  // The request itself.
  const root = shape(ROOT_SHAPE);
  for (const member of root.required ?? []) {
    const request = seedRequest();
    delete request[member];
    cases.push({ title: `${ROOT_SHAPE} requires ${member}`, request, path: [member], expect: rejects('required') });
  }
  cases.push({ title: `${ROOT_SHAPE} rejects a member the model does not have`, request: { ...seedRequest(), NotAModelMember: 1 }, path: ['NotAModelMember'], expect: rejects('unknown_member') });
  return cases;
}

const CASES = modelCases();

describe('validateCreateTrainingJob', () => {
  it('accepts the seed request with no issue at all', () => {
    expect(validate(seedRequest())).toEqual([]);
  });

  describe(`rules from the API model (botocore ${BOTOCORE_VERSION}), one accepted and one rejected value per rule`, () => {
    it('covers every rule kind of the table', () => {
      const titles = CASES.map((c) => c.title).join('\n');
      for (const word of ['min_length', 'max_length', 'pattern', 'enum', 'min_value', 'max_value', 'min_items', 'max_items', 'required', 'unknown_member', 'invalid_type', 'not_integer']) {
        expect(CASES.some((c) => c.expect.kind === 'issue' && c.expect.code === word), `${word}\n${titles.slice(0, 200)}`).toBe(true);
      }
    });

    it.each(CASES.map((c) => [c.title, c] as const))('%s', (_title, c) => {
      check(c);
    });

    it('accepts every value of every enum at each place the enum is used', () => {
      for (const loc of locations()) {
        const values = shape(loc.shape).enum;
        if (!values) continue;
        for (const value of values) {
          const { request, path } = requestWith(loc, value);
          expect(issuesAt(validate(request), path), `${loc.label} = ${value}`).toEqual([]);
        }
      }
    });
  });

  describe('rules the model cannot express', () => {
    const withChange = (change: (r: Json) => void): Json => {
      const r = seedRequest();
      change(r);
      return r;
    };
    const algorithm = (r: Json): Json => r.AlgorithmSpecification as Json;
    const resources = (r: Json): Json => r.ResourceConfig as Json;
    const stopping = (r: Json): Json => r.StoppingCondition as Json;

    it('rejects an AlgorithmSpecification with neither TrainingImage nor AlgorithmName', () => {
      const issues = validate(withChange((r) => delete algorithm(r).TrainingImage));
      expect(hasIssue(issues, ['AlgorithmSpecification'], 'algorithm_source_missing')).toBe(true);
    });

    it('treats an empty TrainingImage as missing', () => {
      const issues = validate(withChange((r) => (algorithm(r).TrainingImage = '')));
      expect(hasIssue(issues, ['AlgorithmSpecification'], 'algorithm_source_missing')).toBe(true);
    });

    it('rejects an AlgorithmSpecification with both TrainingImage and AlgorithmName', () => {
      const issues = validate(withChange((r) => (algorithm(r).AlgorithmName = 'my-algorithm')));
      expect(hasIssue(issues, ['AlgorithmSpecification'], 'algorithm_source_conflict')).toBe(true);
    });

    it('accepts an AlgorithmName alone', () => {
      const request = withChange((r) => {
        delete algorithm(r).TrainingImage;
        algorithm(r).AlgorithmName = 'arn:aws:sagemaker:us-east-1:123456789012:algorithm/my-algorithm';
      });
      expect(validate(request)).toEqual([]);
    });

    it('requires AlgorithmSpecification and ResourceConfig unless the job is serverless', () => {
      const bare = withChange((r) => {
        delete r.AlgorithmSpecification;
        delete r.ResourceConfig;
      });
      const issues = validate(bare);
      expect(hasIssue(issues, ['AlgorithmSpecification'], 'required')).toBe(true);
      expect(hasIssue(issues, ['ResourceConfig'], 'required')).toBe(true);
      const serverless = {
        ...bare,
        ServerlessJobConfig: { BaseModelArn: patternSample(shape('ServerlessJobBaseModelArn').pattern!).accepted, JobType: 'FineTuning' },
      };
      expect(validate(serverless)).toEqual([]);
    });

    it('rejects a ResourceConfig with neither InstanceType nor InstanceGroups', () => {
      const issues = validate(withChange((r) => (r.ResourceConfig = { VolumeSizeInGB: 16 })));
      expect(hasIssue(issues, ['ResourceConfig'], 'instance_config_missing')).toBe(true);
    });

    it('rejects an InstanceType without an InstanceCount, or with InstanceCount 0', () => {
      const missing = validate(withChange((r) => delete resources(r).InstanceCount));
      expect(hasIssue(missing, ['ResourceConfig', 'InstanceCount'], 'instance_count_too_small')).toBe(true);
      const zero = validate(withChange((r) => (resources(r).InstanceCount = 0)));
      expect(hasIssue(zero, ['ResourceConfig', 'InstanceCount'], 'instance_count_too_small')).toBe(true);
      expect(errorsOf(validate(withChange((r) => (resources(r).InstanceCount = 2))))).toEqual([]);
    });

    const groups = [
      { InstanceGroupName: 'gpu', InstanceType: 'ml.p3.8xlarge', InstanceCount: 2 },
      { InstanceGroupName: 'cpu', InstanceType: 'ml.c5.xlarge', InstanceCount: 1 },
    ];

    it('accepts InstanceGroups alone (a heterogeneous cluster)', () => {
      expect(validate(withChange((r) => (r.ResourceConfig = { InstanceGroups: groups, VolumeSizeInGB: 16 })))).toEqual([]);
    });

    it('rejects InstanceGroups together with InstanceType or InstanceCount', () => {
      const both = validate(withChange((r) => (resources(r).InstanceGroups = groups)));
      expect(hasIssue(both, ['ResourceConfig'], 'instance_config_conflict')).toBe(true);
      const countToo = validate(withChange((r) => (r.ResourceConfig = { InstanceGroups: groups, InstanceCount: 1 })));
      expect(hasIssue(countToo, ['ResourceConfig'], 'instance_config_conflict')).toBe(true);
    });

    it('accepts MaxRuntimeInSeconds of exactly 28 days and rejects one second more', () => {
      const path = ['StoppingCondition', 'MaxRuntimeInSeconds'];
      expect(MAX_RUNTIME_LIMIT_SECONDS).toBe(2_419_200);
      expect(validate(withChange((r) => (stopping(r).MaxRuntimeInSeconds = 2_419_200)))).toEqual([]);
      expect(hasIssue(validate(withChange((r) => (stopping(r).MaxRuntimeInSeconds = 2_419_201))), path, 'max_runtime_too_long')).toBe(true);
    });

    const waitPath = ['StoppingCondition', 'MaxWaitTimeInSeconds'];

    it('requires MaxWaitTimeInSeconds with managed spot training', () => {
      const issues = validate(withChange((r) => (r.EnableManagedSpotTraining = true)));
      expect(hasIssue(issues, waitPath, 'spot_max_wait_missing')).toBe(true);
      const noStopping = validate(
        withChange((r) => {
          r.EnableManagedSpotTraining = true;
          delete r.StoppingCondition;
        }),
      );
      expect(hasIssue(noStopping, waitPath, 'spot_max_wait_missing')).toBe(true);
    });

    it('rejects a spot MaxWaitTimeInSeconds shorter than MaxRuntimeInSeconds and accepts an equal one', () => {
      const spot = (wait: number): Json =>
        withChange((r) => {
          r.EnableManagedSpotTraining = true;
          stopping(r).MaxWaitTimeInSeconds = wait;
        });
      expect(hasIssue(validate(spot(3599)), waitPath, 'spot_max_wait_too_short')).toBe(true);
      expect(validate(spot(3600))).toEqual([]);
      expect(validate(spot(7200))).toEqual([]);
    });

    it('rejects MaxWaitTimeInSeconds without managed spot training', () => {
      expect(hasIssue(validate(withChange((r) => (stopping(r).MaxWaitTimeInSeconds = 7200))), waitPath, 'max_wait_without_spot')).toBe(true);
      const off = withChange((r) => {
        r.EnableManagedSpotTraining = false;
        stopping(r).MaxWaitTimeInSeconds = 7200;
      });
      expect(hasIssue(validate(off), waitPath, 'max_wait_without_spot')).toBe(true);
    });

    it('only warns about an ml. instance type the model does not list yet', () => {
      const issues = validate(withChange((r) => (resources(r).InstanceType = 'ml.p7.48xlarge')));
      expect(errorsOf(issues)).toEqual([]);
      expect(issues).toMatchObject([{ path: ['ResourceConfig', 'InstanceType'], code: 'unknown_instance_type', severity: 'warning', value: 'ml.p7.48xlarge' }]);
    });

    it('warns the same way inside InstanceGroups', () => {
      const request = withChange((r) => (r.ResourceConfig = { InstanceGroups: [{ InstanceGroupName: 'a', InstanceType: 'ml.g9.xlarge', InstanceCount: 1 }] }));
      expect(validate(request)).toMatchObject([{ path: ['ResourceConfig', 'InstanceGroups', 0, 'InstanceType'], code: 'unknown_instance_type', severity: 'warning' }]);
    });

    it('rejects an instance type that is not ml.<family>.<size>, suggesting the right spelling', () => {
      const noPrefix = validate(withChange((r) => (resources(r).InstanceType = 'p3.8xlarge')));
      expect(hasIssue(noPrefix, ['ResourceConfig', 'InstanceType'], 'enum')).toBe(true);
      expect(noPrefix[0]?.message).toContain('did you mean ml.p3.8xlarge?');
      const upper = validate(withChange((r) => (resources(r).InstanceType = 'ml.p3.8XLARGE')));
      expect(hasIssue(upper, ['ResourceConfig', 'InstanceType'], 'enum')).toBe(true);
      expect(upper[0]?.message).toContain('ml.p3.8xlarge');
      const spaced = validate(withChange((r) => (resources(r).InstanceType = 'ml.p3.8xlarge ')));
      expect(hasIssue(spaced, ['ResourceConfig', 'InstanceType'], 'enum')).toBe(true);
    });
  });

  describe('members, types and values', () => {
    it('rejects a misspelt member and suggests the right one', () => {
      const request = { ...seedRequest(), HyperParamters: { epochs: '5' } };
      const issues = validate(request);
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ path: ['HyperParamters'], code: 'unknown_member', severity: 'error', value: { epochs: '5' } });
      expect(issues[0]!.message).toContain('did you mean HyperParameters?');
    });

    it('rejects an unknown member deep inside the request', () => {
      const request = seedRequest();
      (request.ResourceConfig as Json).InstanceTyp = 'ml.p3.2xlarge';
      expect(hasIssue(validate(request), ['ResourceConfig', 'InstanceTyp'], 'unknown_member')).toBe(true);
    });

    it('only warns about a member the installed SDK knows but the model does not', () => {
      const extras = Object.entries(SHAPES).flatMap(([name, s]) => (s.sdkOnlyMembers ?? []).map((m) => ({ name, member: m })));
      for (const { name, member } of extras) {
        const loc = locations().find((l) => l.shape === name);
        expect(loc, name).toBeDefined();
        const { request, path } = requestWith(loc!, { ...(validValue(name) as Json), [member]: 'x' });
        const issues = issuesAt(validate(request), [...path, member]);
        expect(issues.map((i) => `${i.severity}:${i.code}`)).toEqual(['warning:unmodeled_member']);
      }
    });

    it('ignores members whose value is undefined, as the SDK does', () => {
      expect(validate({ ...seedRequest(), VpcConfig: undefined, Typo: undefined })).toEqual([]);
    });

    it('treats a null required member as missing and rejects a null optional one', () => {
      const issues = validate({ ...seedRequest(), TrainingJobName: null, VpcConfig: null });
      expect(hasIssue(issues, ['TrainingJobName'], 'required')).toBe(true);
      expect(hasIssue(issues, ['VpcConfig'], 'invalid_type')).toBe(true);
    });

    it('rejects a request that is not an object', () => {
      for (const value of [null, undefined, 'request', [seedRequest()]]) {
        expect(validate(value)).toMatchObject([{ path: [], code: 'invalid_type', severity: 'error' }]);
      }
    });

    it('rejects a numeric hyperparameter and says to write it as a string', () => {
      const issues = validate({ ...seedRequest(), HyperParameters: { epochs: 5 } });
      expect(issues).toMatchObject([{ path: ['HyperParameters', 'epochs'], code: 'invalid_type', value: 5 }]);
      expect(issues[0]!.message).toContain("'5'");
    });

    it('rejects a JavaScript Map where the model has a map', () => {
      const issues = validate({ ...seedRequest(), HyperParameters: new Map([['epochs', '5']]) });
      expect(hasIssue(issues, ['HyperParameters'], 'invalid_type')).toBe(true);
    });

    it('rejects a number given as a string', () => {
      const request = seedRequest();
      (request.ResourceConfig as Json).VolumeSizeInGB = '16';
      expect(hasIssue(validate(request), ['ResourceConfig', 'VolumeSizeInGB'], 'invalid_type')).toBe(true);
    });

    it('counts string length in code points, as the service does', () => {
      const tag = (value: string): Json => ({ ...seedRequest(), Tags: [{ Key: 'team', Value: value }] });
      expect('𝐀'.repeat(256).length).toBe(512);
      expect(validate(tag('𝐀'.repeat(256)))).toEqual([]);
      expect(hasIssue(validate(tag('𝐀'.repeat(257))), ['Tags', 0, 'Value'], 'max_length')).toBe(true);
    });

    it('matches patterns against the whole value', () => {
      expect(hasIssue(validate({ ...seedRequest(), TrainingJobName: 'resnet50 p3' }), ['TrainingJobName'], 'pattern')).toBe(true);
      expect(hasIssue(validate({ ...seedRequest(), TrainingJobName: 'x-resnet50!' }), ['TrainingJobName'], 'pattern')).toBe(true);
      const role = `${seedRequest().RoleArn as string}\n`;
      expect(hasIssue(validate({ ...seedRequest(), RoleArn: role }), ['RoleArn'], 'pattern')).toBe(true);
    });

    it('rejects a line break where the pattern is .* and says why', () => {
      const issues = validate({ ...seedRequest(), HyperParameters: { note: 'line one\nline two' } });
      expect(issues).toMatchObject([{ path: ['HyperParameters', 'note'], code: 'pattern' }]);
      expect(issues[0]!.message).toContain('line breaks are not allowed');
    });

    it('accepts line breaks in an environment variable value, whose pattern allows them', () => {
      expect(validate({ ...seedRequest(), Environment: { NOTE: 'line one\nline two\r\n' } })).toEqual([]);
    });

    it('checks map keys at the path of their entry', () => {
      const issues = validate({ ...seedRequest(), Environment: { '1BAD': 'x', GOOD: 'y' } });
      expect(issues).toMatchObject([{ path: ['Environment', '1BAD'], code: 'pattern', value: '1BAD' }]);
    });

    it('keeps the offending value on each issue', () => {
      const issues = validate({ ...seedRequest(), TrainingJobName: 'a'.repeat(64) });
      expect(issues.find((i) => i.code === 'max_length')?.value).toBe('a'.repeat(64));
    });
  });

  it('collects every issue at once, in one pass', () => {
    const request = {
      TrainingJobName: 'resnet50_p3',
      HyperParamters: {},
      AlgorithmSpecification: { TrainingInputMode: 'file' },
      RoleArn: 'not-an-arn',
      OutputDataConfig: {},
      ResourceConfig: { InstanceType: 'p3.8xlarge', InstanceCount: 0 },
      StoppingCondition: { MaxRuntimeInSeconds: 30 * 24 * 3600, MaxWaitTimeInSeconds: 10 },
      Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })),
    };
    const expected: [Path, string][] = [
      [['TrainingJobName'], 'pattern'],
      [['HyperParamters'], 'unknown_member'],
      [['AlgorithmSpecification', 'TrainingInputMode'], 'enum'],
      [['AlgorithmSpecification'], 'algorithm_source_missing'],
      [['RoleArn'], 'min_length'],
      [['RoleArn'], 'pattern'],
      [['OutputDataConfig', 'S3OutputPath'], 'required'],
      [['ResourceConfig', 'InstanceType'], 'enum'],
      [['ResourceConfig', 'InstanceCount'], 'instance_count_too_small'],
      [['StoppingCondition', 'MaxRuntimeInSeconds'], 'max_runtime_too_long'],
      [['StoppingCondition', 'MaxWaitTimeInSeconds'], 'max_wait_without_spot'],
      [['Tags'], 'max_items'],
    ];
    const issues = validate(request);
    for (const [path, code] of expected) expect(hasIssue(issues, path, code), `${path.join('.')} ${code}\n${formatIssues(issues)}`).toBe(true);
    expect(issues).toHaveLength(expected.length);
  });

  describe('properties', () => {
    const validRequest = (arbitraryFor(ROOT_SHAPE) as fc.Arbitrary<Json>).map(satisfyCrossMemberRules);

    it('finds no issue in random valid requests', () => {
      fc.assert(
        fc.property(validRequest, (request) => {
          expect(validate(request), formatIssues(validate(request))).toEqual([]);
        }),
        { numRuns: 150 },
      );
    });

    type Mutation = { describe: string; apply: (r: Json) => void; path: Path; code: string };

    /** The single mutations that apply to a valid request, each with where and how it must be caught. */
    function mutations(request: Json): Mutation[] {
      const out: Mutation[] = [];
      for (const site of sites(request)) {
        const s = shape(site.shape);
        if (site.isKey) continue;
        if (s.type === 'structure') {
          for (const member of s.required ?? []) {
            const path = [...site.path, member];
            out.push({ describe: `delete ${path.join('.')}`, apply: (r) => setAt(r, path, undefined), path, code: 'required' });
          }
          const path = [...site.path, 'NotAModelMember'];
          out.push({
            describe: `add ${path.join('.')}`,
            apply: (r) => (site.path.length === 0 ? (r.NotAModelMember = 1) : setAt(r, path, 1)),
            path,
            code: 'unknown_member',
          });
        } else if (s.type === 'string' && site.path.length > 0) {
          if (s.max !== undefined) {
            const long = 'a'.repeat(s.max + 1);
            out.push({ describe: `overlong ${site.path.join('.')}`, apply: (r) => setAt(r, site.path, long), path: site.path, code: 'max_length' });
          }
          if (s.enum !== undefined) {
            out.push({ describe: `bad enum ${site.path.join('.')}`, apply: (r) => setAt(r, site.path, 'Not-An-Enum-Value'), path: site.path, code: 'enum' });
          }
        } else if ((s.type === 'integer' || s.type === 'long') && site.path.length > 0) {
          if (s.min !== undefined) {
            out.push({ describe: `below min ${site.path.join('.')}`, apply: (r) => setAt(r, site.path, s.min! - 1), path: site.path, code: 'min_value' });
          }
          if (s.max !== undefined) {
            out.push({ describe: `above max ${site.path.join('.')}`, apply: (r) => setAt(r, site.path, s.max! + 1), path: site.path, code: 'max_value' });
          }
        }
      }
      return out;
    }

    it('catches any single mutation of a valid request at the mutated path', () => {
      fc.assert(
        fc.property(validRequest, fc.nat(), (request, pick) => {
          const all = mutations(request);
          const mutation = all[pick % all.length]!;
          const mutated = structuredClone(request);
          mutation.apply(mutated);
          const issues = validate(mutated);
          expect(hasIssue(issues, mutation.path, mutation.code), `${mutation.describe}\n${formatIssues(issues)}`).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  });

  it('documents every issue code in docs/validation.md', () => {
    const doc = readFileSync(new URL('../../docs/validation.md', import.meta.url), 'utf8');
    for (const code of VALIDATION_ISSUE_CODES) expect(doc, code).toContain(`\`${code}\``);
  });

  it('loads no AWS SDK module at run time (type imports only)', () => {
    for (const file of ['../../src/builder/validateCreateTrainingJob.ts', '../../src/builder/generated/createTrainingJobModel.ts']) {
      const source = readFileSync(new URL(file, import.meta.url), 'utf8');
      const valueImports = source.split('\n').filter((line) => /^import\s+(?!type\b).*['"]@(aws-sdk|smithy)\//.test(line));
      expect(valueImports, file).toEqual([]);
    }
  });
});

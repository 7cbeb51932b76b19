import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  BOTOCORE_VERSION,
  PATTERNS,
  ROOT_SHAPE,
  SDK_CLIENT_VERSION,
  SHAPES,
  TRAINING_INSTANCE_TYPES,
} from '../../src/builder/generated/createTrainingJobModel';
import { PATTERN_SAMPLES } from './createTrainingJobSamples';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const generatedFile = fileURLToPath(new URL('../../src/builder/generated/createTrainingJobModel.ts', import.meta.url));

function compiled(pattern: string): RegExp {
  const source = PATTERNS[pattern];
  if (source === undefined) throw new Error(`no translation for ${pattern}`);
  return new RegExp(source, 'u');
}

/** The installed botocore version, or the reason it cannot be read. */
function installedBotocore(): { version: string } | { reason: string } {
  const result = spawnSync('python3', ['-c', 'import botocore; print(botocore.__version__)'], { encoding: 'utf8' });
  if (result.status !== 0) return { reason: `python3 with botocore not available: ${result.stderr || result.error?.message}` };
  return { version: result.stdout.trim() };
}

function installedSdkVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../node_modules/@aws-sdk/client-sagemaker/package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

describe('the generated CreateTrainingJob model', () => {
  it('names the botocore version, says it is generated and how to regenerate it', () => {
    const header = readFileSync(generatedFile, 'utf8').slice(0, 1200);
    expect(BOTOCORE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(header).toContain('GENERATED FILE: DO NOT EDIT');
    expect(header).toContain(`botocore ${BOTOCORE_VERSION}`);
    expect(header).toContain('npm run gen:constraints');
  });

  it('holds every shape reachable from CreateTrainingJobRequest, and only those', () => {
    const reachable = new Set<string>();
    const stack = [ROOT_SHAPE];
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (reachable.has(name)) continue;
      const shape = SHAPES[name];
      expect(shape, `shape ${name} is referenced but missing`).toBeDefined();
      reachable.add(name);
      for (const ref of [shape!.member, shape!.key, shape!.value, ...Object.values(shape!.members ?? {})]) if (ref) stack.push(ref);
    }
    expect([...reachable].sort()).toEqual(Object.keys(SHAPES).sort());
  });

  it('keeps the members the seed uses and the constraints DESIGN.md relies on', () => {
    expect(SHAPES[ROOT_SHAPE]!.required).toEqual(expect.arrayContaining(['TrainingJobName', 'RoleArn', 'OutputDataConfig']));
    expect(SHAPES.TrainingJobName).toMatchObject({ type: 'string', min: 1, max: 63, pattern: '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}' });
    expect(SHAPES.HyperParameters).toMatchObject({ type: 'map', max: 100 });
    expect(SHAPES.TagList).toMatchObject({ type: 'list', max: 50 });
    expect(SHAPES.InputDataConfig).toMatchObject({ type: 'list', min: 1, max: 20 });
  });

  it('gives every string constraint only to strings and every size only to lists, maps, strings and numbers', () => {
    for (const [name, shape] of Object.entries(SHAPES)) {
      if (shape.pattern !== undefined || shape.enum !== undefined) expect(shape.type, name).toBe('string');
      if (shape.min !== undefined || shape.max !== undefined) {
        expect(['string', 'list', 'map', 'integer', 'long', 'float', 'double', 'blob'], name).toContain(shape.type);
      }
      if (shape.type === 'structure') {
        for (const r of shape.required ?? []) expect(Object.keys(shape.members ?? {}), `${name}.${r}`).toContain(r);
      }
    }
  });

  describe('patterns', () => {
    const modelPatterns = [...new Set(Object.values(SHAPES).flatMap((s) => (s.pattern === undefined ? [] : [s.pattern])))].sort();

    it('translates every pattern of the table to a JS RegExp that compiles with the u flag', () => {
      expect(Object.keys(PATTERNS).sort()).toEqual(modelPatterns);
      for (const pattern of modelPatterns) expect(() => compiled(pattern), pattern).not.toThrow();
    });

    it('anchors every translated pattern to the whole value', () => {
      for (const source of Object.values(PATTERNS)) {
        expect(source.startsWith('^(?:')).toBe(true);
        expect(source.endsWith(')$')).toBe(true);
      }
      expect(compiled('[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}').test('resnet50-p3')).toBe(true);
      expect(compiled('[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}').test('resnet50-p3 ')).toBe(false);
      expect(compiled('[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}').test(' resnet50-p3')).toBe(false);
    });

    it('does not let . match a Java line terminator', () => {
      for (const terminator of ['\n', '\r', '\u0085', '\u2028', '\u2029']) {
        expect(compiled('.*').test(`a${terminator}b`), JSON.stringify(terminator)).toBe(false);
      }
      expect(compiled('.*').test('tab\tand\u00a0nbsp and 😀')).toBe(true);
    });

    it('keeps [\\S\\s]* matching everything, line breaks included', () => {
      expect(compiled('[\\S\\s]*').test('a\nb\r\n\u2028\u0085')).toBe(true);
    });

    it("reads Java's \\S as ASCII-only non-whitespace", () => {
      const pattern = 'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]{9,16}:[0-9]{12}:model-package/[\\S]{1,2048}';
      const arn = (tail: string): string => `arn:aws:sagemaker:us-east-1:123456789012:model-package/${tail}`;
      expect(compiled(pattern).test(arn('group/1'))).toBe(true);
      expect(compiled(pattern).test(arn('group\t1'))).toBe(false);
      expect(compiled(pattern).test(arn('group 1'))).toBe(false);
      // U+00A0 is whitespace for JS's \s but not for Java's \s
      expect(compiled(pattern).test(arn('group\u00a01'))).toBe(true);
    });

    it("reads Java's \\p{Alnum} as ASCII letters and digits", () => {
      const pattern = 'arn:[\\p{Alnum}\\-]+:lambda:[\\p{Alnum}\\-]+:[0-9]{12}:function:.*';
      expect(compiled(pattern).test('arn:aws:lambda:us-east-1:123456789012:function:f')).toBe(true);
      expect(compiled(pattern).test('arn:awś:lambda:us-east-1:123456789012:function:f')).toBe(false);
    });

    it('keeps Unicode categories and look-behind', () => {
      const tag = '([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)';
      expect(compiled(tag).test('Équipe 東京 ٣ 𝐀\u2003')).toBe(true);
      expect(compiled(tag).test('a!')).toBe(false);
      const arnOrName = '(arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:[a-z\\-]*\\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)';
      expect(compiled(arnOrName).test('my-algo')).toBe(true);
      expect(compiled(arnOrName).test('my-algo-')).toBe(false);
    });

    it('has an accepted and a rejected sample in the tests for every pattern, and they behave', () => {
      expect(Object.keys(PATTERN_SAMPLES).sort()).toEqual(modelPatterns);
      for (const pattern of modelPatterns) {
        const sample = PATTERN_SAMPLES[pattern]!;
        expect(compiled(pattern).test(sample.accepted), `${pattern} accepts ${sample.accepted}`).toBe(true);
        if (sample.rejected !== null) expect(compiled(pattern).test(sample.rejected), `${pattern} rejects ${sample.rejected}`).toBe(false);
      }
    });
  });

  describe('TRAINING_INSTANCE_TYPES', () => {
    it("is the model's TrainingInstanceType enum, sorted, without duplicates", () => {
      const list: readonly string[] = TRAINING_INSTANCE_TYPES;
      expect([...list].sort()).toEqual(list);
      expect(new Set(list).size).toBe(list.length);
      expect([...(SHAPES.TrainingInstanceType!.enum ?? [])].sort()).toEqual(list);
    });

    it('holds the families the instance catalog covers, all named ml.<family>.<size>', () => {
      for (const type of TRAINING_INSTANCE_TYPES) expect(type).toMatch(/^ml\.[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+$/);
      for (const type of ['ml.p2.xlarge', 'ml.p3.8xlarge', 'ml.p3dn.24xlarge', 'ml.p4d.24xlarge', 'ml.p5.48xlarge', 'ml.g4dn.xlarge', 'ml.g5.xlarge', 'ml.g6.xlarge']) {
        expect(TRAINING_INSTANCE_TYPES).toContain(type);
      }
    });
  });

  const botocore = installedBotocore();
  const sameSources = 'version' in botocore && botocore.version === BOTOCORE_VERSION && installedSdkVersion() === SDK_CLIENT_VERSION;
  if (!sameSources) {
    console.info(
      `createTrainingJobModel: skipping the up-to-date check: ${
        'reason' in botocore ? botocore.reason : `installed botocore ${botocore.version} / SDK ${installedSdkVersion()}`
      } differ from the generated ${BOTOCORE_VERSION} / ${SDK_CLIENT_VERSION}`,
    );
  }

  it.runIf(sameSources)('is exactly what scripts/gen-constraints.py generates from the installed botocore', () => {
    const generated = execFileSync('python3', ['scripts/gen-constraints.py', '--stdout'], { cwd: repoRoot, encoding: 'utf8' });
    expect(generated === readFileSync(generatedFile, 'utf8')).toBe(true);
  });
});

describe('the Java-to-JavaScript pattern translator of scripts/gen-constraints.py', () => {
  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  const cases: Record<string, string | null> = {
    'a.b': '^(?:a[^\\n\\r\\u0085\\u2028\\u2029]b)$',
    '[\\p{Alnum}_]+': '^(?:[A-Za-z0-9_]+)$',
    '\\p{Lu}\\P{N}': '^(?:\\p{Lu}\\P{N})$',
    '\\s\\S': '^(?:[\\t\\n\\x0B\\f\\r ][^\\t\\n\\x0B\\f\\r ])$',
    '[^\\s]': '^(?:[^\\t\\n\\x0B\\f\\r ])$', // \s inside a negated class is fine...
    '[^\\S]': null, // ...but \S inside a negated class is refused
    'a*+': null, // possessive quantifier
    '(?>a)': null, // atomic group
    '(?i)a': null, // inline flags
    '[a&&[b]]': null, // class intersection
    '\\Qa.b\\E': '^(?:(?:a\\.b))$',
    '[a-z-9]': '^(?:[a-z\\-9])$',
  };

  it.runIf(python.status === 0)('translates what it knows and refuses what it does not', () => {
    const script = [
      'import importlib.util, json, sys',
      "spec = importlib.util.spec_from_file_location('gen', 'scripts/gen-constraints.py')",
      'gen = importlib.util.module_from_spec(spec); spec.loader.exec_module(gen)',
      'out = {}',
      'for p in json.loads(sys.stdin.read()):',
      '    try: out[p] = gen.java_regex_to_js(p)',
      '    except gen.GenError: out[p] = None',
      'print(json.dumps(out))',
    ].join('\n');
    const result = execFileSync('python3', ['-c', script], { cwd: repoRoot, input: JSON.stringify(Object.keys(cases)), encoding: 'utf8' });
    expect(JSON.parse(result)).toEqual(cases);
    for (const source of Object.values(cases)) if (source !== null) expect(() => new RegExp(source, 'u')).not.toThrow();
  });
});

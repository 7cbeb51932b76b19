/**
 * Test support for the CreateTrainingJob validation tests: the seed request, hand-written
 * samples and fast-check arbitraries for every pattern of the generated model, and helpers that
 * walk the generated table (valid values per shape, every location a shape occurs at).
 */
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import fc from 'fast-check';
import { ROOT_SHAPE, SHAPES, type ShapeDef } from '../../src/builder/generated/createTrainingJobModel';
import { MAX_RUNTIME_LIMIT_SECONDS, validateCreateTrainingJob } from '../../src/builder/validateCreateTrainingJob';
import type { ValidationIssue } from '../../src/errors';

export type Json = Record<string, unknown>;
export type Path = (string | number)[];

/** The seed's request (the AWS CLI example of the original project). */
export function seedRequest(): Json {
  return {
    TrainingJobName: 'resnet50-p3-gpu4-b512-e2',
    HyperParameters: { 'batch-size': '512', epochs: '5' },
    AlgorithmSpecification: {
      TrainingImage: '245983579475.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest',
      TrainingInputMode: 'File',
    },
    RoleArn: 'arn:aws:iam::245983579475:role/service-role/AmazonSageMaker-ExecutionRole-20180829T145526',
    OutputDataConfig: { S3OutputPath: 's3://fcncloudml/' },
    ResourceConfig: { InstanceType: 'ml.p3.8xlarge', InstanceCount: 1, VolumeSizeInGB: 16 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  };
}

/** Validates anything, hand-written requests with deliberate mistakes included. */
export function validate(request: unknown): ValidationIssue[] {
  return validateCreateTrainingJob(request as CreateTrainingJobCommandInput);
}

export function shape(name: string): ShapeDef {
  const s = SHAPES[name];
  if (!s) throw new Error(`no shape ${name}`);
  return s;
}

export function samePath(a: readonly (string | number)[], b: readonly (string | number)[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}

export function issuesAt(issues: ValidationIssue[], path: Path): ValidationIssue[] {
  return issues.filter((i) => samePath(i.path, path));
}

// ------------------------------------------------------------------------------------------
// Patterns: one accepted and (when one exists) one rejected sample, and an arbitrary of
// accepted values, for every pattern of the model. Samples fit every shape using the pattern.
// ------------------------------------------------------------------------------------------

const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const lowerHex = '0123456789abcdef';
const lowerAlnum = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Bucket names S3 accepts for a general-purpose bucket, made from dot-separated labels of
 * lowercase letters, digits and hyphens that begin and end with a letter or digit.
 */
export const validBucketName: fc.Arbitrary<string> = fc
  .array(
    fc
      .tuple(chars(lowerAlnum), fc.option(fc.tuple(text(`${lowerAlnum}-`, 0, 12), chars(lowerAlnum))))
      .map(([first, rest]) => (rest === null ? first : `${first}${rest[0]}${rest[1]}`)),
    { minLength: 1, maxLength: 4 },
  )
  .map((labels) => labels.join('.'))
  .filter(
    (name) =>
      name.length >= 3 &&
      name.length <= 63 &&
      !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
      !/^(xn--|sthree-|amzn-s3-demo-)/.test(name) &&
      !name.endsWith('.mrap'),
  );

function chars(set: string): fc.Arbitrary<string> {
  return fc.constantFrom(...Array.from(set));
}

function text(set: string | fc.Arbitrary<string>, minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: typeof set === 'string' ? chars(set) : set, minLength, maxLength });
}

/** `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,n}`: a name of alphanumerics with inner hyphens. */
function hyphenName(maxExtra: number): fc.Arbitrary<string> {
  return fc
    .tuple(chars(alnum), fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), chars(alnum)), { maxLength: Math.min(maxExtra, 12) }))
    .map(([first, rest]) => first + rest.map(([dashes, c]) => '-'.repeat(dashes) + c).join(''));
}

/** Any character but the Java line terminators; includes non-ASCII and astral characters. */
const lineChar = fc.oneof(
  chars(`${alnum} -_./:=+@,;!?#$%&*()[]{}'"\`~^|\\<>`),
  chars('éßøñ中文日本語Ωж'),
  fc.constantFrom('😀', '🚀', '\u00a0', '\t', '\u200b'),
);

const arnPrefix = fc.constantFrom('arn:aws:sagemaker:us-east-1:123456789012:', 'arn:aws-cn:sagemaker:cn-north-1:210987654321:');
const regionish = fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2');

export interface PatternSample {
  accepted: string;
  /** A value within every length bound of the shapes using the pattern that fails it; null when every string matches. */
  rejected: string | null;
  arbitrary: fc.Arbitrary<string>;
}

export const PATTERN_SAMPLES: Record<string, PatternSample> = {
  '([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)': {
    accepted: 'Project: résumé 2024 +=@/_.-',
    rejected: 'cost!center',
    arbitrary: text(fc.oneof(chars(`${alnum} _.:/=+-@`), chars('éßøñ中文Ωж٣\u00a0\u2003')), 1, 40),
  },
  '(arn:[a-z0-9-\\.]{1,63}:sagemaker:\\w+(?:-\\w+)+:(\\d{12}|aws):hub-content\\/)[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}\\/DataSet\\/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}(\\/\\d{1,4}.\\d{1,4}.\\d{1,4})?':
    {
      accepted: 'arn:aws:sagemaker:us-east-1:123456789012:hub-content/my-hub/DataSet/my-dataset/1.0.0',
      rejected: 'arn:aws:sagemaker:us-east-1:123456789012:hub-content/my-hub/Model/my-dataset/1.0.0',
      arbitrary: fc
        .tuple(regionish, fc.constantFrom('123456789012', 'aws'), hyphenName(20), hyphenName(20), fc.option(fc.constant('/2.1.0')))
        .map(([r, acct, hub, ds, v]) => `arn:aws:sagemaker:${r}:${acct}:hub-content/${hub}/DataSet/${ds}${v ?? ''}`),
    },
  '(arn:[a-z0-9-\\.]{1,63}:sagemaker:\\w+(?:-\\w+)+:(\\d{12}|aws):hub-content\\/)[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}\\/Model\\/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}(\\/\\d{1,4}.\\d{1,4}.\\d{1,4})?':
    {
      accepted: 'arn:aws:sagemaker:us-west-2:aws:hub-content/SageMakerPublicHub/Model/meta-llama-3-8b/2.1.0',
      rejected: 'arn:aws:sagemaker:us-west-2:aws:hub-content/SageMakerPublicHub/DataSet/meta-llama-3-8b',
      arbitrary: fc
        .tuple(regionish, fc.constantFrom('123456789012', 'aws'), hyphenName(20), hyphenName(20))
        .map(([r, acct, hub, model]) => `arn:aws:sagemaker:${r}:${acct}:hub-content/${hub}/Model/${model}`),
    },
  '(arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:[a-z\\-]*\\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)': {
    accepted: 'arn:aws:sagemaker:us-east-1:123456789012:algorithm/my-algorithm',
    rejected: 'my-algorithm-',
    arbitrary: fc
      .tuple(fc.option(arnPrefix.map((p) => `${p}algorithm/`)), chars(alnum), text(`${alnum}-`, 0, 30), chars(alnum))
      .map(([prefix, a, mid, z]) => `${prefix ?? ''}${a}${mid.slice(0, 20)}${z}`),
  },
  '(fs-[0-9a-f]{8,})': {
    accepted: 'fs-0123abcd',
    rejected: 'fs-0123ABCD',
    arbitrary: text(lowerHex, 8, 18).map((h) => `fs-${h}`),
  },
  '(https|s3)://([^/]+)/?(.*)': {
    accepted: 's3://fcncloudml/',
    rejected: 'fcncloudml/training',
    // s3:// URIs also name a valid bucket (the one bucket naming rule, src/internal/s3BucketName.ts); an https host is not checked.
    arbitrary: fc
      .tuple(
        fc.oneof(
          validBucketName.map((bucket) => `s3://${bucket}`),
          text(`${alnum}.-`, 1, 20).map((host) => `https://${host}`),
        ),
        fc.option(text(lineChar, 0, 30)),
      )
      .map(([base, key]) => `${base}${key === null ? '' : `/${key}`}`),
  },
  '.*': { accepted: 'any text: 日本語 ✓ 😀', rejected: 'line one\nline two', arbitrary: text(lineChar, 1, 30) },
  '.+': { accepted: 'validation:accuracy', rejected: 'line one\nline two', arbitrary: text(lineChar, 1, 30) },
  '[-0-9a-zA-Z]+': { accepted: 'sg-0123456789abcdef0', rejected: 'sg_0123', arbitrary: text(`${alnum}-`, 1, 32) },
  '[A-Za-z0-9\\.\\-_]+': { accepted: 'training.v2_a-b', rejected: 'train ing', arbitrary: text(`${alnum}.-_`, 1, 64) },
  '[\\S\\s]*': {
    accepted: 'multi\nline\r\nvalue\u2028 😀',
    rejected: null,
    arbitrary: text(fc.oneof(lineChar, fc.constantFrom('\n', '\r', '\u2028', '\u0085')), 0, 40),
  },
  '[a-zA-Z0-9:/_-]*': {
    accepted: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    rejected: 'alias/my key',
    arbitrary: text(`${alnum}:/_-`, 0, 60),
  },
  '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,119}': { accepted: 'cifar-resnet50', rejected: 'cifar_resnet50', arbitrary: hyphenName(119) },
  '[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}': { accepted: 'resnet50-p3-gpu4-b512-e2', rejected: 'resnet50-', arbitrary: hyphenName(62) },
  '[a-zA-Z_][a-zA-Z0-9_]*': {
    accepted: 'SM_MODEL_DIR',
    rejected: '1_MODEL_DIR',
    arbitrary: fc.tuple(chars('abcXYZ_'), text(`${alnum}_`, 0, 20)).map(([a, b]) => a + b),
  },
  'arn:[\\p{Alnum}\\-]+:lambda:[\\p{Alnum}\\-]+:[0-9]{12}:function:.*': {
    accepted: 'arn:aws:lambda:us-east-1:123456789012:function:registry-auth',
    rejected: 'arn:aws:lambda:us-east-1:123456789012:layer:registry-auth',
    arbitrary: fc.tuple(regionish, text(lineChar, 0, 20)).map(([r, fn]) => `arn:aws:lambda:${r}:123456789012:function:${fn}`),
  },
  'arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+': {
    accepted: 'arn:aws:iam::245983579475:role/service-role/AmazonSageMaker-ExecutionRole-20180829T145526',
    rejected: 'arn:aws:iam::24598357947:role/SageMakerRole',
    arbitrary: fc
      .tuple(fc.constantFrom('aws', 'aws-cn', 'aws-us-gov'), text(`${alnum}_+=,.@-/`, 1, 60))
      .map(([partition, name]) => `arn:${partition}:iam::123456789012:role/${name}`),
  },
  'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:mlflow-[a-zA-Z-]*/.*': {
    accepted: 'arn:aws:sagemaker:us-east-1:123456789012:mlflow-tracking-server/my-server',
    rejected: 'arn:aws:sagemaker:us-east-1:123456789012:experiment/my-server',
    arbitrary: fc.tuple(arnPrefix, text(lineChar, 0, 20)).map(([p, rest]) => `${p}mlflow-tracking-server/${rest}`),
  },
  'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:training-plan/.*': {
    accepted: 'arn:aws:sagemaker:us-east-1:123456789012:training-plan/p5-reserved-march',
    rejected: 'arn:aws:sagemaker:us-east-1:123456789012:trainingplan/p5-reserved-march',
    arbitrary: fc.tuple(arnPrefix, text(lineChar, 10, 30)).map(([p, rest]) => `${p}training-plan/${rest}`),
  },
  'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]{9,16}:[0-9]{12}:model-package-group/[\\S]{1,2048}': {
    accepted: 'arn:aws:sagemaker:us-east-1:123456789012:model-package-group/cifar-resnet50',
    rejected: 'arn:aws:sagemaker:us-east-1:123456789012:model-package-group/cifar resnet50',
    arbitrary: fc.tuple(arnPrefix, text(`${alnum}-_/é😀\u00a0`, 1, 30)).map(([p, rest]) => `${p}model-package-group/${rest}`),
  },
  'arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]{9,16}:[0-9]{12}:model-package/[\\S]{1,2048}': {
    accepted: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/cifar-resnet50/3',
    rejected: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/cifar\tresnet50/3',
    arbitrary: fc.tuple(arnPrefix, text(`${alnum}-_/é😀`, 1, 30)).map(([p, rest]) => `${p}model-package/${rest}`),
  },
};

export function patternSample(pattern: string): PatternSample {
  const sample = PATTERN_SAMPLES[pattern];
  if (!sample) throw new Error(`no test sample for the model pattern ${pattern}: add one to PATTERN_SAMPLES`);
  return sample;
}

// ------------------------------------------------------------------------------------------
// Valid values and locations from the table
// ------------------------------------------------------------------------------------------

/** A valid string for a string shape: its first enum value, its pattern's sample, or x's. */
export function validString(s: ShapeDef): string {
  if (s.enum) return s.enum[0]!;
  if (s.pattern) return patternSample(s.pattern).accepted;
  return 'x'.repeat(Math.max(s.min ?? 0, 1));
}

export function validNumber(s: ShapeDef): number {
  const low = s.min ?? 1;
  const value = Math.max(low, 1);
  return s.max !== undefined ? Math.min(value, s.max) : value;
}

/** The `i`-th distinct valid key of a map whose keys have shape `keyShape`. */
export function mapKey(keyShape: string, i: number): string {
  return `${validString(shape(keyShape))}${i}`;
}

/** A minimal valid value for a shape: required members only, one item per list or map. */
export function validValue(name: string): unknown {
  const s = shape(name);
  switch (s.type) {
    case 'structure': {
      const out: Json = {};
      for (const member of s.required ?? []) out[member] = validValue(s.members![member]!);
      return out;
    }
    case 'list':
      return Array.from({ length: Math.min(Math.max(s.min ?? 0, 1), s.max ?? 1) }, () => validValue(s.member!));
    case 'map':
      return (s.max ?? 1) >= 1 ? { [mapKey(s.key!, 0)]: validValue(s.value!) } : {};
    case 'string':
      return validString(s);
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return validNumber(s);
    case 'boolean':
      return true;
    case 'timestamp':
      return new Date(0);
    case 'blob':
      return new Uint8Array(Math.max(s.min ?? 0, 1));
  }
}

export type Step =
  | { kind: 'member'; name: string; shape: string }
  | { kind: 'item'; shape: string }
  | { kind: 'value'; shape: string }
  | { kind: 'key'; shape: string; valueShape: string };

/** Where a shape occurs in a request: the steps from the top-level member down to it. */
export interface Location {
  steps: Step[];
  shape: string;
  /** A readable name: `ResourceConfig.InstanceGroups[].InstanceType`, `HyperParameters{key}`. */
  label: string;
}

function labelOf(steps: Step[]): string {
  let out = '';
  for (const step of steps) {
    if (step.kind === 'member') out += out === '' ? step.name : `.${step.name}`;
    else if (step.kind === 'item') out += '[]';
    else if (step.kind === 'value') out += '{value}';
    else out += '{key}';
  }
  return out;
}

/**
 * Every place a value is written in a request: each member of each structure (reached by the
 * first path found to that structure), each list's items and each map's keys and values.
 */
export function locations(): Location[] {
  const out: Location[] = [];
  const seen = new Set<string>();
  const queue: { shape: string; steps: Step[] }[] = [{ shape: ROOT_SHAPE, steps: [] }];
  const visit = (steps: Step[], target: string): void => {
    out.push({ steps, shape: target, label: labelOf(steps) });
    const t = shape(target);
    if (t.type === 'structure' && !seen.has(target)) {
      seen.add(target);
      queue.push({ shape: target, steps });
    } else if (t.type === 'list') {
      visit([...steps, { kind: 'item', shape: t.member! }], t.member!);
    } else if (t.type === 'map') {
      out.push({ steps: [...steps, { kind: 'key', shape: t.key!, valueShape: t.value! }], shape: t.key!, label: `${labelOf(steps)}{key}` });
      visit([...steps, { kind: 'value', shape: t.value! }], t.value!);
    }
  };
  seen.add(ROOT_SHAPE);
  while (queue.length > 0) {
    const { shape: name, steps } = queue.shift()!;
    for (const [member, memberShape] of Object.entries(shape(name).members ?? {})) {
      visit([...steps, { kind: 'member', name: member, shape: memberShape }], memberShape);
    }
  }
  return out;
}

/**
 * The seed request with `value` written at `location` (containers on the way are created with
 * valid values). Returns the request and the path where `value` ends up.
 */
export function requestWith(location: Location, value: unknown): { request: Json; path: Path } {
  const request = seedRequest();
  let container: unknown = request;
  const path: Path = [];
  const steps = location.steps;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const last = i === steps.length - 1;
    if (step.kind === 'key') {
      if (typeof value !== 'string') throw new Error('map keys are strings');
      // Replace the map's entries with one entry keyed by `value`.
      const map = container as Json;
      for (const k of Object.keys(map)) delete map[k];
      map[value] = validValue(step.valueShape);
      path.push(value);
      return { request, path };
    }
    const key: string | number = step.kind === 'member' ? step.name : step.kind === 'item' ? 0 : mapKey(mapKeyShape(steps, i), 0);
    path.push(key);
    const holder = container as Record<string | number, unknown>;
    if (last) {
      holder[key] = value;
    } else {
      const next = steps[i + 1]!;
      if (holder[key] === undefined) {
        holder[key] = next.kind === 'item' ? [validValue(next.shape)] : next.kind === 'value' || next.kind === 'key' ? {} : validValue(step.shape);
      }
      container = holder[key];
    }
  }
  return { request, path };
}

/** The key shape of the map a `value` step at index `i` belongs to. */
function mapKeyShape(steps: Step[], i: number): string {
  const owner = steps[i - 1];
  const mapShape = owner === undefined ? undefined : owner.kind === 'member' || owner.kind === 'item' || owner.kind === 'value' ? owner.shape : undefined;
  if (mapShape === undefined) throw new Error('a map value step must follow its map');
  return shape(mapShape).key!;
}

// ------------------------------------------------------------------------------------------
// Arbitraries from the table (for fast-check)
// ------------------------------------------------------------------------------------------

const arbitraryCache = new Map<string, fc.Arbitrary<unknown>>();

function codePoints(s: string): number {
  return Array.from(s).length;
}

/** Random valid values of a shape, as far as the model alone can say. Lists and maps stay small. */
export function arbitraryFor(name: string): fc.Arbitrary<unknown> {
  const cached = arbitraryCache.get(name);
  if (cached) return cached;
  const s = shape(name);
  let arb: fc.Arbitrary<unknown>;
  switch (s.type) {
    case 'structure': {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [member, memberShape] of Object.entries(s.members ?? {})) model[member] = arbitraryFor(memberShape);
      arb = fc.record(model, { requiredKeys: [...(s.required ?? [])] });
      break;
    }
    case 'list': {
      const min = s.min ?? 0;
      arb = fc.array(arbitraryFor(s.member!), { minLength: min, maxLength: Math.min(s.max ?? 3, Math.max(min, 3)) });
      break;
    }
    case 'map': {
      const min = s.min ?? 0;
      const key = (arbitraryFor(s.key!) as fc.Arbitrary<string>).filter((k) => k !== '__proto__');
      arb = fc.dictionary(key, arbitraryFor(s.value!), { minKeys: min, maxKeys: Math.min(s.max ?? 3, Math.max(min, 3)), noNullPrototype: true });
      break;
    }
    case 'string': {
      const min = s.min ?? 0;
      const max = s.max ?? 2 ** 31;
      if (s.enum) arb = fc.constantFrom(...s.enum);
      else if (s.pattern) arb = patternSample(s.pattern).arbitrary.filter((v) => codePoints(v) >= min && codePoints(v) <= max);
      else arb = text(lineChar, min, Math.min(max, Math.max(min, 30)));
      break;
    }
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const wide = s.type === 'long' ? Number.MAX_SAFE_INTEGER : 2 ** 31 - 1;
      const integer = fc.integer({ min: s.min ?? -wide, max: s.max ?? wide });
      arb = s.type === 'long' && s.min === undefined && s.max === undefined ? fc.maxSafeInteger() : integer;
      break;
    }
    case 'boolean':
      arb = fc.boolean();
      break;
    case 'timestamp':
      arb = fc.date({ noInvalidDate: true });
      break;
    case 'blob':
      arb = fc.uint8Array({ minLength: s.min ?? 0, maxLength: Math.min(s.max ?? 16, 16) });
      break;
  }
  arbitraryCache.set(name, arb);
  return arb;
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

/**
 * Makes a model-valid random request satisfy the cross-member rules as well (one algorithm
 * source, one way to give instances, spot timing, runtime limit): the input of the
 * "random valid requests pass" property.
 */
export function satisfyCrossMemberRules(input: Json): Json {
  const request = structuredClone(input);
  const algorithm = (request.AlgorithmSpecification ??= { TrainingInputMode: 'File' }) as Json;
  if (isSet(algorithm.TrainingImage) && isSet(algorithm.AlgorithmName)) delete algorithm.AlgorithmName;
  if (!isSet(algorithm.TrainingImage) && !isSet(algorithm.AlgorithmName)) algorithm.TrainingImage = 'resnet50-cifar:latest';

  const resources = (request.ResourceConfig ??= {}) as Json;
  const groups = resources.InstanceGroups;
  if (Array.isArray(groups) && groups.length > 0) {
    delete resources.InstanceType;
    delete resources.InstanceCount;
  } else {
    delete resources.InstanceGroups;
    resources.InstanceType ??= 'ml.p3.2xlarge';
    resources.InstanceCount = Math.max(1, (resources.InstanceCount as number | undefined) ?? 1);
  }

  const stopping = request.StoppingCondition as Json | undefined;
  if (stopping && typeof stopping.MaxRuntimeInSeconds === 'number' && stopping.MaxRuntimeInSeconds > MAX_RUNTIME_LIMIT_SECONDS) {
    stopping.MaxRuntimeInSeconds = 1 + (stopping.MaxRuntimeInSeconds % MAX_RUNTIME_LIMIT_SECONDS);
  }
  if (request.EnableManagedSpotTraining === true) {
    const sc = (request.StoppingCondition ??= {}) as Json;
    const runtime = (sc.MaxRuntimeInSeconds as number | undefined) ?? 1;
    sc.MaxWaitTimeInSeconds = Math.max((sc.MaxWaitTimeInSeconds as number | undefined) ?? runtime, runtime);
  } else if (stopping) {
    delete stopping.MaxWaitTimeInSeconds;
  }
  return request;
}

/** One value inside a request, with the shape it has there. */
export interface Site {
  path: Path;
  shape: string;
  value: unknown;
  /** True for map keys (their value is the key string). */
  isKey: boolean;
}

/** Every value of a (model-valid) request, walked with the table. */
export function sites(request: unknown, name = ROOT_SHAPE, path: Path = []): Site[] {
  const out: Site[] = [{ path, shape: name, value: request, isKey: false }];
  const s = shape(name);
  if (s.type === 'structure' && request && typeof request === 'object') {
    for (const [member, memberShape] of Object.entries(s.members ?? {})) {
      const v = (request as Json)[member];
      if (v !== undefined) out.push(...sites(v, memberShape, [...path, member]));
    }
  } else if (s.type === 'list' && Array.isArray(request)) {
    request.forEach((item, i) => out.push(...sites(item, s.member!, [...path, i])));
  } else if (s.type === 'map' && request && typeof request === 'object') {
    for (const [k, v] of Object.entries(request as Json)) {
      out.push({ path: [...path, k], shape: s.key!, value: k, isKey: true });
      out.push(...sites(v, s.value!, [...path, k]));
    }
  }
  return out;
}

/** Sets (or, with `undefined`, deletes) the value at `path` inside `root`. */
export function setAt(root: Json, path: Path, value: unknown): void {
  if (path.length === 0) throw new Error('cannot replace the root');
  let container: Record<string | number, unknown> = root;
  for (const part of path.slice(0, -1)) container = container[part] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (value === undefined) delete container[last];
  else container[last] = value;
}

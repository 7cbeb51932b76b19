/**
 * Client-side validation of CreateTrainingJob requests. The AWS SDK v3 checks nothing before
 * sending, so a bad request costs a round trip and a ValidationException; this finds the same
 * problems locally, all at once.
 *
 * The rules come from the official SageMaker API model (botocore's service-2.json, compiled into
 * ./generated/createTrainingJobModel.ts by `npm run gen:constraints`), plus the cross-member
 * rules the model cannot express. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/validation.md | docs/validation.md} for every issue
 * code.
 *
 * @module
 */
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import type { ValidationIssue } from '../errors';
import { editDistance } from '../internal/editDistance';
import { checkS3BucketName, S3_BUCKET_NAME_CODES } from '../internal/s3BucketName';
import {
  BOTOCORE_VERSION,
  PATTERNS,
  ROOT_SHAPE,
  SDK_CLIENT_VERSION,
  SHAPES,
  type ShapeDef,
} from './generated/createTrainingJobModel';

/** Every code {@link validateCreateTrainingJob} can report. Stable: match on these. */
export const VALIDATION_ISSUE_CODES = [
  // from the API model
  'required',
  'invalid_type',
  'not_integer',
  'min_length',
  'max_length',
  'min_value',
  'max_value',
  'pattern',
  'enum',
  'min_items',
  'max_items',
  'unknown_member',
  'unmodeled_member',
  'unknown_instance_type',
  // rules the model cannot express
  'algorithm_source_missing',
  'algorithm_source_conflict',
  'instance_config_missing',
  'instance_config_conflict',
  'instance_count_too_small',
  'max_runtime_too_long',
  'spot_max_wait_missing',
  'spot_max_wait_too_short',
  'max_wait_without_spot',
  // S3 bucket names in s3:// URIs: the rule parseS3Uri and the log sources use too
  ...S3_BUCKET_NAME_CODES,
] as const;

/** One of {@link VALIDATION_ISSUE_CODES}. */
export type ValidationIssueCode = (typeof VALIDATION_ISSUE_CODES)[number];

/** The service's limit on StoppingCondition.MaxRuntimeInSeconds: 28 days. */
export const MAX_RUNTIME_LIMIT_SECONDS = 28 * 24 * 60 * 60;

type Path = (string | number)[];
type Issues = ValidationIssue[];
type UnknownRecord = Record<string, unknown>;

/** Well-formed SageMaker instance type names: `ml.<family>.<size>`, e.g. `ml.p6-b200.48xlarge`. */
const ML_INSTANCE_TYPE = /^ml\.[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+$/;
const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/;
const LINE_BREAKS = /[\n\r\u0085\u2028\u2029]/g;
const ENUM_LIST_LIMIT = 12;

// Caches: compiled once, on first use.
const regexCache = new Map<string, RegExp>();
const enumCache = new Map<string, { values: ReadonlySet<string>; instanceTypes: boolean }>();

function regexFor(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    re = new RegExp(PATTERNS[pattern] ?? `^(?:${pattern})$`, 'u');
    regexCache.set(pattern, re);
  }
  return re;
}

function enumFor(shapeName: string, values: readonly string[]): { values: ReadonlySet<string>; instanceTypes: boolean } {
  let entry = enumCache.get(shapeName);
  if (entry === undefined) {
    entry = { values: new Set(values), instanceTypes: values.length > 0 && values.every((v) => v.startsWith('ml.')) };
    enumCache.set(shapeName, entry);
  }
  return entry;
}

function shapeOf(name: string): ShapeDef {
  const shape = SHAPES[name];
  if (shape === undefined) throw new Error(`sagemaker-bench: shape ${name} missing from the generated model`);
  return shape;
}

function isRecord(value: unknown): value is UnknownRecord {
  return typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Object]';
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Date) return 'a Date';
  if (typeof value === 'object') {
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    return tag === 'Object' ? 'an object' : `a ${tag}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return `a ${typeof value}`;
}

const EXPECTED: Record<ShapeDef['type'], string> = {
  structure: 'an object',
  list: 'an array',
  map: 'an object of key/value pairs',
  string: 'a string',
  integer: 'an integer',
  long: 'an integer',
  float: 'a number',
  double: 'a number',
  boolean: 'a boolean',
  timestamp: 'a Date',
  blob: 'a Uint8Array or a string',
};

/** Length in Unicode code points (what the service counts), not UTF-16 code units. */
function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function closest(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate.toLowerCase() === lower) return candidate;
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

class Collector {
  readonly issues: Issues = [];
  /** Local mode: `file://` URIs stand for S3 URIs. */
  allowFileUris = false;

  error(path: Path, code: ValidationIssueCode, message: string, ...value: [unknown?]): void {
    this.push('error', path, code, message, value);
  }

  warning(path: Path, code: ValidationIssueCode, message: string, ...value: [unknown?]): void {
    this.push('warning', path, code, message, value);
  }

  private push(severity: 'error' | 'warning', path: Path, code: string, message: string, value: [unknown?]): void {
    const issue: ValidationIssue = { path: [...path], code, message, severity };
    if (value.length > 0) issue.value = value[0];
    this.issues.push(issue);
  }
}

function checkValue(shapeName: string, value: unknown, path: Path, out: Collector, name: string): void {
  const shape = shapeOf(shapeName);
  if (value === null) {
    out.error(path, 'invalid_type', `${name} must be ${EXPECTED[shape.type]}, not null (leave it out instead)`, value);
    return;
  }
  switch (shape.type) {
    case 'structure':
      checkStructure(shapeName, shape, value, path, out, name);
      return;
    case 'list':
      checkList(shape, value, path, out, name);
      return;
    case 'map':
      checkMap(shape, value, path, out, name);
      return;
    case 'string':
      checkString(shapeName, shape, value, path, out, name);
      return;
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      checkNumber(shape, value, path, out, name);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') out.error(path, 'invalid_type', `${name} must be a boolean (true or false), got ${typeName(value)}`, value);
      return;
    case 'timestamp':
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
        out.error(path, 'invalid_type', `${name} must be a valid Date, got ${typeName(value)}`, value);
      }
      return;
    case 'blob':
      checkBlob(shape, value, path, out, name);
      return;
  }
}

function checkStructure(shapeName: string, shape: ShapeDef, value: unknown, path: Path, out: Collector, name: string): void {
  if (!isRecord(value)) {
    out.error(path, 'invalid_type', `${name} must be an object, got ${typeName(value)}`, value);
    return;
  }
  const members = shape.members ?? {};
  const required = shape.required ?? [];
  for (const [member, memberShape] of Object.entries(members)) {
    const v = value[member];
    if (v === undefined || (v === null && required.includes(member))) {
      if (required.includes(member)) out.error([...path, member], 'required', `${member} is required`);
      continue;
    }
    checkValue(memberShape, v, [...path, member], out, member);
  }
  for (const key of Object.keys(value)) {
    if (Object.prototype.hasOwnProperty.call(members, key) || value[key] === undefined) continue;
    if (shape.sdkOnlyMembers?.includes(key)) {
      out.warning(
        [...path, key],
        'unmodeled_member',
        `${key} is declared by @aws-sdk/client-sagemaker ${SDK_CLIENT_VERSION} but is not in the API model ` +
          `of botocore ${BOTOCORE_VERSION}; it is sent unchecked`,
        value[key],
      );
      continue;
    }
    const hint = closest(key, Object.keys(members));
    out.error(
      [...path, key],
      'unknown_member',
      `${key} is not a member of ${shapeName}${hint ? `; did you mean ${hint}?` : ''} (it would not be sent)`,
      value[key],
    );
  }
}

function checkSize(shape: ShapeDef, count: number, path: Path, out: Collector, name: string, what: string, value: unknown): void {
  if (shape.min !== undefined && count < shape.min) {
    out.error(path, 'min_items', `${name} must have at least ${plural(shape.min, what)} (has ${count})`, value);
  }
  if (shape.max !== undefined && count > shape.max) {
    out.error(path, 'max_items', `${name} must have at most ${plural(shape.max, what)} (has ${count})`, value);
  }
}

function checkList(shape: ShapeDef, value: unknown, path: Path, out: Collector, name: string): void {
  if (!Array.isArray(value)) {
    out.error(path, 'invalid_type', `${name} must be an array, got ${typeName(value)}`, value);
    return;
  }
  checkSize(shape, value.length, path, out, name, 'item', value);
  const member = shape.member!;
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    const itemName = `${name}[${i}]`;
    if (item === undefined) {
      out.error([...path, i], 'invalid_type', `${itemName} must be ${EXPECTED[shapeOf(member).type]}, got undefined`, item);
      continue;
    }
    checkValue(member, item, [...path, i], out, itemName);
  }
}

function checkMap(shape: ShapeDef, value: unknown, path: Path, out: Collector, name: string): void {
  if (!isRecord(value)) {
    out.error(path, 'invalid_type', `${name} must be an object of key/value pairs, got ${typeName(value)}`, value);
    return;
  }
  const keys = Object.keys(value).filter((k) => value[k] !== undefined);
  checkSize(shape, keys.length, path, out, name, 'entry', value);
  for (const key of keys) {
    checkString(shape.key!, shapeOf(shape.key!), key, [...path, key], out, `${name} key ${JSON.stringify(key)}`);
    checkValue(shape.value!, value[key], [...path, key], out, `${name}[${JSON.stringify(key)}]`);
  }
}

function checkString(
  shapeName: string,
  shape: ShapeDef,
  value: unknown,
  path: Path,
  out: Collector,
  name: string,
): void {
  if (typeof value !== 'string') {
    const hint = typeof value === 'number' || typeof value === 'boolean' ? ` (write it as the string '${String(value)}')` : '';
    out.error(path, 'invalid_type', `${name} must be a string, got ${typeName(value)}${hint}`, value);
    return;
  }
  const { min, max } = shape;
  if ((max !== undefined && value.length > max) || (min !== undefined && value.length < 2 * min)) {
    const length = codePointLength(value);
    if (min !== undefined && length < min) {
      out.error(path, 'min_length', `${name} must be at least ${plural(min, 'character')} long (has ${length})`, value);
    }
    if (max !== undefined && length > max) {
      out.error(path, 'max_length', `${name} must be at most ${plural(max, 'character')} long (has ${length})`, value);
    }
  }
  if (shape.pattern !== undefined && !regexFor(shape.pattern).test(value) && !(out.allowFileUris && shapeName === 'S3Uri' && isFileUri(value))) {
    const lineBreakHint =
      LINE_BREAK.test(value) && regexFor(shape.pattern).test(value.replace(LINE_BREAKS, ' ')) ? '; line breaks are not allowed here' : '';
    const fileUriHint =
      shapeName === 'S3Uri' && value.startsWith('file://') ? '; file:// URIs work only in local mode (LocalSageMakerClient, createLocalClients)' : '';
    out.error(path, 'pattern', `${name} must match the pattern ${shape.pattern} (the whole value)${lineBreakHint}${fileUriHint}`, value);
  } else if (shapeName === 'S3Uri' && value.startsWith('s3://')) {
    checkBucketOfS3Uri(value, path, out, name);
  }
  if (shape.enum !== undefined) checkEnum(shapeName, shape.enum, value, path, out, name);
}

/** The bucket of an `s3://` URI, by the one bucket naming rule (src/internal/s3BucketName.ts). `https://` URIs name a host instead: not checked. */
function checkBucketOfS3Uri(value: string, path: Path, out: Collector, name: string): void {
  const rest = value.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const issue = checkS3BucketName(slash === -1 ? rest : rest.slice(0, slash));
  if (issue === undefined) return;
  const message = `${name} ${value}: ${issue.message}`;
  if (issue.severity === 'error') out.error(path, issue.code, message, value);
  else out.warning(path, issue.code, message, value);
}

function checkEnum(shapeName: string, values: readonly string[], value: string, path: Path, out: Collector, name: string): void {
  const { values: allowed, instanceTypes } = enumFor(shapeName, values);
  if (allowed.has(value)) return;
  if (instanceTypes && ML_INSTANCE_TYPE.test(value)) {
    out.warning(
      path,
      'unknown_instance_type',
      `${name} ${value} is not among the ${values.length} ${shapeName} values of botocore ${BOTOCORE_VERSION}; ` +
        `it may be newer than this list (check the spelling: SageMaker rejects unknown types)`,
      value,
    );
    return;
  }
  const lower = value.trim().toLowerCase();
  const caseHint = values.find((v) => v.toLowerCase() === lower || (instanceTypes && v.toLowerCase() === `ml.${lower}`));
  const choices = values.length <= ENUM_LIST_LIMIT ? `one of ${values.join(', ')}` : `one of the ${values.length} ${shapeName} values`;
  out.error(path, 'enum', `${name} must be ${choices}${caseHint ? `; did you mean ${caseHint}?` : ''}`, value);
}

function checkNumber(shape: ShapeDef, value: unknown, path: Path, out: Collector, name: string): void {
  if (typeof value !== 'number') {
    const hint = typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? ` (write it as the number ${Number(value)})` : '';
    out.error(path, 'invalid_type', `${name} must be ${EXPECTED[shape.type]}, got ${typeName(value)}${hint}`, value);
    return;
  }
  const integral = shape.type === 'integer' || shape.type === 'long';
  if (integral && !Number.isInteger(value)) {
    out.error(path, 'not_integer', `${name} must be a whole number, got ${value}`, value);
    return;
  }
  if (!Number.isFinite(value)) {
    out.error(path, 'invalid_type', `${name} must be a finite number, got ${value}`, value);
    return;
  }
  if (shape.min !== undefined && value < shape.min) out.error(path, 'min_value', `${name} must be at least ${shape.min}`, value);
  if (shape.max !== undefined && value > shape.max) out.error(path, 'max_value', `${name} must be at most ${shape.max}`, value);
}

function checkBlob(shape: ShapeDef, value: unknown, path: Path, out: Collector, name: string): void {
  let size: number;
  if (typeof value === 'string') size = new TextEncoder().encode(value).length;
  else if (value instanceof Uint8Array) size = value.byteLength;
  else {
    out.error(path, 'invalid_type', `${name} must be a Uint8Array or a string, got ${typeName(value)}`, value);
    return;
  }
  if (shape.min !== undefined && size < shape.min) out.error(path, 'min_length', `${name} must be at least ${plural(shape.min, 'byte')}`, value);
  if (shape.max !== undefined && size > shape.max) out.error(path, 'max_length', `${name} must be at most ${plural(shape.max, 'byte')}`, value);
}

/** A member counts as set when it holds something other than undefined, null or ''. */
function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** The rules the API model cannot express. Runs on whatever is there; type errors are reported elsewhere. */
function checkCrossMemberRules(request: UnknownRecord, out: Collector): void {
  const serverless = isSet(request.ServerlessJobConfig);
  const unlessServerless = ' (unless ServerlessJobConfig is set)';

  const algorithm = request.AlgorithmSpecification;
  if (algorithm === undefined || algorithm === null) {
    if (!serverless) out.error(['AlgorithmSpecification'], 'required', `AlgorithmSpecification is required${unlessServerless}`);
  } else if (isRecord(algorithm)) {
    const image = isSet(algorithm.TrainingImage);
    const name = isSet(algorithm.AlgorithmName);
    if (image && name) {
      out.error(
        ['AlgorithmSpecification'],
        'algorithm_source_conflict',
        'Set exactly one of AlgorithmSpecification.TrainingImage and AlgorithmSpecification.AlgorithmName, not both',
      );
    } else if (!image && !name && !serverless) {
      out.error(
        ['AlgorithmSpecification'],
        'algorithm_source_missing',
        'Set exactly one of AlgorithmSpecification.TrainingImage (a container image) and AlgorithmSpecification.AlgorithmName',
      );
    }
  }

  const resources = request.ResourceConfig;
  if (resources === undefined || resources === null) {
    if (!serverless) out.error(['ResourceConfig'], 'required', `ResourceConfig is required${unlessServerless}`);
  } else if (isRecord(resources)) {
    const type = isSet(resources.InstanceType);
    const count: unknown = resources.InstanceCount;
    const groups: unknown = resources.InstanceGroups;
    const hasGroups = Array.isArray(groups) ? groups.length > 0 : isSet(groups);
    if (hasGroups && (type || isSet(count))) {
      out.error(
        ['ResourceConfig'],
        'instance_config_conflict',
        'ResourceConfig takes either InstanceType and InstanceCount, or InstanceGroups (a heterogeneous cluster), not both',
      );
    } else if (!hasGroups && !type) {
      if (!serverless) {
        out.error(['ResourceConfig'], 'instance_config_missing', 'ResourceConfig needs an InstanceType (with InstanceCount >= 1) or InstanceGroups');
      }
    } else if (type && !hasGroups) {
      if (count === undefined || count === null) {
        out.error(['ResourceConfig', 'InstanceCount'], 'instance_count_too_small', 'InstanceCount is required with InstanceType and must be at least 1');
      } else if (typeof count === 'number' && count < 1) {
        out.error(['ResourceConfig', 'InstanceCount'], 'instance_count_too_small', 'InstanceCount must be at least 1', count);
      }
    }
  }

  const stopping = isRecord(request.StoppingCondition) ? request.StoppingCondition : undefined;
  const maxRuntime: unknown = stopping?.MaxRuntimeInSeconds;
  const maxWait: unknown = stopping?.MaxWaitTimeInSeconds;
  if (typeof maxRuntime === 'number' && maxRuntime > MAX_RUNTIME_LIMIT_SECONDS) {
    out.error(
      ['StoppingCondition', 'MaxRuntimeInSeconds'],
      'max_runtime_too_long',
      `MaxRuntimeInSeconds must be at most ${MAX_RUNTIME_LIMIT_SECONDS} (28 days)`,
      maxRuntime,
    );
  }
  const waitPath = ['StoppingCondition', 'MaxWaitTimeInSeconds'];
  if (request.EnableManagedSpotTraining === true) {
    if (maxWait === undefined || maxWait === null) {
      out.error(waitPath, 'spot_max_wait_missing', 'Managed spot training (EnableManagedSpotTraining) needs StoppingCondition.MaxWaitTimeInSeconds');
    } else if (typeof maxWait === 'number' && typeof maxRuntime === 'number' && maxWait < maxRuntime) {
      out.error(
        waitPath,
        'spot_max_wait_too_short',
        `MaxWaitTimeInSeconds must be at least MaxRuntimeInSeconds (${maxRuntime}): it covers waiting for spot capacity plus running`,
        maxWait,
      );
    }
  } else if (maxWait !== undefined && maxWait !== null) {
    out.error(
      waitPath,
      'max_wait_without_spot',
      'MaxWaitTimeInSeconds is only allowed with managed spot training (EnableManagedSpotTraining: true)',
      maxWait,
    );
  }
}

/** Options of {@link validateCreateTrainingJob}. */
export interface ValidateOptions {
  /**
   * Accept `file:///absolute/path` URIs where the API takes S3 URIs (channels, the output path,
   * checkpoints): what local mode runs ({@link LocalSageMakerClient}). SageMaker itself refuses them.
   */
  allowFileUris?: boolean;
}

/** `file:///an/absolute/path`, nothing else. */
function isFileUri(value: string): boolean {
  return /^file:\/\/\/[^\0]*$/.test(value);
}

/**
 * Checks a CreateTrainingJob request against the official SageMaker API model (required members,
 * types, lengths, ranges, patterns, enums, list and map sizes, unknown members) and the rules the
 * model cannot express (exactly one of TrainingImage and AlgorithmName; an instance type with
 * InstanceCount >= 1 or instance groups; MaxRuntimeInSeconds at most 28 days; spot timing).
 *
 * Returns every issue found, never just the first, each with a `path` starting at the top-level
 * member. Issues with `severity: 'warning'` (an `ml.` instance type newer than the model, a member
 * only the installed SDK knows) do not make the request invalid. Works on hand-written requests
 * as well as on builder output; sends nothing and loads no AWS SDK module.
 *
 * @example
 * ```ts
 * import { validateCreateTrainingJob, formatIssues } from 'sagemaker-bench';
 *
 * const issues = validateCreateTrainingJob({
 *   TrainingJobName: 'resnet50_p3',              // underscore: pattern error
 *   RoleArn: 'arn:aws:iam::123456789012:role/SageMakerRole',
 *   AlgorithmSpecification: { TrainingImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/resnet50:latest', TrainingInputMode: 'File' },
 *   OutputDataConfig: { S3OutputPath: 's3://my-bucket/' },
 *   ResourceConfig: { InstanceType: 'ml.p3.8xlarge', InstanceCount: 1, VolumeSizeInGB: 16 },
 *   StoppingCondition: { MaxRuntimeInSeconds: 3600 },
 * });
 * if (issues.some((i) => i.severity === 'error')) console.error(formatIssues(issues));
 * // ✖ TrainingJobName must match the pattern [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62} (the whole value) → at TrainingJobName (got "resnet50_p3")
 * ```
 */
export function validateCreateTrainingJob(input: CreateTrainingJobCommandInput, options: ValidateOptions = {}): ValidationIssue[] {
  const out = new Collector();
  out.allowFileUris = options.allowFileUris === true;
  const request: unknown = input;
  if (!isRecord(request)) {
    out.error([], 'invalid_type', `A CreateTrainingJob request must be an object, got ${typeName(request)}`, request);
    return out.issues;
  }
  checkValue(ROOT_SHAPE, request, [], out, 'The request');
  checkCrossMemberRules(request, out);
  return out.issues;
}

/**
 * Renders a CreateTrainingJob request as the bash command that sends it with the AWS CLI.
 * @module
 */
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { ValidationError } from '../errors';
import { cliOptionName } from './internal/cliOptionName';
import { shellQuote } from './internal/shellQuote';
import { toPlainValue, type PlainObject, type PlainValue } from './internal/toPlainValue';
import { toShorthand } from './internal/toShorthand';

/** How {@link toAwsCliCommand} writes the request. */
export type AwsCliCommandFormat = 'flags' | 'cli-input-json';

/** Options of {@link toAwsCliCommand}. */
export interface AwsCliCommandOptions {
  /**
   * `'flags'` (default): one option per line, shorthand syntax where it is unambiguous, JSON
   * where a value would break it. `'cli-input-json'`: the whole request as one JSON argument.
   */
  format?: AwsCliCommandFormat;
}

const COMMAND = 'aws sagemaker create-training-job';

/**
 * Order of the options: the seed's command first (name, hyperparameters, role, algorithm,
 * input, output, resources, stopping condition), then the API model's member order. Members the
 * list does not know come last, in the order of the request.
 */
const MEMBER_ORDER = [
  'TrainingJobName',
  'HyperParameters',
  'RoleArn',
  'AlgorithmSpecification',
  'InputDataConfig',
  'OutputDataConfig',
  'ResourceConfig',
  'StoppingCondition',
  'VpcConfig',
  'Tags',
  'EnableNetworkIsolation',
  'EnableInterContainerTrafficEncryption',
  'EnableManagedSpotTraining',
  'CheckpointConfig',
  'DebugHookConfig',
  'DebugRuleConfigurations',
  'TensorBoardOutputConfig',
  'ExperimentConfig',
  'ProfilerConfig',
  'ProfilerRuleConfigurations',
  'Environment',
  'RetryStrategy',
  'RemoteDebugConfig',
  'InfraCheckConfig',
  'SessionChainingConfig',
  'ServerlessJobConfig',
  'MlflowConfig',
  'ModelPackageConfig',
];

/**
 * The AWS CLI reads a top-level argument that starts with one of these as "load the value from
 * there" (v1 fetches URLs too; v2 only files). Such a value cannot be passed as an option.
 */
const PARAMFILE_PREFIXES = ['file://', 'fileb://', 'http://', 'https://'];

/**
 * Renders a CreateTrainingJob request as the `aws sagemaker create-training-job` command that
 * sends exactly that request, ready to paste into bash.
 *
 * The default `'flags'` form is what the seed's users typed: one option per line, options named
 * as the CLI names them (`--hyper-parameters`, `--role-arn`, `--enable-network-isolation` /
 * `--no-enable-network-isolation` for booleans), values in shorthand syntax
 * (`batch-size=512,epochs=5`, `Key=a,Value=b Key=c,Value=d`) where the CLI reads that back
 * unchanged, and in JSON where a value would break shorthand (commas, `=` at the start, quotes,
 * brackets, blanks, newlines, non-ASCII, ...). Every word is quoted for the shell when it needs
 * it, with single quotes, so nothing in a value is ever executed or expanded. A value the CLI
 * cannot take as an option at all (a top-level string starting with `file://`, `https://`, ...,
 * which the CLI would load from there, one holding a NUL character, or exactly `--`, which
 * argparse drops) goes into a final
 * `--cli-input-json` option instead. The `'cli-input-json'` form passes the whole request as
 * one JSON argument.
 *
 * The request is rendered as given: validate it first (the builder's `build()` does). `undefined`
 * and `null` members are left out, as the SDK leaves them out; a `Date` is written in ISO 8601.
 *
 * @param input - the request, e.g. from `TrainingJobBuilder.build()`.
 * @param options - `format`: `'flags'` (default) or `'cli-input-json'`.
 * @returns the command, lines joined with `\n` (continuation lines end in ` \`).
 * @throws ValidationError (code `not_renderable`) for a value no request can hold: NaN,
 *   Infinity, bigint, functions, symbols, class instances other than Date.
 *
 * @example
 * ```ts
 * import { toAwsCliCommand } from 'sagemaker-bench';
 *
 * console.log(toAwsCliCommand({
 *   TrainingJobName: 'resnet50-p3-gpu4-b512-e2',
 *   HyperParameters: { 'batch-size': '512', epochs: '5' },
 *   RoleArn: 'arn:aws:iam::123456789012:role/SageMakerRole',
 *   AlgorithmSpecification: { TrainingImage: '123456789012.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest', TrainingInputMode: 'File' },
 *   OutputDataConfig: { S3OutputPath: 's3://my-bucket/' },
 *   ResourceConfig: { InstanceType: 'ml.p3.8xlarge', InstanceCount: 1, VolumeSizeInGB: 16 },
 *   StoppingCondition: { MaxRuntimeInSeconds: 3600 },
 * }));
 * // aws sagemaker create-training-job \
 * // 	--training-job-name resnet50-p3-gpu4-b512-e2 \
 * // 	--hyper-parameters batch-size=512,epochs=5 \
 * // 	--role-arn arn:aws:iam::123456789012:role/SageMakerRole \
 * // 	...
 * ```
 */
export function toAwsCliCommand(input: CreateTrainingJobCommandInput, options: AwsCliCommandOptions = {}): string {
  const format = options.format ?? 'flags';
  if (format !== 'flags' && format !== 'cli-input-json') {
    throw new ValidationError([
      {
        path: [],
        code: 'invalid_option',
        message: `Unknown format ${JSON.stringify(format)}: use 'flags' or 'cli-input-json'`,
        severity: 'error',
        value: format,
      },
    ]);
  }
  const request = toPlainValue(input) ?? {};
  if (typeof request !== 'object' || Array.isArray(request)) {
    throw new ValidationError([
      { path: [], code: 'not_renderable', message: 'A CreateTrainingJob request must be an object', severity: 'error', value: input },
    ]);
  }
  if (format === 'cli-input-json') return `${COMMAND} --cli-input-json ${shellQuote(JSON.stringify(request))}`;

  const lines: string[] = [];
  const leftOver: PlainObject = {};
  for (const member of orderedMembers(request)) {
    const value = request[member] as PlainValue;
    const line = optionLine(member, value);
    if (line === undefined) defineMember(leftOver, member, value);
    else lines.push(line);
  }
  if (Object.keys(leftOver).length > 0) lines.push(`--cli-input-json ${shellQuote(JSON.stringify(leftOver))}`);
  return [COMMAND, ...lines.map((line) => `\t${line}`)].join(' \\\n');
}

function orderedMembers(request: PlainObject): string[] {
  const present = Object.keys(request);
  const known = MEMBER_ORDER.filter((member) => Object.hasOwn(request, member));
  return [...known, ...present.filter((member) => !MEMBER_ORDER.includes(member))];
}

/** One `--option value...` line, or undefined when the value cannot be an option. */
function optionLine(member: string, value: PlainValue): string | undefined {
  const option = cliOptionName(member);
  if (typeof value === 'boolean') return value ? option : option.replace(/^--/, '--no-');
  const words = optionWords(value);
  if (words === undefined) return undefined;
  // argparse would take a value starting with '-' for an option: attach it with '='.
  if (words.length === 1 && words[0]!.startsWith('-')) return `${option}=${shellQuote(words[0]!)}`;
  return [option, ...words.map(shellQuote)].join(' ');
}

/** The argv words after the option, unquoted; undefined when no words carry the value exactly. */
function optionWords(value: PlainValue): string[] | undefined {
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value);
    // argparse drops an argument that is exactly '--' (even as `--x=--`); argv cannot hold NUL.
    if (text === '--' || text.includes('\0')) return undefined;
    return PARAMFILE_PREFIXES.some((prefix) => text.startsWith(prefix)) ? undefined : [text];
  }
  if (Array.isArray(value)) {
    // A list of structures takes one shorthand word per item (nargs '+'); any other list, JSON.
    const items = value.length > 0 && value.every(isObject) ? value.map((item) => usableWord(toShorthand(item))) : [];
    if (items.length > 0 && items.every((item): item is string => item !== undefined)) return items;
    return [JSON.stringify(value)];
  }
  if (isObject(value)) return [usableWord(toShorthand(value)) ?? JSON.stringify(value)];
  return undefined;
}

/** A shorthand word the CLI reads as shorthand: not an option, not a file or URL to load. */
function usableWord(word: string | undefined): string | undefined {
  if (word === undefined || word.startsWith('-')) return undefined;
  return PARAMFILE_PREFIXES.some((prefix) => word.startsWith(prefix)) ? undefined : word;
}

function isObject(value: PlainValue): value is PlainObject {
  return typeof value === 'object' && !Array.isArray(value);
}

function defineMember(target: PlainObject, key: string, value: PlainValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

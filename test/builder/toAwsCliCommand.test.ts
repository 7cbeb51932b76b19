import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import fc from 'fast-check';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors';
import { cliOptionName, xformName } from '../../src/builder/internal/cliOptionName';
import { toAwsCliCommand } from '../../src/builder/toAwsCliCommand';
import { cifarResnet50 } from '../../src/presets/cifarResnet50';
import {
  awsCliAvailable,
  awsCliOptionNames,
  parseWithAwsCli,
  runRealAwsCli,
  runUnderBash,
  scratchDir,
  startCaptureServer,
  type CliParse,
} from '../support/awsCliRoundTrip';

// The seed's own command and the request it sends (its example values appear only in tests/docs).
const SEED_COMMAND = `aws sagemaker create-training-job \\
	--training-job-name resnet50-p3-gpu4-b512-e2 \\
	--hyper-parameters batch-size=512,epochs=5 \\
	--role-arn arn:aws:iam::245983579475:role/service-role/AmazonSageMaker-ExecutionRole-20180829T145526 \\
	--algorithm-specification TrainingImage=245983579475.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest,TrainingInputMode=File \\
	--output-data-config S3OutputPath=s3://fcncloudml/ \\
	--resource-config InstanceType=ml.p3.8xlarge,InstanceCount=1,VolumeSizeInGB=16 \\
	--stopping-condition MaxRuntimeInSeconds=3600`;

const SEED_REQUEST: CreateTrainingJobCommandInput = {
  TrainingJobName: 'resnet50-p3-gpu4-b512-e2',
  HyperParameters: { 'batch-size': '512', epochs: '5' },
  RoleArn: 'arn:aws:iam::245983579475:role/service-role/AmazonSageMaker-ExecutionRole-20180829T145526',
  AlgorithmSpecification: {
    TrainingImage: '245983579475.dkr.ecr.us-east-1.amazonaws.com/resnet50-cifar:latest',
    TrainingInputMode: 'File',
  },
  OutputDataConfig: { S3OutputPath: 's3://fcncloudml/' },
  ResourceConfig: { InstanceType: 'ml.p3.8xlarge', InstanceCount: 1, VolumeSizeInGB: 16 },
  StoppingCondition: { MaxRuntimeInSeconds: 3600 },
};

const cli = awsCliAvailable();
if (!cli.ok) console.warn(`toAwsCliCommand: skipping the AWS CLI round trips: ${cli.reason}`);

/** The option lines of a command: continuation and indent removed. */
function optionLines(command: string): string[] {
  return command.split('\n').map((line) => line.replace(/ \\$/, '').replace(/^\t/, ''));
}

/** The option each line starts with, for the flags form. */
function optionsOf(command: string): string[] {
  return optionLines(command)
    .slice(1)
    .map((line) => /^--[a-z0-9-]+/.exec(line)?.[0] ?? line);
}

describe('toAwsCliCommand: text', () => {
  it("renders the seed's request as the seed's command, line for line", () => {
    const command = toAwsCliCommand(SEED_REQUEST);
    expect(optionLines(command).slice().sort()).toEqual(optionLines(SEED_COMMAND).slice().sort());
    expect(command).toBe(SEED_COMMAND);
  });

  it("renders the cifarResnet50 preset, given the seed's values, as the seed's command", () => {
    const request = cifarResnet50({
      image: SEED_REQUEST.AlgorithmSpecification!.TrainingImage!,
      role: SEED_REQUEST.RoleArn!,
      outputPath: SEED_REQUEST.OutputDataConfig!.S3OutputPath!,
      batchSize: 512,
      epochs: 5,
    })
      .name('resnet50-p3-gpu4-b512-e2')
      .build();
    expect(optionLines(toAwsCliCommand(request)).slice().sort()).toEqual(optionLines(SEED_COMMAND).slice().sort());
  });

  it('ends every line but the last with " \\" and indents every option line with a tab', () => {
    const lines = toAwsCliCommand({ ...SEED_REQUEST, Tags: [{ Key: 'team', Value: 'ml' }], EnableNetworkIsolation: true }).split('\n');
    expect(lines[0]).toBe('aws sagemaker create-training-job \\');
    for (const line of lines.slice(1, -1)) expect(line).toMatch(/^\t--[a-z0-9-]+.* \\$/);
    expect(lines.at(-1)).toMatch(/^\t--[a-z0-9-]+/);
    expect(lines.at(-1)).not.toMatch(/\\$/);
  });

  it('writes booleans as --x for true and --no-x for false, without a value', () => {
    const command = toAwsCliCommand({
      ...SEED_REQUEST,
      EnableNetworkIsolation: true,
      EnableManagedSpotTraining: false,
      EnableInterContainerTrafficEncryption: true,
    });
    const lines = optionLines(command);
    expect(lines).toContain('--enable-network-isolation');
    expect(lines).toContain('--no-enable-managed-spot-training');
    expect(lines).toContain('--enable-inter-container-traffic-encryption');
  });

  it('writes a list of structures as one shorthand word per item when that is safe', () => {
    const command = toAwsCliCommand({ ...SEED_REQUEST, Tags: [{ Key: 'team', Value: 'ml' }, { Key: 'run', Value: '2' }] });
    expect(optionLines(command)).toContain('--tags Key=team,Value=ml Key=run,Value=2');
  });

  it('writes a list inside a structure the way the AWS CLI documents it', () => {
    const command = toAwsCliCommand({ ...SEED_REQUEST, VpcConfig: { SecurityGroupIds: ['sg-1', 'sg-2'], Subnets: ['subnet-1'] } });
    expect(optionLines(command)).toContain('--vpc-config SecurityGroupIds=sg-1,sg-2,Subnets=subnet-1');
  });

  it('switches a map to single-quoted JSON when a value holds a comma', () => {
    const command = toAwsCliCommand({ ...SEED_REQUEST, HyperParameters: { layers: '64,128' } });
    expect(optionLines(command)).toContain(`--hyper-parameters '{"layers":"64,128"}'`);
  });

  it('keeps JSON free of shell expansion by quoting it as one single-quoted word', () => {
    const command = toAwsCliCommand({ ...SEED_REQUEST, Environment: { NOTE: "it's $(whoami)" } });
    expect(optionLines(command)).toContain(`--environment '{"NOTE":"it'\\''s $(whoami)"}'`);
  });

  it('attaches a value starting with "-" with "=", so it is not taken for an option', () => {
    const command = toAwsCliCommand({ ...SEED_REQUEST, TrainingJobName: '-x' });
    expect(optionLines(command)).toContain('--training-job-name=-x');
  });

  it('moves a top-level string the CLI would load from a file or URL into --cli-input-json', () => {
    const command = toAwsCliCommand({ ...SEED_REQUEST, RoleArn: 'file:///etc/passwd' });
    expect(optionsOf(command)).not.toContain('--role-arn');
    expect(optionLines(command).at(-1)).toBe(`--cli-input-json '{"RoleArn":"file:///etc/passwd"}'`);
  });

  it('leaves out undefined and null members, as the SDK does', () => {
    const request = { ...SEED_REQUEST, VpcConfig: undefined, Tags: null } as unknown as CreateTrainingJobCommandInput;
    expect(toAwsCliCommand(request)).toBe(toAwsCliCommand(SEED_REQUEST));
  });

  it('renders the cli-input-json form as one command holding the whole request', () => {
    const command = toAwsCliCommand(SEED_REQUEST, { format: 'cli-input-json' });
    const match = /^aws sagemaker create-training-job --cli-input-json '(.*)'$/s.exec(command);
    expect(match).not.toBeNull();
    expect(JSON.parse(match![1]!)).toEqual(SEED_REQUEST);
  });

  it('refuses values no request can carry, naming where they are', () => {
    const bad = { ...SEED_REQUEST, ResourceConfig: { InstanceType: 'ml.p3.8xlarge', InstanceCount: Number.NaN, VolumeSizeInGB: 16 } } as CreateTrainingJobCommandInput;
    expect(() => toAwsCliCommand(bad)).toThrow(ValidationError);
    try {
      toAwsCliCommand(bad);
    } catch (error) {
      expect((error as ValidationError).issues[0]).toMatchObject({ path: ['ResourceConfig', 'InstanceCount'], code: 'not_renderable' });
    }
    expect(() => toAwsCliCommand(SEED_REQUEST, { format: 'yaml' as never })).toThrow(ValidationError);
  });
});

describe.skipIf(!cli.ok)('toAwsCliCommand: option names', () => {
  const names = cli.ok ? awsCliOptionNames() : { members: [], allMembers: {} };

  it("names every member of CreateTrainingJobRequest as botocore's xform_name and the CLI's argument table do", () => {
    expect(names.members.length).toBeGreaterThan(20);
    for (const { member, xform, options, type } of names.members) {
      expect(cliOptionName(member), member).toBe(`--${xform}`);
      const expected = type === 'boolean' ? [`--${xform}`, `--no-${xform}`] : [`--${xform}`];
      expect(options, member).toEqual(expected);
    }
  });

  it('ports xform_name exactly, for every member name in the whole SageMaker model', () => {
    const entries = Object.entries(names.allMembers);
    expect(entries.length).toBeGreaterThan(1000);
    const mismatches = entries.filter(([member, xform]) => xformName(member) !== xform);
    expect(mismatches).toEqual([]);
  });

  it('gives every member the real CLI knows an option line, in the flags form', () => {
    const request: Record<string, unknown> = { ...SEED_REQUEST };
    for (const { member, type } of names.members) {
      if (member in request) continue;
      request[member] = type === 'boolean' ? true : type === 'list' ? [{ Name: 'n' }] : type === 'string' ? 'v' : { Name: 'n' };
    }
    const options = optionsOf(toAwsCliCommand(request as unknown as CreateTrainingJobCommandInput));
    expect(options.slice().sort()).toEqual(names.members.map(({ xform }) => `--${xform}`).sort());
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile values, run under bash and read back with the AWS CLI's own parser.

const sentinelDir = mkdtempSync(join(tmpdir(), 'sm-bench-sentinel-'));
const SENTINEL = join(sentinelDir, 'executed');
afterAll(() => rmSync(sentinelDir, { recursive: true, force: true }));

const HOSTILE_FRAGMENTS = [
  `$(touch ${SENTINEL})`,
  `\`touch ${SENTINEL}\``,
  `;touch ${SENTINEL};`,
  `|touch ${SENTINEL}`,
  ` && touch ${SENTINEL}`,
  `'$(touch ${SENTINEL})'`,
  `"$(touch ${SENTINEL})"`,
  `\ntouch ${SENTINEL}\n`,
  `'; touch ${SENTINEL}; echo '`,
  '$((6*7))',
  '$HOME',
  '${VAR}',
  '$VAR',
  '$UNSET',
  '!!',
  '!$',
  '!-1',
  '*',
  '?',
  '~',
  '~/x',
  '{a,b}',
  '[ab]',
  "'",
  '"',
  '\\',
  '\\,',
  "\\'",
  ',',
  '=',
  '#',
  '# comment',
  ' ',
  '  leading',
  'trailing  ',
  '\t',
  '\n',
  '\r\n',
  'é',
  '日本語',
  '😀',
  '\u00a0',
  '\u0000',
  '\u007f',
  '-',
  '--',
  '-x',
  '--debug',
  'file://',
  'file:///etc/hostname',
  'https://example.com/',
  '@',
  ':',
  '/',
  '%',
  '+',
  '<',
  '>',
  '(',
  ')',
  '&',
  ';',
  '|',
  '^',
  'true',
  '123',
  '[',
  ']',
  '{',
  '}',
  '[]',
  '{}',
  'Key=',
  ',Value=x',
  'a=b,c=d',
];

const plainText = fc.stringMatching(/^[a-z0-9][a-z0-9._\/:@=+-]{0,11}$/);
const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE_FRAGMENTS), fc.string({ unit: 'binary', maxLength: 3 }), plainText), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(''));
const text = fc.oneof({ weight: 2, arbitrary: plainText }, { weight: 3, arbitrary: hostileText });
const s3Uri = fc.tuple(plainText, text).map(([bucket, key]) => `s3://${bucket}/${key}`);
const stringMap = fc.dictionary(text, text, { maxKeys: 4 });
const integer = fc.integer({ min: -5, max: 2_419_200 });

const hostileRequest: fc.Arbitrary<CreateTrainingJobCommandInput> = fc.record(
  {
    TrainingJobName: text,
    RoleArn: text,
    HyperParameters: stringMap,
    AlgorithmSpecification: fc.record(
      {
        TrainingImage: text,
        TrainingInputMode: fc.constantFrom('File', 'Pipe', 'FastFile'),
        MetricDefinitions: fc.array(fc.record({ Name: text, Regex: text }), { maxLength: 2 }),
        EnableSageMakerMetricsTimeSeries: fc.boolean(),
      },
      { requiredKeys: ['TrainingImage', 'TrainingInputMode'] },
    ),
    InputDataConfig: fc.array(
      fc.record(
        {
          ChannelName: text,
          DataSource: fc.record({
            S3DataSource: fc.record(
              {
                S3DataType: fc.constantFrom('S3Prefix', 'ManifestFile'),
                S3Uri: s3Uri,
                S3DataDistributionType: fc.constantFrom('FullyReplicated', 'ShardedByS3Key'),
                AttributeNames: fc.array(text, { maxLength: 2 }),
              },
              { requiredKeys: ['S3DataType', 'S3Uri'] },
            ),
          }),
          ContentType: text,
          CompressionType: fc.constantFrom('None', 'Gzip'),
          InputMode: fc.constantFrom('File', 'Pipe', 'FastFile'),
        },
        { requiredKeys: ['ChannelName', 'DataSource'] },
      ),
      { maxLength: 3 },
    ),
    OutputDataConfig: fc.record({ S3OutputPath: s3Uri, KmsKeyId: text }, { requiredKeys: ['S3OutputPath'] }),
    ResourceConfig: fc.record(
      {
        InstanceType: fc.constantFrom('ml.p3.8xlarge', 'ml.g5.xlarge', 'ml.m5.large'),
        InstanceCount: integer,
        VolumeSizeInGB: integer,
        VolumeKmsKeyId: text,
        KeepAlivePeriodInSeconds: integer,
      },
      { requiredKeys: ['InstanceCount', 'VolumeSizeInGB'] },
    ),
    StoppingCondition: fc.record({ MaxRuntimeInSeconds: integer, MaxWaitTimeInSeconds: integer }),
    VpcConfig: fc.record({ SecurityGroupIds: fc.array(text, { maxLength: 3 }), Subnets: fc.array(text, { maxLength: 3 }) }),
    Tags: fc.array(fc.record({ Key: text, Value: text }), { maxLength: 4 }),
    EnableNetworkIsolation: fc.boolean(),
    EnableInterContainerTrafficEncryption: fc.boolean(),
    EnableManagedSpotTraining: fc.boolean(),
    CheckpointConfig: fc.record({ S3Uri: s3Uri, LocalPath: text }, { requiredKeys: ['S3Uri'] }),
    DebugHookConfig: fc.record(
      {
        S3OutputPath: s3Uri,
        HookParameters: stringMap,
        CollectionConfigurations: fc.array(fc.record({ CollectionName: text, CollectionParameters: stringMap }), { maxLength: 2 }),
      },
      { requiredKeys: ['S3OutputPath'] },
    ),
    ExperimentConfig: fc.record({ ExperimentName: text, TrialName: text, RunName: text }),
    ProfilerConfig: fc.record({
      S3OutputPath: s3Uri,
      ProfilingIntervalInMilliseconds: integer,
      ProfilingParameters: stringMap,
      DisableProfiler: fc.boolean(),
    }),
    Environment: stringMap,
    RetryStrategy: fc.record({ MaximumRetryAttempts: integer }, { requiredKeys: ['MaximumRetryAttempts'] }),
  },
  { requiredKeys: ['TrainingJobName', 'RoleArn', 'OutputDataConfig'] },
);

/** Hand-written requests that take each rendering path on purpose, whatever the random batch does. */
const FIXED_CASES: CreateTrainingJobCommandInput[] = [
  SEED_REQUEST,
  { ...SEED_REQUEST, HyperParameters: { 'lr,decay': '0.1', note: "it's $(touch " + SENTINEL + ')', '#x': ' lead', '-lr': '=1' } },
  { ...SEED_REQUEST, TrainingJobName: '-starts-with-dash', RoleArn: `file://${SENTINEL}`, Environment: { A: 'https://x', B: '\u0000' } },
  { ...SEED_REQUEST, TrainingJobName: '--', RoleArn: '--debug' },
  { ...SEED_REQUEST, TrainingJobName: 'line\nbreak `touch ' + SENTINEL + '`', RoleArn: 'https://169.254.169.254/' },
  { ...SEED_REQUEST, Tags: [{ Key: 'k', Value: 'a,b' }, { Key: 'k2', Value: 'plain' }], VpcConfig: { SecurityGroupIds: ['sg=1', 'sg-2'], Subnets: [] } },
  { ...SEED_REQUEST, HyperParameters: { lr: '=0.1', mode: 'a=b' }, VpcConfig: { SecurityGroupIds: ['sg-1', 'sg=2'], Subnets: ['subnet-1'] } },
  { ...SEED_REQUEST, TrainingJobName: '=ls', RoleArn: '%1' },
  { ...SEED_REQUEST, HyperParameters: {}, Environment: { 'file://x': 'y' }, Tags: [], InputDataConfig: [] },
  {
    ...SEED_REQUEST,
    DebugHookConfig: {
      S3OutputPath: 's3://bucket/debug/',
      HookParameters: { save_interval: '100' },
      CollectionConfigurations: [{ CollectionName: 'losses', CollectionParameters: { include_regex: '.*loss' } }, { CollectionName: 'weights' }],
    },
    InputDataConfig: [
      { ChannelName: 'training', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://bucket/date=2024-01-01/' } }, InputMode: 'File' },
    ],
    CheckpointConfig: { S3Uri: 's3://bucket/ckpt/', LocalPath: '/opt/ml/checkpoints' },
    EnableManagedSpotTraining: true,
    EnableNetworkIsolation: false,
    StoppingCondition: { MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 },
  },
  { ...SEED_REQUEST, OutputDataConfig: { S3OutputPath: 's3://bucket/ü/~/*.txt' }, AlgorithmSpecification: { TrainingImage: 'img', TrainingInputMode: 'File', MetricDefinitions: [{ Name: 'loss', Regex: 'loss: ([0-9\\.]+)' }] } },
];

interface RoundTrip {
  request: CreateTrainingJobCommandInput;
  command: string;
  argvs: string[][];
  parsed: CliParse | undefined;
}

function roundTrip(requests: readonly CreateTrainingJobCommandInput[], format: 'flags' | 'cli-input-json', cwd: string): { cases: RoundTrip[]; stderr: string } {
  const commands = requests.map((request) => toAwsCliCommand(request, { format }));
  const run = runUnderBash(commands, { cwd });
  const single = run.argvs.map((argvs) => (argvs.length === 1 ? argvs[0]! : undefined));
  const parsed = parseWithAwsCli(single.filter((argv): argv is string[] => argv !== undefined));
  let next = 0;
  const cases = requests.map((request, i) => ({
    request,
    command: commands[i]!,
    argvs: run.argvs[i]!,
    parsed: single[i] === undefined ? undefined : parsed[next++],
  }));
  return { cases, stderr: run.stderr };
}

function expectRoundTrips({ cases, stderr }: { cases: RoundTrip[]; stderr: string }): void {
  for (const { request, command, argvs, parsed } of cases) {
    const context = `command:\n${command}\nargv: ${JSON.stringify(argvs)}\nbash stderr: ${stderr.slice(0, 2000)}`;
    expect(argvs, `bash must run the stand-in exactly once\n${context}`).toHaveLength(1);
    expect(argvs[0]!.slice(0, 2), context).toEqual(['sagemaker', 'create-training-job']);
    expect(parsed, context).toMatchObject({ ok: true });
    if (parsed?.ok) expect(parsed.params, context).toStrictEqual(JSON.parse(JSON.stringify(request)));
  }
}

describe.skipIf(!cli.ok)('toAwsCliCommand: run under bash, read back by the AWS CLI', () => {
  const cwd = scratchDir();
  afterAll(() => cwd.remove());

  it("the seed's own command and the rendered one read back as the same request", () => {
    const run = runUnderBash([SEED_COMMAND, toAwsCliCommand(SEED_REQUEST)], { cwd: cwd.path });
    const [seed, rendered] = parseWithAwsCli(run.argvs.map((argvs) => argvs[0] ?? []));
    expect(seed).toEqual({ ok: true, params: SEED_REQUEST });
    expect(rendered).toEqual(seed);
  });

  it('the harness notices an unquoted command substitution (the sentinel check is not vacuous)', () => {
    const probe = join(sentinelDir, 'probe');
    runUnderBash([`aws sagemaker create-training-job --training-job-name $(touch ${probe})x`], { cwd: cwd.path });
    expect(existsSync(probe)).toBe(true);
  });

  it('hand-written hostile requests come back unchanged in the flags form', () => {
    expectRoundTrips(roundTrip(FIXED_CASES, 'flags', cwd.path));
    expect(existsSync(SENTINEL)).toBe(false);
  });

  it('random requests full of hostile strings come back unchanged in both forms, and nothing in them runs', () => {
    fc.assert(
      fc.property(fc.array(hostileRequest, { minLength: 120, maxLength: 120 }), (requests) => {
        expectRoundTrips(roundTrip(requests, 'flags', cwd.path));
        expectRoundTrips(roundTrip(requests, 'cli-input-json', cwd.path));
        expect(existsSync(SENTINEL)).toBe(false);
      }),
      // One batch of many requests per run (bash and Python start once per batch); no shrinking,
      // the failure message names the command that broke and fast-check prints the seed.
      { numRuns: 1, endOnFailure: true },
    );
    // 240 requests through bash and the Python AWS CLI: seconds on a quiet machine, more with
    // another test file running beside it. The limit guards against a hang.
  }, 90_000);
});

describe.skipIf(!cli.ok)('toAwsCliCommand: sent by the real AWS CLI', () => {
  let server: Awaited<ReturnType<typeof startCaptureServer>>;
  beforeAll(async () => {
    server = await startCaptureServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const hostileButValid: CreateTrainingJobCommandInput = {
    ...SEED_REQUEST,
    TrainingJobName: 'resnet50-hostile-e2e',
    RoleArn: 'file:///nonexistent/role-arn-as-a-file',
    HyperParameters: {
      'batch-size': '512',
      note: `it's "quoted", $(touch ${SENTINEL}) \`touch ${SENTINEL}\` $HOME !! # not a comment`,
      'multi line': 'first\nsecond\ttabbed',
      'lr,decay': '=0.1',
      unicode: 'façade 日本語 😀',
      '-flag': ' leading and trailing ',
    },
    Environment: { PATHS: '/a:/b', GLOB: '*.txt ~ {a,b} [x]' },
    Tags: [{ Key: 'team', Value: 'ml' }, { Key: 'note', Value: 'a,b=c' }],
    VpcConfig: { SecurityGroupIds: ['sg-1', 'sg-2'], Subnets: ['subnet-1'] },
    EnableNetworkIsolation: false,
    EnableManagedSpotTraining: true,
    StoppingCondition: { MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 },
    CheckpointConfig: { S3Uri: 's3://bucket/run=2/ckpt/' },
  };

  it('sends exactly the built request, in the flags and the --cli-input-json forms', async () => {
    const cases = [
      { name: 'seed, flags', request: SEED_REQUEST, format: 'flags' as const },
      { name: 'hostile, flags', request: hostileButValid, format: 'flags' as const },
      { name: 'hostile, cli-input-json', request: { ...hostileButValid, TrainingJobName: 'resnet50-hostile-json' }, format: 'cli-input-json' as const },
    ];
    const runs = await Promise.all(cases.map(({ request, format }) => runRealAwsCli(toAwsCliCommand(request, { format }), server.endpoint)));
    runs.forEach((run, i) => {
      expect(run.status, `${cases[i]!.name}: ${run.stderr}`).toBe(0);
      expect(run.stdout).toContain('arn:aws:sagemaker:us-east-1:000000000000:training-job/x');
    });
    expect(server.requests).toHaveLength(cases.length);
    for (const { name, request } of cases) {
      const sent = server.requests.find((r) => (JSON.parse(r.body) as { TrainingJobName?: string }).TrainingJobName === request.TrainingJobName);
      expect(sent, name).toBeDefined();
      expect(sent!.target, name).toBe('SageMaker.CreateTrainingJob');
      expect(JSON.parse(sent!.body), name).toStrictEqual(JSON.parse(JSON.stringify(request)));
    }
    expect(existsSync(SENTINEL)).toBe(false);
  }, 60_000);
});

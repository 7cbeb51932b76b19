import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { containerEnvironment, writeContainerTree, type ContainerLayout } from '../../src/local/internal/containerContract';

const PYTHON = process.env.SAGEMAKER_BENCH_PYTHON ?? 'python3';
const TOOLKIT_SCRIPT = join(import.meta.dirname, 'support', 'toolkitEnvironment.py');
const RECORD_SCRIPT = join(import.meta.dirname, 'support', 'recordContract.py');
const JOB_ARN = 'arn:aws:sagemaker:eu-west-1:000000000000:training-job/contract-job';

let parent: string;
let tree: string;

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'container-contract-'));
  tree = join(parent, 'algo-2');
});

afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

/** A 2-host job with 2 channels, JSON-ish hyperparameters and the SDK's sagemaker_ ones. */
function twoHostRequest(extra: Partial<CreateTrainingJobCommandInput> = {}): CreateTrainingJobCommandInput {
  return {
    TrainingJobName: 'contract-job',
    RoleArn: 'arn:aws:iam::000000000000:role/LocalTraining',
    AlgorithmSpecification: { TrainingImage: 'example.com/train:latest', TrainingInputMode: 'File' },
    HyperParameters: {
      epochs: '10',
      'learning-rate': '0.001',
      model: '"resnet50"',
      layers: '[64, 128]',
      optimizer: '{"name": "adam", "betas": [0.9, 0.999]}',
      augment: 'true',
      warmup: 'null',
      scale: '1e16',
      seed: '007',
      label: 'plain text',
      sagemaker_program: '"train.py"',
      sagemaker_submit_directory: '"s3://bucket/code/sourcedir.tar.gz"',
      sagemaker_container_log_level: '20',
      sagemaker_distributed_dataparallel_enabled: 'false',
    },
    InputDataConfig: [
      {
        ChannelName: 'train',
        ContentType: 'text/csv',
        DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://bucket/train/', S3DataDistributionType: 'ShardedByS3Key' } },
      },
      { ChannelName: 'validation', RecordWrapperType: 'RecordIO', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://bucket/validation/' } } },
    ],
    OutputDataConfig: { S3OutputPath: 's3://bucket/output' },
    ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 2, VolumeSizeInGB: 10 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    CheckpointConfig: { S3Uri: 's3://bucket/checkpoints' },
    ...extra,
  };
}

function layoutOf(request: CreateTrainingJobCommandInput, overrides: Partial<ContainerLayout> = {}): ContainerLayout {
  return { request, host: 'algo-2', hosts: ['algo-1', 'algo-2'], treeDir: tree, basePath: tree, jobArn: JOB_ARN, numCpus: 4, numGpus: 0, ...overrides };
}

/** Every entry under `dir`, relative and '/'-separated, directories with a trailing '/'. */
async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.map((e) => `${join(e.parentPath, e.name).slice(dir.length + 1).split('\\').join('/')}${e.isDirectory() ? '/' : ''}`).sort();
}

const readConfig = (name: string) => readFile(join(tree, 'input', 'config', name), 'utf8');

function runPython(script: string, env: Record<string, string>): string {
  const result = spawnSync(PYTHON, [script], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) throw new Error(`${script} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** The expected resourceconfig.json of one host of twoHostRequest(). */
const resourceConfigOf = (host: string) =>
  JSON.stringify({
    current_host: host,
    current_instance_type: 'ml.m5.xlarge',
    current_group_name: 'homogeneousCluster',
    hosts: ['algo-1', 'algo-2'],
    instance_groups: [{ instance_group_name: 'homogeneousCluster', instance_type: 'ml.m5.xlarge', hosts: ['algo-1', 'algo-2'] }],
    network_interface_name: 'eth0',
  });

const INPUT_DATA_CONFIG = JSON.stringify({
  train: { ContentType: 'text/csv', TrainingInputMode: 'File', S3DistributionType: 'ShardedByS3Key', RecordWrapperType: 'None' },
  validation: { TrainingInputMode: 'File', S3DistributionType: 'FullyReplicated', RecordWrapperType: 'RecordIO' },
});

/** The hyperparameters of twoHostRequest() as the toolkit decodes them (sagemaker_ ones left out). */
const DECODED_HPS = {
  augment: true,
  epochs: 10,
  label: 'plain text',
  layers: [64, 128],
  'learning-rate': 0.001,
  model: 'resnet50',
  optimizer: { betas: [0.9, 0.999], name: 'adam' },
  scale: 1e16,
  seed: '007',
  warmup: null,
};

describe('writeContainerTree', () => {
  it('writes hyperparameters.json as the request HyperParameters, string values untouched', async () => {
    await writeContainerTree(layoutOf(twoHostRequest()));
    expect(await readConfig('hyperparameters.json')).toBe(JSON.stringify(twoHostRequest().HyperParameters));
  });

  it('writes resourceconfig.json with the keys SageMaker writes, in its order, for each host', async () => {
    await writeContainerTree(layoutOf(twoHostRequest()));
    expect(await readConfig('resourceconfig.json')).toBe(resourceConfigOf('algo-2'));
    tree = join(parent, 'algo-1');
    await writeContainerTree(layoutOf(twoHostRequest(), { host: 'algo-1', treeDir: tree, basePath: tree }));
    expect(await readConfig('resourceconfig.json')).toBe(resourceConfigOf('algo-1'));
  });

  it('writes inputdataconfig.json with ContentType only where a channel has one and the defaults SageMaker fills in', async () => {
    await writeContainerTree(layoutOf(twoHostRequest()));
    expect(await readConfig('inputdataconfig.json')).toBe(INPUT_DATA_CONFIG);
  });

  it('writes FastFile channels as File and gives a channel without InputMode the job input mode', async () => {
    const request = twoHostRequest({ AlgorithmSpecification: { TrainingImage: 'example.com/train:latest', TrainingInputMode: 'Pipe' } });
    request.InputDataConfig![0]!.InputMode = 'FastFile';
    await writeContainerTree(layoutOf(request));
    const config = JSON.parse(await readConfig('inputdataconfig.json'));
    expect(config.train.TrainingInputMode).toBe('File');
    expect(config.validation.TrainingInputMode).toBe('Pipe');
  });

  it('escapes every character outside ASCII in the JSON files, so any locale reads them', async () => {
    await writeContainerTree(layoutOf(twoHostRequest({ HyperParameters: { greeting: 'café 😀' } })));
    const text = await readConfig('hyperparameters.json');
    expect(text).toBe('{"greeting":"caf\\u00e9 \\ud83d\\ude00"}');
    expect(JSON.parse(text)).toEqual({ greeting: 'café 😀' });
  });

  it('creates every directory of the tree, empty, and nothing outside treeDir', async () => {
    await writeContainerTree(layoutOf(twoHostRequest()));
    expect(await readdir(parent)).toEqual(['algo-2']);
    expect(await listTree(tree)).toEqual([
      'checkpoints/',
      'code/',
      'input/',
      'input/config/',
      'input/config/hyperparameters.json',
      'input/config/inputdataconfig.json',
      'input/config/resourceconfig.json',
      'input/data/',
      'input/data/train/',
      'input/data/validation/',
      'model/',
      'output/',
      'output/data/',
      'output/intermediate/',
    ]);
  });

  it('creates checkpoints/ only when the request has a CheckpointConfig', async () => {
    await writeContainerTree(layoutOf(twoHostRequest({ CheckpointConfig: undefined })));
    expect(await listTree(tree)).not.toContain('checkpoints/');
  });

  it('creates a CheckpointConfig LocalPath under /opt/ml where it lies, and nothing for one outside /opt/ml', async () => {
    await writeContainerTree(layoutOf(twoHostRequest({ CheckpointConfig: { S3Uri: 's3://bucket/ck', LocalPath: '/opt/ml/ck/run-1' } })));
    expect(await listTree(tree)).toEqual(expect.arrayContaining(['ck/', 'ck/run-1/']));
    await rm(tree, { recursive: true });
    await writeContainerTree(layoutOf(twoHostRequest({ CheckpointConfig: { S3Uri: 's3://bucket/ck', LocalPath: '/opt/ml/../checkpoints' } })));
    expect(await readdir(parent)).toEqual(['algo-2']);
    expect(await listTree(tree)).not.toContain('checkpoints/');
  });

  it('gives the hosts of a heterogeneous cluster to its instance groups in the request order', async () => {
    const request = twoHostRequest({
      ResourceConfig: {
        VolumeSizeInGB: 10,
        InstanceGroups: [
          { InstanceGroupName: 'gpus', InstanceType: 'ml.g5.xlarge', InstanceCount: 1 },
          { InstanceGroupName: 'cpus', InstanceType: 'ml.c5.xlarge', InstanceCount: 2 },
        ],
      },
    });
    await writeContainerTree(layoutOf(request, { hosts: ['algo-1', 'algo-2', 'algo-3'] }));
    expect(JSON.parse(await readConfig('resourceconfig.json'))).toEqual({
      current_host: 'algo-2',
      current_instance_type: 'ml.c5.xlarge',
      current_group_name: 'cpus',
      hosts: ['algo-1', 'algo-2', 'algo-3'],
      instance_groups: [
        { instance_group_name: 'gpus', instance_type: 'ml.g5.xlarge', hosts: ['algo-1'] },
        { instance_group_name: 'cpus', instance_type: 'ml.c5.xlarge', hosts: ['algo-2', 'algo-3'] },
      ],
      network_interface_name: 'eth0',
    });
  });

  it('refuses a layout that does not fit the request, writing nothing', async () => {
    await expect(writeContainerTree(layoutOf(twoHostRequest(), { host: 'algo-3' }))).rejects.toThrow(TypeError);
    await expect(writeContainerTree(layoutOf(twoHostRequest(), { hosts: ['algo-1', 'algo-2', 'algo-3'] }))).rejects.toThrow(/2 instance\(s\).*3 host\(s\)/);
    const escaping = twoHostRequest();
    escaping.InputDataConfig![0]!.ChannelName = '..';
    await expect(writeContainerTree(layoutOf(escaping))).rejects.toThrow(/channel name/);
    expect(await readdir(parent)).toEqual([]);
  });
});

describe('containerEnvironment', () => {
  /** Every variable of host algo-2 of twoHostRequest() except SM_TRAINING_ENV, paths under `base`. */
  const expectedVariables = (base: string) => ({
    AWS_REGION: 'eu-west-1',
    TRAINING_JOB_NAME: 'contract-job',
    TRAINING_JOB_ARN: JOB_ARN,
    SM_HOSTS: '["algo-1","algo-2"]',
    SM_NETWORK_INTERFACE_NAME: 'eth0',
    SM_HPS:
      '{"augment":true,"epochs":10,"label":"plain text","layers":[64,128],"learning-rate":0.001,"model":"resnet50",' +
      '"optimizer":{"betas":[0.9,0.999],"name":"adam"},"scale":1e+16,"seed":"007","warmup":null}',
    SM_USER_ENTRY_POINT: 'train.py',
    SM_FRAMEWORK_PARAMS: '{"sagemaker_distributed_dataparallel_enabled":false}',
    SM_RESOURCE_CONFIG:
      '{"current_group_name":"homogeneousCluster","current_host":"algo-2","current_instance_type":"ml.m5.xlarge","hosts":["algo-1","algo-2"],' +
      '"instance_groups":[{"hosts":["algo-1","algo-2"],"instance_group_name":"homogeneousCluster","instance_type":"ml.m5.xlarge"}],"network_interface_name":"eth0"}',
    SM_INPUT_DATA_CONFIG:
      '{"train":{"ContentType":"text/csv","RecordWrapperType":"None","S3DistributionType":"ShardedByS3Key","TrainingInputMode":"File"},' +
      '"validation":{"RecordWrapperType":"RecordIO","S3DistributionType":"FullyReplicated","TrainingInputMode":"File"}}',
    SM_OUTPUT_DATA_DIR: `${base}/output/data`,
    SM_CHANNELS: '["train","validation"]',
    SM_CURRENT_HOST: 'algo-2',
    SM_CURRENT_INSTANCE_TYPE: 'ml.m5.xlarge',
    SM_CURRENT_INSTANCE_GROUP: 'homogeneousCluster',
    SM_CURRENT_INSTANCE_GROUP_HOSTS: '["algo-1","algo-2"]',
    SM_INSTANCE_GROUPS: '["homogeneousCluster"]',
    SM_INSTANCE_GROUPS_DICT: '{"homogeneousCluster":{"hosts":["algo-1","algo-2"],"instance_group_name":"homogeneousCluster","instance_type":"ml.m5.xlarge"}}',
    SM_DISTRIBUTION_INSTANCE_GROUPS: '[]',
    SM_IS_HETERO: 'false',
    SM_MODULE_NAME: 'train',
    SM_LOG_LEVEL: '20',
    SM_FRAMEWORK_MODULE: '',
    SM_INPUT_DIR: `${base}/input`,
    SM_INPUT_CONFIG_DIR: `${base}/input/config`,
    SM_OUTPUT_DIR: `${base}/output`,
    SM_NUM_CPUS: '4',
    SM_NUM_GPUS: '0',
    SM_NUM_NEURONS: '0',
    SM_MODEL_DIR: `${base}/model`,
    SM_MODULE_DIR: 's3://bucket/code/sourcedir.tar.gz',
    SM_TRAINING_ENV: expect.any(String),
    SM_USER_ARGS:
      '["--augment","True","--epochs","10","--label","plain text","--layers","[64, 128]","--learning-rate","0.001","--model","resnet50",' +
      '"--optimizer","betas=[0.9, 0.999],name=adam","--scale","1e+16","--seed","007","--warmup",""]',
    SM_OUTPUT_INTERMEDIATE_DIR: `${base}/output/intermediate`,
    SM_CHANNEL_TRAIN: `${base}/input/data/train`,
    SM_CHANNEL_VALIDATION: `${base}/input/data/validation`,
    SM_HP_EPOCHS: '10',
    'SM_HP_LEARNING-RATE': '0.001',
    SM_HP_MODEL: 'resnet50',
    SM_HP_LAYERS: '[64,128]',
    SM_HP_OPTIMIZER: '{"betas":[0.9,0.999],"name":"adam"}',
    SM_HP_AUGMENT: 'true',
    SM_HP_WARMUP: '',
    SM_HP_SCALE: '1e+16',
    SM_HP_SEED: '007',
    SM_HP_LABEL: 'plain text',
    SAGEMAKER_JOB_NAME: '',
    CURRENT_HOST: 'algo-2',
    SAGEMAKER_REGION: 'eu-west-1',
  });

  /** SM_TRAINING_ENV of host algo-2 of twoHostRequest(), parsed. */
  const expectedTrainingEnv = (base: string) => ({
    additional_framework_parameters: { sagemaker_distributed_dataparallel_enabled: false },
    channel_input_dirs: { train: `${base}/input/data/train`, validation: `${base}/input/data/validation` },
    current_host: 'algo-2',
    current_instance_group: 'homogeneousCluster',
    current_instance_group_hosts: ['algo-1', 'algo-2'],
    current_instance_type: 'ml.m5.xlarge',
    distribution_hosts: [],
    distribution_instance_groups: [],
    framework_module: null,
    hosts: ['algo-1', 'algo-2'],
    hyperparameters: DECODED_HPS,
    input_config_dir: `${base}/input/config`,
    input_data_config: JSON.parse(INPUT_DATA_CONFIG),
    input_dir: `${base}/input`,
    instance_groups: ['homogeneousCluster'],
    instance_groups_dict: { homogeneousCluster: { hosts: ['algo-1', 'algo-2'], instance_group_name: 'homogeneousCluster', instance_type: 'ml.m5.xlarge' } },
    is_hetero: false,
    is_master: false,
    is_modelparallel_enabled: null,
    is_smddpmprun_installed: false,
    is_smddprun_installed: false,
    job_name: 'contract-job',
    log_level: 20,
    master_hostname: 'algo-1',
    model_dir: `${base}/model`,
    module_dir: 's3://bucket/code/sourcedir.tar.gz',
    module_name: 'train',
    network_interface_name: 'eth0',
    num_cpus: 4,
    num_gpus: 0,
    num_neurons: 0,
    output_data_dir: `${base}/output/data`,
    output_dir: `${base}/output`,
    output_intermediate_dir: `${base}/output/intermediate`,
    resource_config: JSON.parse(resourceConfigOf('algo-2')),
    topology: [],
    user_entry_point: 'train.py',
  });

  it('sets every variable SageMaker and the toolkit set, under the tree, and SAGEMAKER_BASE_DIR for a process', () => {
    const env = containerEnvironment(layoutOf(twoHostRequest()));
    expect(env).toEqual({ ...expectedVariables(tree), SAGEMAKER_BASE_DIR: tree });
    expect(JSON.parse(env.SM_TRAINING_ENV!)).toEqual(expectedTrainingEnv(tree));
  });

  it('sets the same variables under /opt/ml, without SAGEMAKER_BASE_DIR, for docker', () => {
    const env = containerEnvironment(layoutOf(twoHostRequest(), { basePath: '/opt/ml' }));
    expect(env).toEqual(expectedVariables('/opt/ml'));
    expect(JSON.parse(env.SM_TRAINING_ENV!)).toEqual(expectedTrainingEnv('/opt/ml'));
  });

  it('encodes SM_TRAINING_ENV as Python does: sorted keys, no spaces, floats as floats', () => {
    const env = containerEnvironment(layoutOf(twoHostRequest(), { basePath: '/opt/ml' }));
    expect(env.SM_TRAINING_ENV).toMatch(/^\{"additional_framework_parameters":\{"sagemaker_distributed_dataparallel_enabled":false\},"channel_input_dirs":/);
    expect(env.SM_TRAINING_ENV).toContain('"scale":1e+16,"seed":"007","warmup":null}');
    expect(env.SM_TRAINING_ENV).toMatch(/"topology":\[\],"user_entry_point":"train\.py"\}$/);
  });

  it('passes through an Environment that overrides nothing', () => {
    const env = containerEnvironment(layoutOf(twoHostRequest({ Environment: { MY_FLAG: '1', SM_CUSTOM: 'kept' } })));
    expect(env).toEqual({ ...expectedVariables(tree), SAGEMAKER_BASE_DIR: tree, MY_FLAG: '1', SM_CUSTOM: 'kept' });
  });

  it('puts Environment over the platform variables but under the toolkit SM_ ones, as in a SageMaker container', () => {
    const env = containerEnvironment(
      layoutOf(twoHostRequest({ Environment: { AWS_REGION: 'us-west-2', SM_MODEL_DIR: '/elsewhere', SM_NUM_GPUS: '8', CURRENT_HOST: 'me', SAGEMAKER_BASE_DIR: '/x' } })),
    );
    expect(env.AWS_REGION).toBe('us-west-2');
    expect(env.SAGEMAKER_REGION).toBe('us-west-2');
    expect(env.SM_MODEL_DIR).toBe(`${tree}/model`);
    expect(env.SM_NUM_GPUS).toBe('0');
    expect(env.CURRENT_HOST).toBe('algo-2');
    expect(env.SAGEMAKER_BASE_DIR).toBe(tree);
  });

  it('keeps an Environment SAGEMAKER_BASE_DIR for docker, where the tree is at /opt/ml', () => {
    const env = containerEnvironment(layoutOf(twoHostRequest({ Environment: { SAGEMAKER_BASE_DIR: '/data/ml' } }), { basePath: '/opt/ml' }));
    expect(env.SAGEMAKER_BASE_DIR).toBe('/data/ml');
    expect(env.SM_MODEL_DIR).toBe('/opt/ml/model');
  });

  it('reads SAGEMAKER_PROGRAM, SAGEMAKER_TRAINING_MODULE and TRAINING_JOB_NAME from Environment as the toolkit does', () => {
    const env = containerEnvironment(
      layoutOf(twoHostRequest({ Environment: { SAGEMAKER_PROGRAM: 'fit.py', SAGEMAKER_TRAINING_MODULE: 'my_framework.training:main', TRAINING_JOB_NAME: 'renamed' } })),
    );
    expect(env.SM_MODULE_NAME).toBe('fit');
    expect(env.SM_USER_ENTRY_POINT).toBe('fit.py');
    expect(env.SM_FRAMEWORK_MODULE).toBe('my_framework.training:main');
    expect(env.TRAINING_JOB_NAME).toBe('renamed');
    expect(JSON.parse(env.SM_TRAINING_ENV!)).toMatchObject({ module_name: 'fit', user_entry_point: 'fit.py', job_name: 'renamed' });
  });

  it('names a job without sagemaker_program None, as str(None) does in the toolkit', () => {
    const env = containerEnvironment(layoutOf(twoHostRequest({ HyperParameters: {} })));
    expect(env.SM_MODULE_NAME).toBe('None');
    expect(env.SM_USER_ENTRY_POINT).toBe('');
    expect(env.SM_MODULE_DIR).toBe(`${tree}/code`);
    expect(env.SM_HPS).toBe('{}');
    expect(env.SM_USER_ARGS).toBe('[]');
  });

  it.each([
    ['10', '10', '-n', '10'],
    ['1.0', '1.0', '-n', '1.0'],
    ['1e-05', '1e-05', '-n', '1e-05'],
    ['0.0001', '0.0001', '-n', '0.0001'],
    ['123456789012345678901234567890', '123456789012345678901234567890', '-n', '123456789012345678901234567890'],
    ['NaN', 'NaN', '-n', 'nan'],
    ['-Infinity', '-Infinity', '-n', '-inf'],
    ['"quoted"', 'quoted', '-n', 'quoted'],
    ['false', 'false', '-n', 'False'],
    ['null', '', '-n', ''],
    ['[1, "two", null, 2.50]', '[1,"two",null,2.5]', '-n', "[1, 'two', None, 2.5]"],
    ['{"z": 1, "a": {"y": "é"}}', '{"a":{"y":"\\u00e9"},"z":1}', '-n', "a={'y': 'é'},z=1"],
    ['01', '01', '-n', '01'],
    ['[1,]', '[1,]', '-n', '[1,]'],
    [' 7 ', '7', '-n', '7'],
    ['plain text', 'plain text', '-n', 'plain text'],
  ])('decodes the hyperparameter %j as Python json.loads does (a one-letter name is -n in SM_USER_ARGS)', (raw, envValue, argName, argValue) => {
    const env = containerEnvironment(layoutOf(twoHostRequest({ HyperParameters: { n: raw } })));
    expect(env.SM_HP_N).toBe(envValue);
    expect(JSON.parse(env.SM_USER_ARGS!)).toEqual([argName, argValue]);
  });

  it('puts the current group in SM_DISTRIBUTION_INSTANCE_GROUPS when a distribution is enabled, making algo-1 the master', () => {
    const env = containerEnvironment(layoutOf(twoHostRequest({ HyperParameters: { sagemaker_mpi_enabled: 'true' } })));
    expect(env.SM_DISTRIBUTION_INSTANCE_GROUPS).toBe('["homogeneousCluster"]');
    expect(JSON.parse(env.SM_TRAINING_ENV!)).toMatchObject({ distribution_hosts: ['algo-1', 'algo-2'], master_hostname: 'algo-1', is_master: false });
    expect(env.SM_FRAMEWORK_PARAMS).toBe('{"sagemaker_mpi_enabled":true}');
  });

  it('refuses a layout whose host is not one of its hosts', () => {
    expect(() => containerEnvironment(layoutOf(twoHostRequest(), { host: 'algo-9' }))).toThrow(TypeError);
  });
});

describe('the training toolkit reading a written tree (python3, toolkit logic copied)', () => {
  /** What the platform gives the container before the toolkit runs: the request's Environment, the job's name. */
  const platformEnv = (layout: ContainerLayout): Record<string, string> => ({
    TRAINING_JOB_NAME: layout.request.TrainingJobName!,
    TRAINING_JOB_ARN: layout.jobArn,
    AWS_REGION: 'eu-west-1',
    AWS_DEFAULT_REGION: 'eu-west-1', // where the toolkit's boto3 would find the region
    ...(layout.request.Environment ?? {}),
    SAGEMAKER_BASE_DIR: layout.basePath,
  });

  const requests: [string, CreateTrainingJobCommandInput, string[], object][] = [
    ['the 2-host job', twoHostRequest(), ['algo-1', 'algo-2'], DECODED_HPS],
    [
      'a heterogeneous job run with SAGEMAKER_PROGRAM and model parallelism',
      twoHostRequest({
        Environment: { SAGEMAKER_PROGRAM: 'fit.py', SM_HP_MP_PARAMETERS: '{"partitions": 2}', MY_FLAG: 'x' },
        HyperParameters: { sagemaker_pytorch_ddp_enabled: 'true', ratio: '2.5e-7', nested: '{"b": [1.0, {"c": null}], "a": "\'q\'"}' },
        ResourceConfig: {
          VolumeSizeInGB: 10,
          InstanceGroups: [
            { InstanceGroupName: 'gpus', InstanceType: 'ml.g5.xlarge', InstanceCount: 1 },
            { InstanceGroupName: 'cpus', InstanceType: 'ml.c5.xlarge', InstanceCount: 1 },
          ],
        },
      }),
      ['algo-1', 'algo-2'],
      { ratio: 2.5e-7, nested: { b: [1, { c: null }], a: "'q'" } },
    ],
  ];

  it.each(requests)('finds the same hyperparameters, channels and hosts, and computes the same variables, for %s', async (_, request, hosts, decoded) => {
    const numCpus = Number(spawnSync(PYTHON, ['-c', 'import multiprocessing; print(multiprocessing.cpu_count())'], { encoding: 'utf8' }).stdout.trim());
    for (const host of hosts) {
      const treeDir = join(parent, host);
      const layout = layoutOf(request, { host, hosts, treeDir, basePath: treeDir, numCpus });
      await writeContainerTree(layout);
      const toolkit = JSON.parse(runPython(TOOLKIT_SCRIPT, platformEnv(layout)));
      const ours = containerEnvironment(layout);

      expect(toolkit.base_dir).toBe(treeDir);
      expect(toolkit.current_host).toBe(host);
      expect(toolkit.hosts).toEqual(hosts);
      expect(toolkit.channel_input_dirs).toEqual({ train: join(treeDir, 'input', 'data', 'train'), validation: join(treeDir, 'input', 'data', 'validation') });
      expect(JSON.parse(toolkit.hyperparameters)).toEqual(decoded);
      expect(JSON.parse(ours.SM_HPS!)).toEqual(decoded);
      expect(toolkit.properties).toBe(37);
      expect(toolkit.code_dir_existed).toBe(true);
      const computed: Record<string, string> = { ...toolkit.env, ...toolkit.os_environ };
      expect(Object.keys(computed)).toHaveLength(31 + 2 + Object.keys(decoded).length + 3); // to_env_vars() keys, channels, hps, os.environ ones
      for (const [name, value] of Object.entries(computed)) expect([name, ours[name]]).toEqual([name, value]);
    }
  });
});

describe('recordContract.py', () => {
  it('records every contract variable and file it sees, then writes model/model.txt', async () => {
    const layout = layoutOf(twoHostRequest({ Environment: { MY_FLAG: 'not recorded', SAGEMAKER_PROGRAM: 'recordContract.py' } }));
    await writeContainerTree(layout);
    const env = containerEnvironment(layout);
    const stdout = runPython(RECORD_SCRIPT, env);
    expect(stdout).toContain('recorded the contract of algo-2');

    const record = JSON.parse(await readFile(join(tree, 'output', 'data', 'contract.json'), 'utf8'));
    const recorded = Object.fromEntries(
      Object.entries(env).filter(([name]) => /^(SM_|TRAINING_|SAGEMAKER_)/.test(name) || name === 'CURRENT_HOST' || name === 'AWS_REGION'),
    );
    expect(record.env).toEqual(recorded);
    expect(record.env.MY_FLAG).toBeUndefined();
    expect(record.argv).toEqual([]);
    expect(record.baseDir).toBe(tree);
    expect(record.dirs).toEqual([
      'checkpoints', 'code', 'input', 'input/config', 'input/data', 'input/data/train', 'input/data/validation',
      'model', 'output', 'output/data', 'output/intermediate',
    ]);
    expect(record.files).toEqual(['input/config/hyperparameters.json', 'input/config/inputdataconfig.json', 'input/config/resourceconfig.json']);
    expect(record.config).toEqual({
      'hyperparameters.json': twoHostRequest().HyperParameters,
      'inputdataconfig.json': JSON.parse(INPUT_DATA_CONFIG),
      'resourceconfig.json': JSON.parse(resourceConfigOf('algo-2')),
    });
    expect(await readFile(join(tree, 'model', 'model.txt'), 'utf8')).toBe('model of algo-2\n');
  });
});

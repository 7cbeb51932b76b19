/**
 * The container contract of a SageMaker training job: the files under `/opt/ml` and the environment
 * variables a training container sees, as SageMaker and its training toolkit
 * (aws/sagemaker-training-toolkit, `src/sagemaker_training/environment.py`, `mapping.py`,
 * `params.py`) define them, for one host of a local job. Internal.
 *
 * Who sets what, on SageMaker:
 * - the platform writes `input/config/{hyperparameters,resourceconfig,inputdataconfig}.json`, fills
 *   `input/data/<channel>/`, and sets `TRAINING_JOB_NAME`, `TRAINING_JOB_ARN` and the request's
 *   `Environment` (the developer guide's "How Amazon SageMaker Provides Training Information");
 *   `AWS_REGION` too, as the Python SDK's local mode sets it (`sagemaker/local/image.py`) and the
 *   toolkit's `trainer.py` reads it;
 * - the training toolkit (in the image) reads those files when it starts and sets every `SM_*`
 *   variable, plus `CURRENT_HOST`, `SAGEMAKER_JOB_NAME` and `SAGEMAKER_REGION`, before it runs the
 *   user's script. It overwrites what was there: a request's `Environment` cannot change `SM_MODEL_DIR`.
 *
 * The toolkit's values are reproduced to the byte: hyperparameters are JSON-decoded with Python's
 * `json.loads` rules (ints and floats kept apart, `NaN`/`Infinity` accepted) and re-encoded as
 * `json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=True)` does, and `SM_USER_ARGS`
 * holds Python's `str()` of each value.
 *
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Channel, CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';

/**
 * Where one host of a local job keeps its `/opt/ml`, and how its container sees it.
 *
 * @example
 * ```ts
 * const layout: ContainerLayout = {
 *   request, host: 'algo-1', hosts: ['algo-1', 'algo-2'],
 *   treeDir: '/home/ada/.cache/sagemaker-bench/local/jobs/my-job/hosts/algo-1',
 *   basePath: '/opt/ml', // docker: the tree is mounted there; process: the treeDir itself
 *   jobArn: 'arn:aws:sagemaker:us-east-1:000000000000:training-job/my-job', numCpus: 8, numGpus: 0,
 * };
 * ```
 */
export interface ContainerLayout {
  /** The job's request. */
  request: CreateTrainingJobCommandInput;
  /** This host, e.g. 'algo-1'. */
  host: string;
  /** Every host of the job, in the order resourceconfig.json lists them (SageMaker: `algo-1`, `algo-2`, ...). */
  hosts: string[];
  /** The tree on this machine that stands for /opt/ml for this host. */
  treeDir: string;
  /** How the container sees the tree: treeDir itself (process runtime) or '/opt/ml' (docker). */
  basePath: string;
  /** The job's ARN, as CreateTrainingJob answered it (its region becomes `AWS_REGION`). */
  jobArn: string;
  /** CPUs the container has (the toolkit's `multiprocessing.cpu_count()`). */
  numCpus: number;
  /** GPUs the container has (the toolkit counts `nvidia-smi --list-gpus` lines). */
  numGpus: number;
}

/** The toolkit's SAGEMAKER_BASE_PATH: where SageMaker mounts the tree in the container. */
const SAGEMAKER_BASE_PATH = '/opt/ml';
/** The toolkit's BASE_PATH_ENV: moves its base off /opt/ml. */
const BASE_PATH_ENV = 'SAGEMAKER_BASE_DIR';
/** SageMaker's default CheckpointConfig.LocalPath. */
const DEFAULT_CHECKPOINT_PATH = '/opt/ml/checkpoints';
/** The instance group name SageMaker gives a job without ResourceConfig.InstanceGroups. */
const HOMOGENEOUS_CLUSTER = 'homogeneousCluster';
/** resourceconfig.json's network_interface_name on SageMaker (VPC and local mode: eth0). */
const NETWORK_INTERFACE = 'eth0';
/** Channel names as the API allows them (Channel.ChannelName), so a channel dir stays inside the tree. */
const CHANNEL_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** params.SAGEMAKER_HYPERPARAMETERS: the sagemaker_ hyperparameters the toolkit consumes itself. */
const SAGEMAKER_HYPERPARAMETERS = new Set([
  'sagemaker_program',
  'sagemaker_submit_directory',
  'sagemaker_enable_cloudwatch_metrics',
  'sagemaker_region',
  'sagemaker_container_log_level',
  'sagemaker_job_name',
  'default_user_module_name',
  '_tuning_objective_metric',
  'sagemaker_s3_output',
]);
/** The framework parameters that make environment.py put the current group in distribution_instance_groups. */
const DISTRIBUTION_FLAGS = [
  'sagemaker_mpi_enabled',
  'sagemaker_parameter_server_enabled',
  'sagemaker_distributed_dataparallel_enabled',
  'sagemaker_pytorch_ddp_enabled',
  'sagemaker_pytorch_xla_multi_worker_enabled',
  'sagemaker_multi_worker_mirrored_strategy_enabled',
  'sagemaker_torch_distributed_enabled',
];
/** logging.INFO: the toolkit's default log level. */
const LOG_LEVEL_INFO = 20;

/**
 * Creates input/config/{hyperparameters,resourceconfig,inputdataconfig}.json and the empty dirs
 * (input/data/<channel>/ for every channel, model/, output/data/, output/intermediate/, checkpoints/
 * when CheckpointConfig is set and its LocalPath is under /opt/ml, code/ as the toolkit creates it).
 * Writes nothing outside treeDir. The JSON files are ASCII (other characters as `\uXXXX` escapes),
 * so Python reads them the same under any locale.
 *
 * A CheckpointConfig.LocalPath outside /opt/ml has no place in the tree: nothing is created for it
 * (the docker runtime must mount it itself).
 *
 * @throws TypeError when the layout does not fit the request (a host not in hosts, a host count that
 *   is not the request's instance count, a channel name that is not a plain directory name).
 * @example
 * ```ts
 * await writeContainerTree(layout);
 * // <treeDir>/input/config/resourceconfig.json:
 * // {"current_host":"algo-1","current_instance_type":"ml.m5.xlarge","current_group_name":"homogeneousCluster",
 * //  "hosts":["algo-1","algo-2"],"instance_groups":[{...}],"network_interface_name":"eth0"}
 * ```
 */
export async function writeContainerTree(layout: ContainerLayout): Promise<void> {
  const files = configFiles(layout);
  const dirs = [
    ['input', 'config'],
    ...channelsOf(layout.request).map((channel) => ['input', 'data', channel.ChannelName!]),
    ['model'],
    ['output', 'data'],
    ['output', 'intermediate'],
    ['code'],
  ];
  const checkpoints = checkpointDir(layout.request);
  if (checkpoints !== undefined) dirs.push(checkpoints);
  for (const dir of dirs) await mkdir(join(layout.treeDir, ...dir), { recursive: true });
  const config = join(layout.treeDir, 'input', 'config');
  await writeFile(join(config, 'hyperparameters.json'), files.hyperparameters);
  await writeFile(join(config, 'resourceconfig.json'), files.resourceConfig);
  await writeFile(join(config, 'inputdataconfig.json'), files.inputDataConfig);
}

/**
 * Every environment variable SageMaker and the training toolkit set for this host, paths under
 * basePath. Layered as in a SageMaker container, later layers winning:
 *
 * 1. the platform's: `AWS_REGION` (the region of jobArn), `TRAINING_JOB_NAME`, `TRAINING_JOB_ARN`;
 * 2. the request's `Environment`, on top of those (as the SageMaker Python SDK's local mode does);
 * 3. the toolkit's: every `SM_*` variable of `Environment.to_env_vars()` and `CURRENT_HOST`,
 *    `SAGEMAKER_JOB_NAME`, `SAGEMAKER_REGION` (the `sagemaker_region` hyperparameter, else the
 *    region its boto3 finds, taken here to be `AWS_REGION`). The toolkit writes them into `os.environ` before it
 *    runs the script, so they win over an `Environment` entry of the same name. `Environment` still
 *    feeds them where the toolkit reads it: `SAGEMAKER_PROGRAM` (SM_MODULE_NAME,
 *    SM_USER_ENTRY_POINT), `SAGEMAKER_TRAINING_MODULE` (SM_FRAMEWORK_MODULE), `TRAINING_JOB_NAME`
 *    (job_name in SM_TRAINING_ENV), `SM_HP_MP_PARAMETERS`;
 * 4. `SAGEMAKER_BASE_DIR=basePath` when basePath is not '/opt/ml', over anything else.
 *
 * Not reproduced: the toolkit's `PYTHONPATH` (its interpreter's `sys.path`), and what the image's
 * own `ENV` lines add.
 *
 * @throws TypeError when the layout does not fit the request (see {@link writeContainerTree}).
 * @example
 * ```ts
 * const env = containerEnvironment({ ...layout, basePath: layout.treeDir });
 * env.SM_CHANNEL_TRAIN; // `${layout.treeDir}/input/data/train`
 * env.SAGEMAKER_BASE_DIR; // layout.treeDir
 * spawn('python3', ['train.py'], { env: { PATH: process.env.PATH, ...env } });
 * ```
 */
export function containerEnvironment(layout: ContainerLayout): Record<string, string> {
  const files = configFiles(layout);
  const request = layout.request;
  const platform: Record<string, string> = {};
  const region = layout.jobArn.split(':')[3];
  if (layout.jobArn.startsWith('arn:') && region !== undefined && region !== '' && region !== 'local') platform['AWS_REGION'] = region;
  platform['TRAINING_JOB_NAME'] = request.TrainingJobName ?? '';
  platform['TRAINING_JOB_ARN'] = layout.jobArn;
  const seen: Record<string, string> = { ...platform, ...(request.Environment ?? {}) };
  const env: Record<string, string> = { ...seen };
  for (const [name, value] of toolkitVariables(layout, files, seen)) env[name] = value;
  if (layout.basePath !== SAGEMAKER_BASE_PATH) env[BASE_PATH_ENV] = layout.basePath;
  return env;
}

// ---------------------------------------------------------------------------------------------
// The files SageMaker writes

interface ConfigFiles {
  hyperparameters: string;
  resourceConfig: string;
  inputDataConfig: string;
}

function configFiles(layout: ContainerLayout): ConfigFiles {
  checkLayout(layout);
  const request = layout.request;
  const inputDataConfig: Record<string, Record<string, string>> = {};
  for (const channel of channelsOf(request)) inputDataConfig[channel.ChannelName!] = channelConfig(channel, request);
  return {
    hyperparameters: asciiJson({ ...(request.HyperParameters ?? {}) }),
    resourceConfig: asciiJson(resourceConfig(layout)),
    inputDataConfig: asciiJson(inputDataConfig),
  };
}

function checkLayout(layout: ContainerLayout): void {
  const { host, hosts } = layout;
  if (!hosts.includes(host)) throw new TypeError(`host ${JSON.stringify(host)} is not one of the job's hosts (${hosts.join(', ')})`);
  if (new Set(hosts).size !== hosts.length) throw new TypeError(`the job's hosts repeat a name: ${hosts.join(', ')}`);
  for (const [name, n] of [['numCpus', layout.numCpus], ['numGpus', layout.numGpus]] as const) {
    if (!Number.isSafeInteger(n) || n < 0) throw new TypeError(`${name} must be a whole number of at least 0, not ${n}`);
  }
  const resources = layout.request.ResourceConfig;
  const groups = resources?.InstanceGroups;
  const count = groups !== undefined && groups.length > 0 ? groups.reduce((sum, g) => sum + (g.InstanceCount ?? 0), 0) : resources?.InstanceCount;
  if (count !== undefined && count !== hosts.length) {
    throw new TypeError(`the request asks for ${count} instance(s) but the layout has ${hosts.length} host(s)`);
  }
  for (const channel of channelsOf(layout.request)) {
    const name = channel.ChannelName;
    if (name === undefined || !CHANNEL_NAME.test(name) || name === '.' || name === '..') {
      throw new TypeError(`channel name ${JSON.stringify(name)} is not a valid ChannelName ([A-Za-z0-9._-]{1,64})`);
    }
  }
}

function channelsOf(request: CreateTrainingJobCommandInput): Channel[] {
  return request.InputDataConfig ?? [];
}

/**
 * One channel of inputdataconfig.json, keys in SageMaker's order: ContentType only when the channel
 * has one; the channel's InputMode or else the job's (FastFile is written as File); the S3
 * distribution (FullyReplicated for file systems); the record wrapper (the string 'None' by default).
 */
function channelConfig(channel: Channel, request: CreateTrainingJobCommandInput): Record<string, string> {
  const entry: Record<string, string> = {};
  if (channel.ContentType !== undefined) entry['ContentType'] = channel.ContentType;
  const mode = channel.InputMode ?? request.AlgorithmSpecification?.TrainingInputMode ?? 'File';
  entry['TrainingInputMode'] = mode === 'FastFile' ? 'File' : mode;
  entry['S3DistributionType'] = channel.DataSource?.S3DataSource?.S3DataDistributionType ?? 'FullyReplicated';
  entry['RecordWrapperType'] = channel.RecordWrapperType ?? 'None';
  return entry;
}

interface InstanceGroup {
  instance_group_name: string;
  instance_type: string;
  hosts: string[];
}

/**
 * resourceconfig.json as SageMaker writes it (keys in its order). With ResourceConfig.InstanceGroups,
 * hosts go to the groups in the request's order (the first group's count first).
 */
function resourceConfig(layout: ContainerLayout): Record<string, unknown> {
  const resources = layout.request.ResourceConfig;
  const groups: InstanceGroup[] = [];
  if (resources?.InstanceGroups !== undefined && resources.InstanceGroups.length > 0) {
    let next = 0;
    for (const group of resources.InstanceGroups) {
      const count = group.InstanceCount ?? 0;
      groups.push({ instance_group_name: group.InstanceGroupName ?? '', instance_type: group.InstanceType ?? '', hosts: layout.hosts.slice(next, next + count) });
      next += count;
    }
  } else {
    if (resources?.InstanceType === undefined) throw new TypeError('the request has no ResourceConfig.InstanceType');
    groups.push({ instance_group_name: HOMOGENEOUS_CLUSTER, instance_type: resources.InstanceType, hosts: [...layout.hosts] });
  }
  const current = groups.find((g) => g.hosts.includes(layout.host))!;
  return {
    current_host: layout.host,
    current_instance_type: current.instance_type,
    current_group_name: current.instance_group_name,
    hosts: [...layout.hosts],
    instance_groups: groups,
    network_interface_name: NETWORK_INTERFACE,
  };
}

/** The tree-relative checkpoint dir, when CheckpointConfig is set and its LocalPath lies under /opt/ml. */
function checkpointDir(request: CreateTrainingJobCommandInput): string[] | undefined {
  if (request.CheckpointConfig === undefined) return undefined;
  const local = posix.normalize(request.CheckpointConfig.LocalPath ?? DEFAULT_CHECKPOINT_PATH);
  if (!local.startsWith(`${SAGEMAKER_BASE_PATH}/`)) return undefined;
  const parts = local.slice(SAGEMAKER_BASE_PATH.length + 1).split('/').filter((p) => p !== '');
  return parts.length > 0 ? parts : undefined;
}

/** JSON with every character outside ASCII escaped (lone surrogates are escaped by JSON.stringify). */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// ---------------------------------------------------------------------------------------------
// What the toolkit makes of them (environment.Environment and Environment.to_env_vars)

function toolkitVariables(layout: ContainerLayout, files: ConfigFiles, seen: Record<string, string>): [string, string][] {
  const base = layout.basePath;
  const path = (...parts: string[]) => (base.startsWith('/') ? posix.join(base, ...parts) : join(base, ...parts));
  const codeDir = path('code');
  const modelDir = path('model');
  const inputDir = path('input');
  const inputConfigDir = path('input', 'config');
  const outputDir = path('output');
  const outputDataDir = path('output', 'data');
  const outputIntermediateDir = path('output', 'intermediate');

  // read_hyperparameters(): every value json.loads()-ed when it can be.
  const allHyperparameters = new Map<string, Py>();
  for (const [key, value] of asDict(pyLoads(files.hyperparameters))) allHyperparameters.set(key, decodeHyperparameter(value));
  const resource = asDict(pyLoads(files.resourceConfig));
  const inputDataConfig = asDict(pyLoads(files.inputDataConfig));

  // mapping.split_by_criteria(keys=SAGEMAKER_HYPERPARAMETERS, prefix='sagemaker_')
  const sagemakerHps = new Map<string, Py>();
  const hyperparameters = new Map<string, Py>();
  for (const [key, value] of allHyperparameters) {
    (SAGEMAKER_HYPERPARAMETERS.has(key) || key.startsWith('sagemaker_') ? sagemakerHps : hyperparameters).set(key, value);
  }
  const frameworkParams = new Map([...sagemakerHps].filter(([key]) => !SAGEMAKER_HYPERPARAMETERS.has(key)));

  const hosts = resource.get('hosts') ?? [];
  const currentHost = resource.get('current_host') ?? null;
  const currentInstanceType = resource.has('current_instance_type') ? resource.get('current_instance_type')! : 'local';
  const currentInstanceGroup = resource.has('current_group_name') ? resource.get('current_group_name')! : HOMOGENEOUS_CLUSTER;
  const networkInterfaceName = resource.has('network_interface_name') ? resource.get('network_interface_name')! : NETWORK_INTERFACE;
  const topology = resource.has('topology') ? resource.get('topology')! : [];
  const groupsConfig = Array.isArray(resource.get('instance_groups')) ? (resource.get('instance_groups') as Py[]).map(asDict) : [];

  const programEnv = seen['SAGEMAKER_PROGRAM'];
  const moduleNameRaw = programEnv ?? pyStr(sagemakerHps.get('sagemaker_program') ?? null);
  const moduleName = moduleNameRaw !== '' && moduleNameRaw.endsWith('.py') ? moduleNameRaw.slice(0, -3) : moduleNameRaw;
  const userEntryPoint: Py = programEnv !== undefined && programEnv !== '' ? programEnv : (sagemakerHps.get('sagemaker_program') ?? null);
  const moduleDir = pyStr(sagemakerHps.has('sagemaker_submit_directory') ? sagemakerHps.get('sagemaker_submit_directory')! : codeDir);
  const logLevel: Py = sagemakerHps.has('sagemaker_container_log_level') ? sagemakerHps.get('sagemaker_container_log_level')! : new PyInt(BigInt(LOG_LEVEL_INFO));
  const frameworkModule: Py = seen['SAGEMAKER_TRAINING_MODULE'] ?? null;
  const jobName: Py = seen['TRAINING_JOB_NAME'] ?? null;
  const mpParameters = seen['SM_HP_MP_PARAMETERS'];
  const isModelParallelEnabled: Py = mpParameters === undefined ? null : mpParameters === '' ? '' : mpParameters !== '{}';

  const channelInputDirs = new Map<string, Py>([...inputDataConfig.keys()].map((channel) => [channel, path('input', 'data', channel)]));

  // Heterogeneous cluster information (get_current_instance_group_hosts and friends).
  const currentGroupHosts = groupsConfig.find((g) => pyEquals(g.get('instance_group_name') ?? null, currentInstanceGroup))?.get('hosts') ?? [];
  const instanceGroups: Py[] = groupsConfig.map((g) => g.get('instance_group_name') ?? null);
  const instanceGroupsDict = new Map<string, Py>();
  for (const g of groupsConfig) instanceGroupsDict.set(pyStr(g.get('instance_group_name') ?? null), g);
  const distributionInstanceGroups: Py = frameworkParams.has('sagemaker_distribution_instance_groups')
    ? frameworkParams.get('sagemaker_distribution_instance_groups')!
    : DISTRIBUTION_FLAGS.some((flag) => pyTruthy(frameworkParams.get(flag) ?? false))
      ? [currentInstanceGroup]
      : [];
  let distributionHosts: Py[];
  if (groupsConfig.length > 0) {
    distributionHosts = [];
    for (const g of groupsConfig) {
      if (pyContains(distributionInstanceGroups, g.get('instance_group_name') ?? null)) distributionHosts.push(...asList(g.get('hosts') ?? []));
    }
  } else {
    distributionHosts = [...asList(hosts)];
  }
  const masterHostname: Py = distributionHosts.length > 0 ? distributionHosts[0]! : (asList(hosts)[0] ?? null);
  const isMaster = pyEquals(currentHost, masterHostname);
  const numNeurons = typeof currentInstanceType === 'string' && currentInstanceType.includes('trn2.48xlarge') ? 64 : 0;

  const int = (n: number) => new PyInt(BigInt(n));
  const trainingEnv = new Map<string, Py>([
    ['additional_framework_parameters', frameworkParams],
    ['channel_input_dirs', channelInputDirs],
    ['current_host', currentHost],
    ['current_instance_group', currentInstanceGroup],
    ['current_instance_group_hosts', currentGroupHosts],
    ['current_instance_type', currentInstanceType],
    ['distribution_hosts', distributionHosts],
    ['distribution_instance_groups', distributionInstanceGroups],
    ['framework_module', frameworkModule],
    ['hosts', hosts],
    ['hyperparameters', hyperparameters],
    ['input_config_dir', inputConfigDir],
    ['input_data_config', inputDataConfig],
    ['input_dir', inputDir],
    ['instance_groups', instanceGroups],
    ['instance_groups_dict', instanceGroupsDict],
    ['is_hetero', instanceGroups.length > 1],
    ['is_master', isMaster],
    ['is_modelparallel_enabled', isModelParallelEnabled],
    ['is_smddpmprun_installed', false],
    ['is_smddprun_installed', false],
    ['job_name', jobName],
    ['log_level', logLevel],
    ['master_hostname', masterHostname],
    ['model_dir', modelDir],
    ['module_dir', moduleDir],
    ['module_name', moduleName],
    ['network_interface_name', networkInterfaceName],
    ['num_cpus', int(layout.numCpus)],
    ['num_gpus', int(layout.numGpus)],
    ['num_neurons', int(numNeurons)],
    ['output_data_dir', outputDataDir],
    ['output_dir', outputDir],
    ['output_intermediate_dir', outputIntermediateDir],
    ['resource_config', resource],
    ['topology', topology],
    ['user_entry_point', userEntryPoint],
  ]);

  // Environment.to_env_vars(), in its order (a later key of the same upper-cased name wins).
  const env: [string, Py][] = [
    ['hosts', hosts],
    ['network_interface_name', networkInterfaceName],
    ['hps', hyperparameters],
    ['user_entry_point', userEntryPoint],
    ['framework_params', frameworkParams],
    ['resource_config', resource],
    ['input_data_config', inputDataConfig],
    ['output_data_dir', outputDataDir],
    ['channels', [...channelInputDirs.keys()].sort(compareCodePoints)],
    ['current_host', currentHost],
    ['current_instance_type', currentInstanceType],
    ['current_instance_group', currentInstanceGroup],
    ['current_instance_group_hosts', currentGroupHosts],
    ['instance_groups', instanceGroups],
    ['instance_groups_dict', instanceGroupsDict],
    ['distribution_instance_groups', distributionInstanceGroups],
    ['is_hetero', instanceGroups.length > 1],
    ['module_name', moduleName],
    ['log_level', logLevel],
    ['framework_module', frameworkModule],
    ['input_dir', inputDir],
    ['input_config_dir', inputConfigDir],
    ['output_dir', outputDir],
    ['num_cpus', int(layout.numCpus)],
    ['num_gpus', int(layout.numGpus)],
    ['num_neurons', int(numNeurons)],
    ['model_dir', modelDir],
    ['module_dir', moduleDir],
    ['training_env', trainingEnv],
    ['user_args', toCmdArgs(hyperparameters)],
    ['output_intermediate_dir', outputIntermediateDir],
  ];
  if (pyTruthy(topology)) env.push(['topology', topology]);
  for (const [channel, dir] of channelInputDirs) env.push([`channel_${channel}`, dir]);
  for (const [key, value] of hyperparameters) env.push([`hp_${key}`, value]);

  const variables: [string, string][] = env.map(([key, value]) => [`SM_${key.toUpperCase()}`, formatValue(value)]);
  // Set on os.environ by Environment.__init__ itself.
  const jobNameHp = sagemakerHps.get('sagemaker_job_name');
  variables.push(['SAGEMAKER_JOB_NAME', jobNameHp === undefined ? '' : pyStr(jobNameHp)]);
  variables.push(['CURRENT_HOST', pyStr(currentHost)]);
  const regionHp = sagemakerHps.get('sagemaker_region');
  const region = regionHp !== undefined ? regionHp : (seen['AWS_REGION'] ?? null);
  variables.push(['SAGEMAKER_REGION', pyTruthy(region) ? pyStr(region) : '']);
  return variables;
}

function decodeHyperparameter(value: Py): Py {
  if (typeof value !== 'string') return value; // json.loads(non-str) is a TypeError: kept as it is
  try {
    return pyLoads(value);
  } catch (error) {
    if (error instanceof PyDecodeError) return value;
    throw error;
  }
}

/** mapping.to_cmd_args: `--key value` (`-k` for one-letter keys), keys sorted; dicts as `k=v,k=v`. */
function toCmdArgs(hyperparameters: Map<string, Py>): string[] {
  const args: string[] = [];
  for (const key of [...hyperparameters.keys()].sort(compareCodePoints)) {
    const value = hyperparameters.get(key)!;
    args.push(key === '' ? '' : [...key].length > 1 ? `--${key}` : `-${key}`);
    if (value instanceof Map) {
      args.push([...value.keys()].sort(compareCodePoints).map((k) => `${k}=${pyStr(value.get(k)!)}`).join(','));
    } else {
      args.push(value === null ? '' : pyStr(value));
    }
  }
  return args;
}

/** mapping.to_env_vars's format_value: None is '', a str is itself, anything else compact sorted JSON. */
function formatValue(value: Py): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  return pyDumps(value);
}

// ---------------------------------------------------------------------------------------------
// Python values, and Python's json module and str() on them

/** A Python int (exact). */
class PyInt {
  constructor(readonly value: bigint) {}
}
/** A Python float. */
class PyFloat {
  constructor(readonly value: number) {}
}
/** A Python value as json.loads makes it: dicts keep insertion order (a repeated key keeps its first place, last value). */
type Py = null | boolean | string | PyInt | PyFloat | Py[] | Map<string, Py>;

class PyDecodeError extends Error {}

function asDict(value: Py | undefined): Map<string, Py> {
  return value instanceof Map ? value : new Map();
}

function asList(value: Py): Py[] {
  return Array.isArray(value) ? value : [];
}

function pyTruthy(value: Py): boolean {
  if (value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value !== '';
  if (value instanceof PyInt) return value.value !== 0n;
  if (value instanceof PyFloat) return value.value !== 0; // NaN is true, as in Python
  if (Array.isArray(value)) return value.length > 0;
  return value.size > 0;
}

/** `==` for the values compared here (strings, None). */
function pyEquals(a: Py, b: Py): boolean {
  return (typeof a === 'string' || a === null) && a === b;
}

/** `needle in haystack` for a list (equality), a str (substring) or a dict (key); anything else holds nothing. */
function pyContains(haystack: Py, needle: Py): boolean {
  if (Array.isArray(haystack)) return haystack.some((item) => pyEquals(item, needle));
  if (typeof haystack === 'string') return typeof needle === 'string' && haystack.includes(needle);
  if (haystack instanceof Map) return typeof needle === 'string' && haystack.has(needle);
  return false;
}

/** Python's order of str: by code point (JavaScript's default sort compares UTF-16 units). */
function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * json.loads as CPython's C scanner does it: `[ \t\n\r]` whitespace, NaN/Infinity/-Infinity,
 * a number with a fraction or an exponent is a float and any other an int, no trailing commas, no
 * control characters in strings, a leading BOM refused.
 */
function pyLoads(text: string): Py {
  if (text.startsWith('\ufeff')) throw new PyDecodeError('Unexpected UTF-8 BOM');
  const [value, end] = scanValue(text, skipWhitespace(text, 0));
  if (skipWhitespace(text, end) !== text.length) throw new PyDecodeError('Extra data');
  return value;
}

function skipWhitespace(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  return i;
}

const NUMBER = /(-?(?:0|[1-9][0-9]*))(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;

function scanValue(s: string, i: number): [Py, number] {
  const c = s[i];
  if (c === '"') return scanString(s, i + 1);
  if (c === '{') return scanObject(s, i + 1);
  if (c === '[') return scanArray(s, i + 1);
  if (s.startsWith('null', i)) return [null, i + 4];
  if (s.startsWith('true', i)) return [true, i + 4];
  if (s.startsWith('false', i)) return [false, i + 5];
  if (s.startsWith('NaN', i)) return [new PyFloat(NaN), i + 3];
  if (s.startsWith('Infinity', i)) return [new PyFloat(Infinity), i + 8];
  if (s.startsWith('-Infinity', i)) return [new PyFloat(-Infinity), i + 9];
  NUMBER.lastIndex = i;
  const m = NUMBER.exec(s);
  if (m === null) throw new PyDecodeError('Expecting value');
  const end = i + m[0].length;
  if (m[2] !== undefined || m[3] !== undefined) return [new PyFloat(Number(m[0])), end];
  return [new PyInt(BigInt(m[1]!)), end];
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function scanString(s: string, i: number): [string, number] {
  let out = '';
  for (;;) {
    const c = s[i];
    if (c === undefined) throw new PyDecodeError('Unterminated string');
    if (c === '"') return [out, i + 1];
    if (c === '\\') {
      const e = s[i + 1];
      if (e === 'u') {
        const hex = s.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new PyDecodeError('Invalid \\uXXXX escape');
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else if (e !== undefined && Object.hasOwn(ESCAPES, e)) {
        out += ESCAPES[e];
        i += 2;
      } else {
        throw new PyDecodeError('Invalid \\escape');
      }
    } else if (c.charCodeAt(0) < 0x20) {
      throw new PyDecodeError('Invalid control character');
    } else {
      out += c;
      i++;
    }
  }
}

function scanObject(s: string, i: number): [Map<string, Py>, number] {
  const dict = new Map<string, Py>();
  i = skipWhitespace(s, i);
  if (s[i] === '}') return [dict, i + 1];
  for (;;) {
    if (s[i] !== '"') throw new PyDecodeError('Expecting property name enclosed in double quotes');
    const [key, afterKey] = scanString(s, i + 1);
    i = skipWhitespace(s, afterKey);
    if (s[i] !== ':') throw new PyDecodeError("Expecting ':' delimiter");
    const [value, afterValue] = scanValue(s, skipWhitespace(s, i + 1));
    dict.set(key, value);
    i = skipWhitespace(s, afterValue);
    if (s[i] === '}') return [dict, i + 1];
    if (s[i] !== ',') throw new PyDecodeError("Expecting ',' delimiter");
    i = skipWhitespace(s, i + 1);
  }
}

function scanArray(s: string, i: number): [Py[], number] {
  const list: Py[] = [];
  i = skipWhitespace(s, i);
  if (s[i] === ']') return [list, i + 1];
  for (;;) {
    const [value, after] = scanValue(s, i);
    list.push(value);
    i = skipWhitespace(s, after);
    if (s[i] === ']') return [list, i + 1];
    if (s[i] !== ',') throw new PyDecodeError("Expecting ',' delimiter");
    i = skipWhitespace(s, i + 1);
  }
}

/** json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True). */
function pyDumps(value: Py): string {
  if (value === null) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') return jsonAsciiString(value);
  if (value instanceof PyInt) return value.value.toString();
  if (value instanceof PyFloat) {
    if (Number.isNaN(value.value)) return 'NaN';
    if (value.value === Infinity) return 'Infinity';
    if (value.value === -Infinity) return '-Infinity';
    return floatRepr(value.value);
  }
  if (Array.isArray(value)) return `[${value.map(pyDumps).join(',')}]`;
  return `{${[...value.keys()].sort(compareCodePoints).map((key) => `${jsonAsciiString(key)}:${pyDumps(value.get(key)!)}`).join(',')}}`;
}

const JSON_SHORT_ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** json's encode_basestring_ascii: everything outside ' '..'~' escaped, by UTF-16 unit. */
function jsonAsciiString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const code = c.charCodeAt(0);
    if (Object.hasOwn(JSON_SHORT_ESCAPES, c)) out += JSON_SHORT_ESCAPES[c];
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return `${out}"`;
}

/** float.__repr__: the shortest digits that read back, fixed notation for 1e-4 <= |x| < 1e16, else d.ddde+XX. */
function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(x)))!;
  const all = m[1]! + (m[2] ?? '');
  const leading = all.length - all.replace(/^0+/, '').length;
  const digits = all.slice(leading).replace(/0+$/, '');
  const point = m[1]!.length + Number(m[3] ?? 0) - leading; // x = 0.DIGITS * 10^point
  if (point <= -4 || point > 16) {
    const exponent = point - 1;
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** str(value): a str is itself, anything else its repr. */
function pyStr(value: Py): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

function pyRepr(value: Py): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return strRepr(value);
  if (value instanceof PyInt) return value.value.toString();
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${[...value].map(([k, v]) => `${strRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
}

const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** str.__repr__: single quotes unless the text has ' and no ", non-printable characters escaped. */
function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (c === quote || c === '\\') out += `\\${c}`;
    else if (c === '\t') out += '\\t';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code < 0x7f || !NOT_PRINTABLE.test(c)) out += c;
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return out + quote;
}

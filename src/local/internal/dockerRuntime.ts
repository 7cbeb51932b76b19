/**
 * The docker runtime of local mode: the `docker run` argument list for one host of a job, and the
 * probes that tell whether docker (a daemon that answers) and GPUs are there. Internal.
 *
 * ## How SageMaker runs a training container, and what is copied here
 *
 * - **The command.** SageMaker runs `docker run image train`: the image's ENTRYPOINT gets the one
 *   argument `train`, which also overrides the image's CMD. The entry runs as PID 1 (no init,
 *   SageMaker refuses tini as an entry point) and gets SIGTERM, then SIGKILL after the grace time.
 * - **The /opt/ml mounts.** SageMaker mounts `/opt/ml/input`, `/opt/ml/model`, `/opt/ml/output` and the
 *   checkpoint directory, never `/opt/ml` as a whole: an image's own `/opt/ml/code` (where the
 *   training toolkit and most custom images keep the script) must stay visible. The Python SDK's
 *   local mode does the same (one volume per subdirectory). So the job's tree is mounted
 *   subdirectory by subdirectory: `input`, `model`, `output` and every other directory the tree holds
 *   (`checkpoints`, a CheckpointConfig `LocalPath` elsewhere under /opt/ml), except `code` and
 *   hidden ones. A subdirectory the tree lacks (checkpoints without CheckpointConfig) is not
 *   in the container, as on SageMaker. The caller creates `input`, `model` and `output` first
 *   (docker would create a missing one, owned by root).
 * - **Hosts and networking.** Each host is a container named `--name`, with `--hostname algo-N`.
 *   With a user-defined `network` (one per job, created by the caller) the container also gets
 *   `--network-alias algo-N`, so `algo-1` resolves from `algo-2` as on SageMaker's cluster (the
 *   Python SDK uses one compose network, `sagemaker-local`, with the host name as alias). On the
 *   default bridge network containers cannot resolve each other by name.
 * - **GPUs.** `--gpus all` when the instance type has GPUs and the host can give them. This is
 *   what the Python SDK's compose file asks for (`deploy.resources.reservations.devices:
 *   [{count: all, capabilities: [gpu]}]`), which replaced its older `runtime: nvidia`: that one
 *   fails with "Unknown runtime specified nvidia" on hosts with the NVIDIA container toolkit
 *   but without a registered `nvidia` runtime. All of the host's GPUs are given, whatever the
 *   instance type's count (the SDK does the same).
 * - **Removal.** `--rm`: the container is removed when it exits (the SDK leaves compose
 *   containers behind). No `-t` (a TTY would merge stderr into stdout and turn off the signal
 *   proxy) and no `-i`.
 *
 * ## The environment, and why neither `-e KEY=VALUE` nor `--env-file`
 *
 * The Python SDK writes every variable as `KEY=VALUE` into the `docker-compose.yaml` it leaves in
 * its temporary folder (AWS credentials included; it only masks them in its log). Here each
 * variable is passed as `-e KEY` (no value): the docker client reads the value from its own
 * environment (`opts.ValidateEnv`: a bare name is looked up with `os.LookupEnv`) and sends it to
 * the daemon over the API. Values therefore never appear in `ps`, are never written to disk, and
 * survive byte for byte whatever they contain (spaces, quotes, `=`, newlines, `$`). `--env-file`
 * was rejected: it is line-based (a value cannot hold a newline, quotes are kept literally) and
 * it puts the secrets in a file. The caller spawns docker with {@link dockerRunEnv}.
 *
 * One exception: a name the docker client itself reads (`PATH`, `HOME`, `TMPDIR`, `DOCKER_*`,
 * the proxy variables, ...; see {@link isDockerClientVariable}) cannot be put in the client's
 * environment without changing the client (a job's `DOCKER_HOST` would point the client at
 * another daemon, its `PATH` would change where `docker` is found). Such a variable is passed as
 * `-e KEY=VALUE`, so it is visible in `ps`: do not keep secrets in those names.
 *
 * ## Signals
 *
 * `docker run` proxies the signals it gets (SIGTERM, SIGINT, ...) to the container's PID 1
 * (`--sig-proxy`, on by default without a TTY). SIGKILL cannot be proxied: a `docker run` client
 * killed with SIGKILL leaves its container running. Stop a container by name (`docker stop -t
 * <grace> <name>` as StopTrainingJob does, or `docker kill <name>`), never only by killing the
 * client.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { isAbsolute } from 'node:path';

/** The subdirectories of a job's tree always mounted at `/opt/ml/<name>`, as SageMaker mounts them. */
const ALWAYS_MOUNTED = ['input', 'model', 'output'];
/** Never mounted: the image's own `/opt/ml/code` must stay visible. */
const NEVER_MOUNTED = new Set(['code']);

/** A bind mount of a host path into the container. */
export interface DockerMount {
  /** An absolute path on the host. */
  hostPath: string;
  /** An absolute path in the container. */
  containerPath: string;
  /** Mounted read-only (`:ro`). */
  readOnly?: boolean;
}

/** What {@link dockerRunArgs} needs for one host of a job. */
export interface DockerRunOptions {
  /** The training image, as in `AlgorithmSpecification.TrainingImage`. */
  image: string;
  /** The container's name (`[a-zA-Z0-9][a-zA-Z0-9_.-]*`, docker's rule), unique on the daemon. */
  containerName: string;
  /**
   * The host's tree standing for `/opt/ml` (absolute). Its `input`, `model` and `output` (which
   * must exist) and every other directory in it but `code` and hidden ones are mounted at
   * `/opt/ml/<name>`: the tree is read when the argv is made.
   */
  treeDir: string;
  /** More bind mounts, after the tree's (a `file://` channel, a checkpoint `LocalPath`). */
  extraMounts?: readonly DockerMount[];
  /**
   * The container's environment. Names follow SageMaker's rule for `Environment` keys
   * (`[a-zA-Z_][a-zA-Z0-9_]*`); values are any string without NUL. The values are not in the
   * returned argv: spawn docker with {@link dockerRunEnv}.
   */
  environment: Readonly<Record<string, string>>;
  /** GPUs the container gets: 0 none; more than 0 `--gpus all`. */
  gpus: number;
  /** The host name in the cluster (`algo-1`, `algo-2`, ...). */
  hostname: string;
  /** A user-defined docker network to join, with `hostname` as its alias on it. */
  network?: string;
  /** Labels (`--label KEY=VALUE`), e.g. the job's name, so a leftover container can be found. */
  labels?: Readonly<Record<string, string>>;
}

/**
 * A name `docker run -e NAME` passes on: anything without `=`, NUL or white space. SageMaker's
 * Environment rule is stricter, but the training toolkit's own names are not (`SM_HP_MODEL-NAME`
 * for a hyperparameter `model-name`), and a container receives them.
 */
const ENV_NAME = /^[^=\s\0]+$/;
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const HOSTNAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const NETWORK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Names, besides the `DOCKER_`, `LD_` and `OTEL_` prefixes, that the docker client reads. */
const CLIENT_NAMES = new Set([
  'PATH',
  'HOME',
  'TMPDIR',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'ALL_PROXY',
  'REQUEST_METHOD',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'GODEBUG',
  'GOGC',
  'GOMAXPROCS',
  'GOMEMLIMIT',
  'GOTRACEBACK',
  'NOTARY_AUTH',
]);

/**
 * Whether the docker client itself reads the variable `name` (so it cannot travel through the
 * client's environment to the container, see {@link dockerRunArgs}): `PATH`, `HOME`, `TMPDIR`,
 * every `DOCKER_*`, `LD_*` and `OTEL_*`, the proxy variables in either case (`HTTP_PROXY`,
 * `https_proxy`, ...), the Go runtime's and TLS's (`GODEBUG`, `SSL_CERT_FILE`, ...).
 *
 * @example
 * ```ts
 * isDockerClientVariable('DOCKER_HOST'); // true
 * isDockerClientVariable('https_proxy'); // true
 * isDockerClientVariable('SM_MODEL_DIR'); // false
 * ```
 */
export function isDockerClientVariable(name: string): boolean {
  const upper = name.toUpperCase();
  if (upper.startsWith('DOCKER_') || upper.startsWith('LD_') || upper.startsWith('OTEL_')) return true;
  if (CLIENT_NAMES.has(name)) return true;
  // Go's proxy lookup reads both spellings; the rest are upper case only.
  return /_PROXY$/.test(upper) && CLIENT_NAMES.has(upper) && name === name.toLowerCase();
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new TypeError(`dockerRunArgs: ${what} must be a string, got ${typeof value}`);
  if (value.includes('\0')) throw new TypeError(`dockerRunArgs: ${what} contains a NUL character`);
  return value;
}

function checkedPath(value: unknown, what: string): string {
  const path = requireString(value, what);
  if (!isAbsolute(path)) throw new TypeError(`dockerRunArgs: ${what} must be an absolute path, got ${JSON.stringify(path)} (docker takes a relative one for a named volume)`);
  return path;
}

/** One field of docker's `--mount` value, quoted as its CSV reader needs. */
function csvField(field: string): string {
  return /[",\r\n]/.test(field) || /^\s|\s$/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** The argv for one bind mount: `-v host:container[:ro]`, or `--mount` when a path has a `:`. */
function mountArgs(mount: DockerMount, what: string): string[] {
  const host = checkedPath(mount.hostPath, `${what}.hostPath`);
  const container = checkedPath(mount.containerPath, `${what}.containerPath`);
  if (!host.includes(':') && !container.includes(':')) return ['-v', `${host}:${container}${mount.readOnly === true ? ':ro' : ''}`];
  const fields = ['type=bind', `source=${host}`, `target=${container}`, ...(mount.readOnly === true ? ['readonly'] : [])];
  return ['--mount', fields.map(csvField).join(',')];
}

/** The subdirectories of `treeDir` to mount: input, model, output, then the others it has, sorted. */
function treeSubdirectories(treeDir: string): string[] {
  const others: string[] = [];
  try {
    for (const entry of readdirSync(treeDir, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && !NEVER_MOUNTED.has(entry.name) && !ALWAYS_MOUNTED.includes(entry.name)) others.push(entry.name);
    }
  } catch {
    // A tree not made yet: docker creates what it mounts.
  }
  return [...ALWAYS_MOUNTED, ...others.sort()];
}

/**
 * The argv (without `docker`) of `docker run` for one host of a job, as SageMaker runs a training
 * container: `run --rm --name <name> --hostname <host> [--network <net> --network-alias <host>]
 * [--gpus all] [--label K=V]... -v <tree>/input:/opt/ml/input ... (each subdirectory of the
 * tree but `code`) [extra mounts] -e KEY ...
 * <image> train`. No shell is involved anywhere: pass the array to `spawn` as it is.
 *
 * Each variable is `-e KEY`: its value comes from the docker client's environment, so it is
 * never in `ps` and survives any content. Spawn docker with `env: dockerRunEnv(environment)`.
 * The few names the docker client reads itself ({@link isDockerClientVariable}) are passed as
 * `-e KEY=VALUE` instead.
 *
 * Throws a `TypeError` for an option docker would misread or refuse: a variable name outside
 * `[a-zA-Z_][a-zA-Z0-9_]*`, a NUL in a value, a relative path, an image, container name,
 * host name or network that is empty, starts with `-` or has characters docker refuses.
 *
 * @example
 * ```ts
 * import { spawn } from 'node:child_process';
 *
 * const environment = { SM_CURRENT_HOST: 'algo-1', WANDB_API_KEY: 'secret' };
 * const args = dockerRunArgs({
 *   image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/trainer:1',
 *   containerName: 'sm-local-my-job-algo-1',
 *   treeDir: '/home/ada/.cache/sagemaker-bench/local/jobs/my-job/algo-1',
 *   environment,
 *   gpus: 0,
 *   hostname: 'algo-1',
 * });
 * // ['run', '--rm', '--name', 'sm-local-my-job-algo-1', '--hostname', 'algo-1',
 * //  '-v', '/home/ada/.../algo-1/input:/opt/ml/input', ..., '-e', 'SM_CURRENT_HOST',
 * //  '-e', 'WANDB_API_KEY', '123456789012.dkr.ecr.us-east-1.amazonaws.com/trainer:1', 'train']
 * const child = spawn('docker', args, { env: dockerRunEnv(environment), stdio: ['ignore', 'pipe', 'pipe'] });
 * ```
 */
export function dockerRunArgs(options: DockerRunOptions): string[] {
  const image = requireString(options.image, 'image');
  if (image === '' || image.startsWith('-') || /\s/.test(image)) throw new TypeError(`dockerRunArgs: image ${JSON.stringify(image)} is not an image reference`);
  const name = requireString(options.containerName, 'containerName');
  if (!CONTAINER_NAME.test(name)) throw new TypeError(`dockerRunArgs: containerName ${JSON.stringify(name)} is not a valid container name (docker allows [a-zA-Z0-9][a-zA-Z0-9_.-]*)`);
  const hostname = requireString(options.hostname, 'hostname');
  if (!HOSTNAME.test(hostname)) throw new TypeError(`dockerRunArgs: hostname ${JSON.stringify(hostname)} is not a host name`);
  const treeDir = checkedPath(options.treeDir, 'treeDir').replace(/(?<=.)\/+$/, '');
  if (!Number.isInteger(options.gpus) || options.gpus < 0) throw new TypeError(`dockerRunArgs: gpus must be a whole number of 0 or more, got ${String(options.gpus)}`);

  const args = ['run', '--rm', '--name', name, '--hostname', hostname];
  if (options.network !== undefined) {
    const network = requireString(options.network, 'network');
    if (!NETWORK_NAME.test(network)) throw new TypeError(`dockerRunArgs: network ${JSON.stringify(network)} is not a network name`);
    args.push('--network', network, '--network-alias', hostname);
  }
  if (options.gpus > 0) args.push('--gpus', 'all');
  for (const [key, value] of Object.entries(options.labels ?? {})) {
    requireString(value, `labels.${key}`);
    if (key === '' || key.includes('=') || key.includes('\0')) throw new TypeError(`dockerRunArgs: label name ${JSON.stringify(key)} is not valid`);
    args.push('--label', `${key}=${value}`);
  }
  for (const sub of treeSubdirectories(treeDir)) args.push(...mountArgs({ hostPath: `${treeDir}/${sub}`, containerPath: `/opt/ml/${sub}` }, `treeDir (${sub})`));
  (options.extraMounts ?? []).forEach((mount, i) => args.push(...mountArgs(mount, `extraMounts[${i}]`)));
  for (const [key, value] of Object.entries(options.environment)) {
    if (!ENV_NAME.test(key)) throw new TypeError(`dockerRunArgs: environment variable name ${JSON.stringify(key)} is not one docker can pass (no =, white space or NUL)`);
    requireString(value, `environment.${key}`);
    args.push('-e', isDockerClientVariable(key) ? `${key}=${value}` : key);
  }
  args.push(image, 'train');
  return args;
}

/**
 * The environment to spawn `docker run` with, for the argv of {@link dockerRunArgs} with the same
 * `environment`: `base` (the runner's own environment by default, so the client finds its
 * configuration and daemon) with every variable of the container set, except the names the
 * docker client reads itself, which keep `base`'s values (they travel in the argv instead).
 *
 * @example
 * ```ts
 * const environment = { SM_HPS: '{"lr": "0.1"}', PATH: '/opt/conda/bin:/usr/bin' };
 * const env = dockerRunEnv(environment);
 * // env.SM_HPS === '{"lr": "0.1"}'; env.PATH is still the runner's PATH
 * spawn('docker', dockerRunArgs({ ...host, environment }), { env });
 * ```
 */
export function dockerRunEnv(environment: Readonly<Record<string, string>>, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [key, value] of Object.entries(environment)) if (!isDockerClientVariable(key)) env[key] = value;
  return env;
}

/** How the probes run their commands. */
export interface DockerProbeOptions {
  /** The docker executable: a name looked up on `env.PATH`, or a path. Default `docker`. */
  docker?: string;
  /** The longest wait for an answer, in milliseconds (default 3000); a probe still running is killed. */
  timeoutMs?: number;
  /** Aborting stops the probe; its answer is then "no". */
  signal?: AbortSignal;
  /** The environment of the probed commands (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

interface ProbeResult {
  code: number | null;
  stdout: string;
}

const MAX_PROBE_OUTPUT = 1024 * 1024;

/**
 * Runs `file args` without a shell and resolves with its exit code and stdout, or `undefined`
 * when it cannot start, runs over `timeoutMs` or is aborted (the process is then killed).
 * Never rejects.
 */
function probe(file: string, args: readonly string[], options: DockerProbeOptions): Promise<ProbeResult | undefined> {
  const timeoutMs = options.timeoutMs ?? 3000;
  return new Promise((resolve) => {
    if (options.signal?.aborted === true) return resolve(undefined);
    let settled = false;
    let stdout = '';
    const finish = (result: ProbeResult | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (result === undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      resolve(result);
    };
    const onAbort = () => finish(undefined);
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'ignore'], shell: false });
    } catch {
      return resolve(undefined);
    }
    const timer = setTimeout(() => finish(undefined), Math.max(0, timeoutMs));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      if (stdout.length < MAX_PROBE_OUTPUT) stdout += chunk;
    });
    child.on('error', () => finish(undefined));
    // 'close' waits for stdout to end (all output read); a grandchild holding it open is cut by the timer.
    child.on('close', (code) => finish({ code, stdout }));
  });
}

/**
 * Whether a docker daemon answers: `docker version --format {{.Server.Version}}` exits 0 and
 * prints a version within `timeoutMs` (default 3000). A client without a daemon exits 1 with
 * "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon
 * running?"; a missing client, a hung one (killed at the timeout) and an abort are `false` too.
 * Never throws. The docker binary is looked up on PATH unless `options.docker` names one.
 *
 * @example
 * ```ts
 * const runtime = (await dockerDaemonAvailable({ timeoutMs: 2000 })) ? 'docker' : 'process';
 * ```
 */
export async function dockerDaemonAvailable(options: DockerProbeOptions = {}): Promise<boolean> {
  const result = await probe(options.docker ?? 'docker', ['version', '--format', '{{.Server.Version}}'], options);
  return result !== undefined && result.code === 0 && result.stdout.trim() !== '';
}

/** Options of {@link hostGpuCount}. */
export interface HostGpuOptions extends DockerProbeOptions {
  /** The nvidia-smi executable: a name looked up on `env.PATH`, or a path. Default `nvidia-smi`. */
  nvidiaSmi?: string;
}

/**
 * How many GPUs the host can give to containers: the GPUs `nvidia-smi -L` lists (lines
 * `GPU <n>: ...`); when nvidia-smi is missing or fails, 1 if `docker info` lists an `nvidia`
 * runtime (there is at least one, the count is unknown), else 0. Each command gets `timeoutMs`
 * (default 3000). Never throws.
 *
 * It does not check that docker can reach them: a host with a driver but without the NVIDIA
 * container toolkit counts its GPUs, and `docker run --gpus all` then fails with "could not
 * select device driver".
 *
 * @example
 * ```ts
 * const instanceGpus = 4; // ml.g5.12xlarge
 * const gpus = Math.min(instanceGpus, await hostGpuCount());
 * dockerRunArgs({ ...host, gpus });
 * ```
 */
export async function hostGpuCount(options: HostGpuOptions = {}): Promise<number> {
  const smi = await probe(options.nvidiaSmi ?? 'nvidia-smi', ['-L'], options);
  if (smi !== undefined && smi.code === 0) {
    const count = smi.stdout.split(/\r?\n/).filter((line) => /^GPU \d+:/.test(line)).length;
    if (count > 0) return count;
  }
  if (options.signal?.aborted === true) return 0;
  const info = await probe(options.docker ?? 'docker', ['info', '--format', '{{json .Runtimes}}'], options);
  if (info === undefined || info.code !== 0) return 0;
  try {
    const runtimes: unknown = JSON.parse(info.stdout);
    return runtimes !== null && typeof runtimes === 'object' && Object.keys(runtimes).some((name) => name === 'nvidia' || name.startsWith('nvidia')) ? 1 : 0;
  } catch {
    return 0;
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dockerDaemonAvailable, dockerRunArgs, dockerRunEnv, hostGpuCount, isDockerClientVariable, type DockerRunOptions } from '../../src/local/internal/dockerRuntime';

const STAND_IN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../support/bin');
const STAND_IN = join(STAND_IN_DIR, 'docker');
const NO_DAEMON = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';

/** Values a job's Environment may hold and a shell or a line-based format would damage. */
const HOSTILE: Record<string, string> = {
  SPACES: '  two  spaces  ',
  QUOTES: `it's "quoted" \\"escaped\\"`,
  NEWLINES: 'line one\nline two\r\n\nlast',
  EQUALS: 'a=b==c=',
  SHELL: '$(touch /tmp/pwned) `id` ${HOME} $PATH; rm -rf / && echo | cat > x',
  DASHES: '--rm -e X=1',
  EMPTY: '',
  UNICODE: 'héllo wörld ✓ 你好',
  JSON: '{"lr": "0.1", "layers": [1, 2]}',
  GLOB: '* ? [a-z] ~ !',
};

let dir: string;
let logFile: string;
let tree: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  chmodSync(STAND_IN, 0o755);
  dir = mkdtempSync(join(tmpdir(), 'sm-bench-docker-'));
  logFile = join(dir, 'docker.log');
  tree = join(dir, 'jobs', 'my-job', 'algo-1');
  for (const sub of ['input/config', 'input/data', 'model', 'output/data', 'checkpoints']) mkdirSync(join(tree, sub), { recursive: true });
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  const containers = `${logFile}.containers`;
  if (existsSync(containers)) {
    for (const file of readdirSync(containers)) {
      try {
        process.kill((JSON.parse(readFileSync(join(containers, file), 'utf8')) as { pid: number }).pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The environment of a test's docker calls: the stand-in first on PATH, node findable. */
function testEnv(mode: 'ok' | 'no-daemon' | 'hang', extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: `${STAND_IN_DIR}:${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: dir,
    FAKE_DOCKER_LOG: logFile,
    FAKE_DOCKER_MODE: mode,
    ...extra,
  };
}

interface Invocation {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  pid: number;
}

const invocations = (): Invocation[] =>
  existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Invocation) : [];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawns `docker args` (no shell) and resolves when it exits; `onStdout` sees its output as it comes. */
function docker(args: readonly string[], env: NodeJS.ProcessEnv, onStdout?: (text: string, child: ChildProcess) => void): Promise<Run> & { child: ChildProcess } {
  const child = spawn('docker', args, { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    onStdout?.(stdout, child);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<Run>((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
  return Object.assign(done, { child });
}

/**
 * A node script standing for the image: it writes what the container saw (argv, environment,
 * cwd) to `$SAGEMAKER_BASE_DIR/output/seen.json`, prints `ready`, and then per `behaviour` exits 0,
 * waits for SIGTERM (writes `output/signal`, exits 42), or ignores SIGTERM.
 */
function imageScript(behaviour: 'exit' | 'term' | 'ignore-term'): string {
  const file = join(dir, `image-${behaviour}.cjs`);
  writeFileSync(
    file,
    `const fs = require('node:fs');
const out = require('node:path').join(process.env.SAGEMAKER_BASE_DIR, 'output');
fs.writeFileSync(out + '/seen.json', JSON.stringify({ argv: process.argv.slice(2), env: process.env, cwd: process.cwd() }));
const behaviour = ${JSON.stringify(behaviour)};
if (behaviour === 'term') process.on('SIGTERM', () => { fs.writeFileSync(out + '/signal', 'SIGTERM'); process.exit(42); });
if (behaviour === 'ignore-term') process.on('SIGTERM', () => fs.writeFileSync(out + '/signal', 'SIGTERM ignored'));
process.stdout.write('ready\\n');
if (behaviour !== 'exit') setInterval(() => {}, 1000);
`,
  );
  return JSON.stringify([process.execPath, file]);
}

const seen = () => JSON.parse(readFileSync(join(tree, 'output', 'seen.json'), 'utf8')) as { argv: string[]; env: Record<string, string>; cwd: string };

const cpuHost = (overrides: Partial<DockerRunOptions> = {}): DockerRunOptions => ({
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/trainer:1.0',
  containerName: 'sm-local-my-job-algo-1',
  treeDir: tree,
  environment: { SM_CURRENT_HOST: 'algo-1', TRAINING_JOB_NAME: 'my-job' },
  gpus: 0,
  hostname: 'algo-1',
  ...overrides,
});

describe('dockerRunArgs', () => {
  it('runs a CPU host as SageMaker does: removed afterwards, named, /opt/ml mounted, the image given `train`', () => {
    expect(dockerRunArgs(cpuHost())).toEqual([
      'run',
      '--rm',
      '--name',
      'sm-local-my-job-algo-1',
      '--hostname',
      'algo-1',
      '-v',
      `${tree}/input:/opt/ml/input`,
      '-v',
      `${tree}/model:/opt/ml/model`,
      '-v',
      `${tree}/output:/opt/ml/output`,
      '-v',
      `${tree}/checkpoints:/opt/ml/checkpoints`,
      '-e',
      'SM_CURRENT_HOST',
      '-e',
      'TRAINING_JOB_NAME',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/trainer:1.0',
      'train',
    ]);
  });

  it('mounts the subdirectories of the tree, not /opt/ml itself, so the image keeps its /opt/ml/code', () => {
    const args = dockerRunArgs(cpuHost());
    expect(args.filter((arg) => arg.endsWith(':/opt/ml'))).toEqual([]);
    expect(args.some((arg) => arg.includes('/opt/ml/code'))).toBe(false);
  });

  it('mounts the other directories of the tree (a checkpoint LocalPath) but never code/, and no checkpoints/ the tree lacks', () => {
    rmSync(join(tree, 'checkpoints'), { recursive: true });
    for (const sub of ['code', 'my-checkpoints', '.state']) mkdirSync(join(tree, sub));
    writeFileSync(join(tree, 'notes.txt'), 'a file, not a directory');
    const mounts = dockerRunArgs(cpuHost()).filter((arg, i, args) => args[i - 1] === '-v');
    expect(mounts).toEqual(['input', 'model', 'output', 'my-checkpoints'].map((sub) => `${tree}/${sub}:/opt/ml/${sub}`));
  });

  it('gives a GPU instance the host GPUs with --gpus all, and a CPU instance none', () => {
    const gpu = dockerRunArgs(cpuHost({ gpus: 4 }));
    const at = gpu.indexOf('--gpus');
    expect(gpu[at + 1]).toBe('all');
    expect(at).toBeLessThan(gpu.indexOf(cpuHost().image));
    expect(gpu.filter((arg) => arg === '--gpus')).toHaveLength(1);
    expect(dockerRunArgs(cpuHost({ gpus: 0 }))).not.toContain('--gpus');
    expect(dockerRunArgs(cpuHost({ gpus: 0 })).some((arg) => /nvidia|gpu/i.test(arg))).toBe(false);
  });

  it('puts the names of the variables in the argv and never their values', () => {
    const args = dockerRunArgs(cpuHost({ environment: HOSTILE }));
    for (const [name, value] of Object.entries(HOSTILE)) {
      expect(args[args.indexOf(name) - 1]).toBe('-e');
      if (value.length > 1) expect(args.some((arg) => arg.includes(value))).toBe(false);
    }
    expect(args.slice(-2)).toEqual([cpuHost().image, 'train']);
  });

  it('passes the variables the docker client reads itself as KEY=VALUE, and leaves the client their own values', () => {
    const environment = { PATH: '/opt/conda/bin:/usr/bin', DOCKER_HOST: 'tcp://elsewhere:2375', https_proxy: 'http://proxy:3128', SM_MODEL_DIR: '/opt/ml/model' };
    const args = dockerRunArgs(cpuHost({ environment }));
    expect(args).toContain('PATH=/opt/conda/bin:/usr/bin');
    expect(args).toContain('DOCKER_HOST=tcp://elsewhere:2375');
    expect(args).toContain('https_proxy=http://proxy:3128');
    expect(args).toContain('SM_MODEL_DIR');
    const env = dockerRunEnv(environment, { PATH: '/usr/local/bin:/usr/bin', HOME: '/home/ada' });
    expect(env).toEqual({ PATH: '/usr/local/bin:/usr/bin', HOME: '/home/ada', SM_MODEL_DIR: '/opt/ml/model' });
  });

  it.each([
    ['DOCKER_HOST', true],
    ['DOCKER_CONFIG', true],
    ['LD_PRELOAD', true],
    ['HTTPS_PROXY', true],
    ['no_proxy', true],
    ['HOME', true],
    ['SM_HPS', false],
    ['AWS_SECRET_ACCESS_KEY', false],
    ['GOOGLE_APPLICATION_CREDENTIALS', false],
    ['path', false],
  ])('tells that the docker client reads %s: %s', (name, expected) => {
    expect(isDockerClientVariable(name)).toBe(expected);
  });

  it('joins a job network under its host name, so algo-2 reaches algo-1 by name', () => {
    const args = dockerRunArgs(cpuHost({ network: 'sm-local-my-job', hostname: 'algo-2', containerName: 'sm-local-my-job-algo-2' }));
    expect(args.slice(2, 10)).toEqual(['--name', 'sm-local-my-job-algo-2', '--hostname', 'algo-2', '--network', 'sm-local-my-job', '--network-alias', 'algo-2']);
  });

  it('labels the container when asked, so a leftover one can be found', () => {
    const args = dockerRunArgs(cpuHost({ labels: { 'sagemaker-bench.job': 'my-job' } }));
    expect(args[args.indexOf('--label') + 1]).toBe('sagemaker-bench.job=my-job');
  });

  it('adds extra mounts after the tree, read-only when asked, and uses --mount for a path with a colon', () => {
    const args = dockerRunArgs(
      cpuHost({
        extraMounts: [
          { hostPath: '/data/train', containerPath: '/opt/ml/input/data/train', readOnly: true },
          { hostPath: '/data/a:b,"c"', containerPath: '/opt/ml/input/data/odd' },
        ],
      }),
    );
    expect(args).toContain('/data/train:/opt/ml/input/data/train:ro');
    expect(args[args.indexOf('--mount') + 1]).toBe('type=bind,"source=/data/a:b,""c""",target=/opt/ml/input/data/odd');
    expect(args.indexOf('/data/train:/opt/ml/input/data/train:ro')).toBeGreaterThan(args.indexOf(`${tree}/checkpoints:/opt/ml/checkpoints`));
  });

  it.each<[string, Partial<DockerRunOptions>]>([
    ['a variable name with white space', { environment: { 'A B': '1' } }],
    ['a variable name with =', { environment: { 'A=B': '1' } }],
    ['an empty variable name', { environment: { '': '1' } }],
    ['a NUL in a value', { environment: { A: 'x\0y' } }],
    ['a relative tree', { treeDir: 'jobs/my-job/algo-1' }],
    ['a relative extra mount', { extraMounts: [{ hostPath: 'data', containerPath: '/opt/ml/input/data/train' }] }],
    ['an image that looks like a flag', { image: '--privileged' }],
    ['an empty image', { image: '' }],
    ['a container name with a space', { containerName: 'my job' }],
    ['a host name that looks like a flag', { hostname: '--net=host' }],
    ['a negative GPU count', { gpus: -1 }],
    ['a fractional GPU count', { gpus: 0.5 }],
    ['a network that looks like a flag', { network: '-v' }],
  ])('refuses %s', (_, overrides) => {
    expect(() => dockerRunArgs(cpuHost(overrides))).toThrow(TypeError);
  });
});

describe('the stand-in docker running dockerRunArgs', () => {
  it('delivers hostile values byte for byte to the container, with the tree as SAGEMAKER_BASE_DIR and `train` as argument', async () => {
    const environment = { ...HOSTILE, PATH: '/opt/conda/bin:/usr/bin', DOCKER_HOST: 'tcp://elsewhere:2375', SM_CURRENT_HOST: 'algo-1' };
    const base = testEnv('ok', { FAKE_DOCKER_TRAIN: imageScript('exit') });
    const run = await docker(dockerRunArgs(cpuHost({ environment })), dockerRunEnv(environment, base));
    expect(run).toMatchObject({ code: 0, stdout: 'ready\n' });
    const container = seen();
    for (const [name, value] of Object.entries(environment)) expect(container.env[name]).toBe(value);
    expect(container.env['SAGEMAKER_BASE_DIR']).toBe(tree);
    expect(container.env['HOSTNAME']).toBe('algo-1');
    expect(container.env['FAKE_DOCKER_LOG']).toBeUndefined();
    expect(container.argv).toEqual(['train']);
    const [call] = invocations();
    expect(call?.env['DOCKER_HOST']).toBeUndefined();
    expect(call?.env['PATH']).toBe(base['PATH']);
    expect(call?.env['NEWLINES']).toBe(HOSTILE['NEWLINES']);
  });

  it('records the argv, environment and working directory of every call', async () => {
    const args = dockerRunArgs(cpuHost());
    const env = dockerRunEnv(cpuHost().environment, testEnv('ok', { FAKE_DOCKER_TRAIN: imageScript('exit') }));
    await docker(args, env);
    await docker(['version', '--format', '{{.Server.Version}}'], env);
    const calls = invocations();
    expect(calls.map((call) => call.argv)).toEqual([args, ['version', '--format', '{{.Server.Version}}']]);
    expect(calls[0]?.cwd).toBe(dir);
    expect(calls[0]?.env['SM_CURRENT_HOST']).toBe('algo-1');
    expect(calls[0]?.pid).toBeGreaterThan(0);
  });

  it('mounts a tree whose path has a colon and a comma through --mount', async () => {
    const odd = join(dir, 'a:b,c', 'algo-1');
    for (const sub of ['input', 'model', 'output', 'checkpoints']) mkdirSync(join(odd, sub), { recursive: true });
    tree = odd;
    const run = await docker(dockerRunArgs(cpuHost({ treeDir: odd })), testEnv('ok', { FAKE_DOCKER_TRAIN: imageScript('exit') }));
    expect(run.code).toBe(0);
    expect(seen().env['SAGEMAKER_BASE_DIR']).toBe(odd);
  });

  it('forwards SIGTERM to the training command and exits with its exit code', async () => {
    const run = docker(dockerRunArgs(cpuHost()), testEnv('ok', { FAKE_DOCKER_TRAIN: imageScript('term') }), (stdout, child) => {
      if (stdout === 'ready\n') child.kill('SIGTERM');
    });
    expect((await run).code).toBe(42);
    expect(readFileSync(join(tree, 'output', 'signal'), 'utf8')).toBe('SIGTERM');
    expect(existsSync(join(`${logFile}.containers`, 'sm-local-my-job-algo-1.json'))).toBe(false);
  });

  it('stops a container by name: SIGTERM, then SIGKILL after the grace time, and the run exits 137', async () => {
    const env = testEnv('ok', { FAKE_DOCKER_TRAIN: imageScript('ignore-term') });
    let stop: Promise<Run> | undefined;
    const started = Date.now();
    const run = docker(dockerRunArgs(cpuHost()), env, (stdout) => {
      if (stdout === 'ready\n') stop = docker(['stop', '-t', '1', 'sm-local-my-job-algo-1'], env);
    });
    expect((await run).code).toBe(137);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(await stop).toMatchObject({ code: 0, stdout: 'sm-local-my-job-algo-1\n' });
    expect(readFileSync(join(tree, 'output', 'signal'), 'utf8')).toBe('SIGTERM ignored');
    expect(invocations().map((call) => call.argv[0])).toEqual(['run', 'stop']);
  });

  it('kills a container by name at once', async () => {
    const env = testEnv('ok', { FAKE_DOCKER_TRAIN: imageScript('ignore-term') });
    let kill: Promise<Run> | undefined;
    const run = docker(dockerRunArgs(cpuHost()), env, (stdout) => {
      if (stdout === 'ready\n') kill = docker(['kill', 'sm-local-my-job-algo-1'], env);
    });
    expect((await run).code).toBe(137);
    expect((await kill)?.code).toBe(0);
    expect(existsSync(join(tree, 'output', 'signal'))).toBe(false);
  });

  it('answers a stop of a container that is not running as the daemon does', async () => {
    const run = await docker(['stop', 'nobody'], testEnv('ok'));
    expect(run).toMatchObject({ code: 1, stderr: 'Error response from daemon: No such container: nobody\n' });
  });

  it('refuses a second container with the name of a running one', async () => {
    const env = testEnv('ok', { FAKE_DOCKER_TRAIN: imageScript('term') });
    let second: Promise<Run> | undefined;
    const first = docker(dockerRunArgs(cpuHost()), env, (stdout, child) => {
      if (stdout === 'ready\n') second = docker(dockerRunArgs(cpuHost()), env).finally(() => child.kill('SIGTERM'));
    });
    expect((await first).code).toBe(42);
    const refused = await second;
    expect(refused?.code).toBe(125);
    expect(refused?.stderr).toContain('Conflict. The container name "/sm-local-my-job-algo-1" is already in use');
  });

  it('fails --gpus on a host without the NVIDIA runtime and runs with it', async () => {
    const args = dockerRunArgs(cpuHost({ gpus: 1 }));
    const without = await docker(args, testEnv('ok', { FAKE_DOCKER_TRAIN: imageScript('exit') }));
    expect(without.code).toBe(125);
    expect(without.stderr).toContain('could not select device driver "" with capabilities: [[gpu]]');
    const withNvidia = await docker(args, testEnv('ok', { FAKE_DOCKER_TRAIN: imageScript('exit'), FAKE_DOCKER_RUNTIMES: 'runc,nvidia' }));
    expect(withNvidia.code).toBe(0);
  });

  it('answers like docker 28 without a daemon in no-daemon mode', async () => {
    const env = testEnv('no-daemon');
    expect(await docker(['version', '--format', '{{.Server.Version}}'], env)).toEqual({ code: 1, stdout: '\n', stderr: `${NO_DAEMON}\n` });
    expect(await docker(['info', '--format', '{{json .Runtimes}}'], env)).toEqual({ code: 1, stdout: 'null\n', stderr: `${NO_DAEMON}\n` });
    expect(await docker(dockerRunArgs(cpuHost()), env)).toEqual({
      code: 125,
      stdout: '',
      stderr: `docker: ${NO_DAEMON}\n\nRun 'docker run --help' for more information\n`,
    });
  });
});

/** The real docker client on PATH (not the stand-in); the project's machines have one, without a daemon. */
function realDockerClient(): string {
  for (const entry of (process.env['PATH'] ?? '').split(delimiter)) {
    if (entry === '' || resolve(entry) === STAND_IN_DIR) continue;
    const file = join(entry, 'docker');
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  throw new Error('this test needs the real docker client on PATH (the daemon is not needed)');
}

describe('dockerRunArgs with the real docker client', () => {
  it('makes docker 28 send every value byte for byte to the daemon, which it finds through the runner\'s own DOCKER_HOST', async () => {
    const socket = join(dir, 'dockerd.sock');
    let create: { Env: string[]; Cmd: string[]; Hostname: string; Tty: boolean; HostConfig: { AutoRemove: boolean; Binds: string[]; DeviceRequests: { Count: number; Capabilities: string[][] }[] } } | undefined;
    let createUrl = '';
    // A daemon that answers the client's ping and records the create request, then refuses it.
    const daemon = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        if (request.url?.endsWith('/_ping')) {
          response.writeHead(200, { 'API-Version': '1.50', 'Content-Type': 'text/plain' }).end(request.method === 'HEAD' ? undefined : 'OK');
          return;
        }
        if (request.url?.includes('/containers/create')) [create, createUrl] = [JSON.parse(body) as typeof create, request.url];
        response.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'recorded by the test' }));
      });
    });
    await new Promise<void>((ready) => daemon.listen(socket, ready));
    try {
      const environment = { ...HOSTILE, PATH: '/opt/conda/bin:/usr/bin', DOCKER_HOST: 'tcp://elsewhere:2375', SM_CURRENT_HOST: 'algo-1' };
      const args = dockerRunArgs(cpuHost({ environment, gpus: 1 }));
      const child = spawn(realDockerClient(), args, { env: dockerRunEnv(environment, { PATH: '/usr/bin:/bin', HOME: dir, DOCKER_HOST: `unix://${socket}` }), stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const code = await new Promise<number | null>((exited) => child.on('close', exited));
      expect(stderr).toContain('recorded by the test');
      expect(code).toBe(125);
      expect(createUrl).toContain('name=sm-local-my-job-algo-1');
      const sent = Object.fromEntries(create!.Env.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
      expect(sent).toEqual(environment);
      expect(create!.Cmd).toEqual(['train']);
      expect(create!.Hostname).toBe('algo-1');
      expect(create!.Tty).toBe(false);
      expect(create!.HostConfig.AutoRemove).toBe(true);
      // The client keeps its volumes in a set: their order is not kept.
      expect([...create!.HostConfig.Binds].sort()).toEqual(['checkpoints', 'input', 'model', 'output'].map((sub) => `${tree}/${sub}:/opt/ml/${sub}`));
      expect(create!.HostConfig.DeviceRequests).toMatchObject([{ Count: -1, Capabilities: [['gpu']] }]);
    } finally {
      await new Promise((closed) => daemon.close(closed));
    }
  });
});

describe('dockerDaemonAvailable', () => {
  it('is true when the daemon answers with its version', async () => {
    expect(await dockerDaemonAvailable({ env: testEnv('ok') })).toBe(true);
    expect(invocations().map((call) => call.argv)).toEqual([['version', '--format', '{{.Server.Version}}']]);
  });

  it('is false when the client cannot reach a daemon', async () => {
    expect(await dockerDaemonAvailable({ env: testEnv('no-daemon') })).toBe(false);
  });

  it('is false at the timeout when the daemon never answers, and kills the hung client', async () => {
    const started = Date.now();
    expect(await dockerDaemonAvailable({ env: testEnv('hang'), timeoutMs: 300 })).toBe(false);
    expect(Date.now() - started).toBeLessThan(2500);
    const [call] = invocations();
    await new Promise((r) => setTimeout(r, 100));
    expect(() => process.kill(call!.pid, 0)).toThrow();
  });

  it('is false when aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    expect(await dockerDaemonAvailable({ env: testEnv('hang'), timeoutMs: 10_000, signal: controller.signal })).toBe(false);
    expect(await dockerDaemonAvailable({ env: testEnv('ok'), signal: AbortSignal.abort() })).toBe(false);
  });

  it('is false when there is no docker client at all', async () => {
    expect(await dockerDaemonAvailable({ docker: join(dir, 'no-such-docker') })).toBe(false);
    expect(await dockerDaemonAvailable({ env: { PATH: dir } })).toBe(false);
  });

  it('uses the docker binary it is given', async () => {
    expect(await dockerDaemonAvailable({ docker: STAND_IN, env: { ...testEnv('ok'), PATH: `${dirname(process.execPath)}:/usr/bin:/bin` } })).toBe(true);
  });
});

describe('hostGpuCount', () => {
  const nvidiaSmi = (script: string): string => {
    const file = join(dir, 'nvidia-smi');
    writeFileSync(file, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
    return file;
  };

  it('counts the GPUs nvidia-smi -L lists', async () => {
    const smi = nvidiaSmi(
      [
        'echo "GPU 0: NVIDIA A10G (UUID: GPU-1a2b)"',
        'echo "GPU 1: NVIDIA A100-SXM4-40GB (UUID: GPU-3c4d)"',
        'echo "  MIG 1g.5gb     Device  0: (UUID: MIG-5e6f)"',
      ].join('\n'),
    );
    expect(await hostGpuCount({ nvidiaSmi: smi, env: testEnv('no-daemon') })).toBe(2);
  });

  it('counts one GPU when nvidia-smi is missing but docker lists an nvidia runtime', async () => {
    expect(await hostGpuCount({ nvidiaSmi: join(dir, 'missing'), env: testEnv('ok', { FAKE_DOCKER_RUNTIMES: 'runc,nvidia' }) })).toBe(1);
    expect(invocations().map((call) => call.argv)).toEqual([['info', '--format', '{{json .Runtimes}}']]);
  });

  it('counts none when nvidia-smi fails and docker has no daemon', async () => {
    const smi = nvidiaSmi(`echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver." ; exit 9`);
    expect(await hostGpuCount({ nvidiaSmi: smi, env: testEnv('no-daemon') })).toBe(0);
  });

  it('counts none when docker runs without an nvidia runtime', async () => {
    expect(await hostGpuCount({ nvidiaSmi: join(dir, 'missing'), env: testEnv('ok') })).toBe(0);
  });

  it('gives up on a hung nvidia-smi at the timeout', async () => {
    const smi = nvidiaSmi('exec sleep 30');
    const started = Date.now();
    expect(await hostGpuCount({ nvidiaSmi: smi, env: testEnv('no-daemon'), timeoutMs: 300 })).toBe(0);
    expect(Date.now() - started).toBeLessThan(2500);
  });
});

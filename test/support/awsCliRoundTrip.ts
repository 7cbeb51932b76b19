/**
 * Test harness for rendered AWS CLI commands: run them under bash with a stand-in `aws`, read the
 * arguments back with the AWS CLI's own parser, or send them with the real CLI to a local
 * capture server. Used by test/builder/toAwsCliCommand.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SUPPORT = dirname(fileURLToPath(import.meta.url));
const STAND_IN_DIR = join(SUPPORT, 'bin');

/** Whether python3 with the awscli module and the real `aws` command are there; why not if not. */
export function awsCliAvailable(): { ok: true } | { ok: false; reason: string } {
  const probe = spawnSync('python3', ['-c', 'import awscli'], { encoding: 'utf8' });
  if (probe.status !== 0) return { ok: false, reason: `python3 with the awscli module is missing: ${probe.stderr || probe.error?.message}` };
  const aws = spawnSync('aws', ['--version'], { encoding: 'utf8' });
  if (aws.status !== 0) return { ok: false, reason: `the aws command is missing: ${aws.stderr || aws.error?.message}` };
  return { ok: true };
}

/** Environment without the caller's AWS settings: no profile, no endpoint, no config files. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_')) env[key] = value;
  return { ...env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', ...extra };
}

export interface BashRun {
  /** For each command, the argument vectors the stand-in `aws` printed (normally exactly one). */
  argvs: string[][][];
  stderr: string;
  status: number | null;
}

/**
 * Runs every command in ONE bash process, from a script file, the way a user pasting into an
 * interactive bash would meet them: history expansion on (`!`), `failglob` (an unquoted glob
 * fails loudly), `nounset` (an unquoted `$UNSET` fails), and HOME, VAR set (an unquoted `~` or
 * `$VAR` changes the value, which the round trip then sees). The `aws` on PATH is the stand-in
 * in test/support/bin (pure bash), which prints its arguments as JSON; bash runs in `cwd`.
 */
export function runUnderBash(commands: readonly string[], options: { cwd: string }): BashRun {
  chmodSync(join(STAND_IN_DIR, 'aws'), 0o755);
  const dir = mkdtempSync(join(tmpdir(), 'sm-bench-bash-'));
  try {
    const script = join(dir, 'commands.sh');
    const marker = (i: number) => `@@case ${i}@@`;
    const body = commands.map((command, i) => `echo '${marker(i)}'\n${command}\n`).join('');
    writeFileSync(script, `set -o history -o histexpand -o nounset\nshopt -s failglob\nexport VAR=expanded\n${body}echo '@@end@@'\n`);
    const result = spawnSync('bash', [script], {
      cwd: options.cwd,
      encoding: 'utf8',
      env: cleanEnv({ PATH: `${STAND_IN_DIR}:/usr/bin:/bin`, HOME: options.cwd }),
      maxBuffer: 64 * 1024 * 1024,
    });
    const argvs: string[][][] = commands.map(() => []);
    let current = -1;
    for (const line of result.stdout.split('\n')) {
      const match = /^@@case (\d+)@@$/.exec(line);
      if (match) current = Number(match[1]);
      else if (line === '@@end@@') current = -1;
      else if (line !== '' && current >= 0) argvs[current]!.push(JSON.parse(line) as string[]);
    }
    return { argvs, stderr: result.stderr, status: result.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type CliParse = { ok: true; params: unknown } | { ok: false; rc: number; stderr: string };

/**
 * Turns argument vectors (after `aws`) into the request the AWS CLI builds from them, using the
 * real awscli code in one Python process (test/support/awscliParseArgv.py).
 */
export function parseWithAwsCli(argvs: readonly string[][]): CliParse[] {
  const result = spawnSync('python3', [join(SUPPORT, 'awscliParseArgv.py')], {
    input: argvs.map((argv) => JSON.stringify(argv)).join('\n') + '\n',
    encoding: 'utf8',
    env: cleanEnv({ AWS_DEFAULT_REGION: 'us-east-1' }),
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`awscliParseArgv.py failed: ${result.stderr}`);
  const lines = result.stdout.split('\n').filter((line) => line !== '');
  if (lines.length !== argvs.length) throw new Error(`awscliParseArgv.py answered ${lines.length} of ${argvs.length} lines: ${result.stderr}`);
  return lines.map((line) => JSON.parse(line) as CliParse);
}

/** How the AWS CLI names the options of create-training-job (from awscliOptionNames.py). */
export interface CliOptionNames {
  members: { member: string; xform: string; options: string[]; type: string }[];
  allMembers: Record<string, string>;
}

export function awsCliOptionNames(): CliOptionNames {
  const result = spawnSync('python3', [join(SUPPORT, 'awscliOptionNames.py')], { encoding: 'utf8', env: cleanEnv({}), maxBuffer: 16 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`awscliOptionNames.py failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as CliOptionNames;
}

export interface CapturedRequest {
  target: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface CaptureServer {
  endpoint: string;
  requests: CapturedRequest[];
  stop(): Promise<void>;
}

/** A tiny SageMaker endpoint on 127.0.0.1 that records each request and says the job was created. */
export function startCaptureServer(): Promise<CaptureServer> {
  const requests: CapturedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      requests.push({ target: Array.isArray(target) ? target[0] : target, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ TrainingJobArn: 'arn:aws:sagemaker:us-east-1:000000000000:training-job/x' }));
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        requests,
        stop: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** Runs one rendered command with the REAL `aws` CLI (v1), sent to `endpoint`, with fake credentials. */
export function runRealAwsCli(command: string, endpoint: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const full = `${command} \\\n\t--endpoint-url ${endpoint}`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', full], {
      env: cleanEnv({
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_MAX_ATTEMPTS: '1',
        AWS_PAGER: '',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A fresh empty directory for bash to run in (so a leaked glob or `~` has nothing to match). */
export function scratchDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'sm-bench-cwd-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

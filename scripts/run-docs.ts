/**
 * Runs the docs' code blocks that need no AWS account, as a reader who copied them would: each in
 * a fresh directory holding what a fresh clone has there (examples/, and sweep-report/ as the
 * README's set-up command writes it), with `sagemaker-bench` the source (tsx follows the paths of
 * tsconfig.json). A block fails when it throws or does not end within the time limit. Used by
 * `npm run check:docs` (scripts/check-docs.ts), which writes the blocks as modules first.
 *
 * Nothing can reach AWS from here: every AWS_* variable of the caller is dropped, the SDK's
 * endpoint is a closed port on 127.0.0.1, the credentials are dummies and HOME is the block's
 * own directory (no ~/.aws, a local-mode cache of its own).
 *
 * @example
 * ```ts
 * import { runDocBlocks } from './run-docs';
 *
 * const failures = await runDocBlocks([{ label: 'docs/x.md:3', file: '/abs/.docs-check/1/x.ts', code: '' }], { root: process.cwd(), tsconfig: '/abs/.docs-check/1/tsconfig.json' });
 * ```
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BLOCK_THREW } from './run-docs-block';

/** A block written as a module, ready to run. */
export interface RunnableBlock {
  /** `docs/x.md:12`, for messages. */
  label: string;
  /** The module's absolute path (under the repository, so tsx applies its tsconfig). */
  file: string;
  code: string;
}

export interface RunOptions {
  root: string;
  /** The tsconfig.json that maps `sagemaker-bench` to the source. */
  tsconfig: string;
  /** Blocks run at once (default 2). Blocks that run local-mode jobs run one at a time anyway. */
  jobs?: number;
  /** Per block, in ms (default 120 s). */
  timeoutMs?: number;
  /** Print every block's output, not only a failing one's. */
  verbose?: boolean;
}

/** A block that did not run through: its label and why. */
export interface RunFailure {
  label: string;
  message: string;
}

const require = createRequire(import.meta.url);
/** Process groups of the blocks running now: ended with the check on Ctrl-C. */
const running = new Set<number>();

/** Runs `blocks`, prints one line each, and resolves with the failures. */
export async function runDocBlocks(blocks: readonly RunnableBlock[], options: RunOptions): Promise<RunFailure[]> {
  const { root, tsconfig, timeoutMs = 120_000, verbose = false } = options;
  const jobs = Math.max(1, options.jobs ?? Math.min(2, cpus().length));
  const work = mkdtempSync(join(tmpdir(), 'sagemaker-bench-docs-'));
  const failures: RunFailure[] = [];
  const onSigint = () => {
    for (const pid of running) killGroup(pid);
    rmSync(work, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSigint);
  try {
    const clone = join(work, 'clone');
    cpSync(join(root, 'examples'), join(clone, 'examples'), { recursive: true });
    if (blocks.some((b) => b.code.includes('sweep-report/'))) {
      const setUp = await setUpCommand(root, clone, tsconfig, work);
      if (setUp !== undefined) {
        failures.push(setUp);
        return failures;
      }
    }

    let exclusive = Promise.resolve();
    const queue = blocks.map((block, i) => ({ block, i }));
    const worker = async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const { block, i } = next;
        const dir = join(work, `block-${i}`);
        cpSync(clone, dir, { recursive: true });
        const run = () => runBlock(block, dir, { root, tsconfig, timeoutMs });
        // Local-mode jobs use the blocks' fixed paths (file:///tmp/digits-out/, ...): one at a time.
        let result: Awaited<ReturnType<typeof runBlock>>;
        if (/createLocalClients|runSweep|local: true/.test(block.code)) {
          const turn = exclusive.then(run);
          exclusive = turn.then(() => undefined, () => undefined);
          result = await turn;
        } else {
          result = await run();
        }
        const seconds = (result.ms / 1000).toFixed(1);
        if (result.failure === undefined) {
          console.log(`  ran ${block.label} (${seconds} s)${result.exitCode ? `, exit code ${result.exitCode} as the block sets it` : ''}`);
          if (verbose) console.log(indent(result.output));
        } else {
          console.log(`  FAILED ${block.label} (${seconds} s): ${result.failure}`);
          console.log(indent(lastLines(result.output, 40)));
          failures.push({ label: block.label, message: result.failure });
        }
        rmSync(dir, { recursive: true, force: true });
      }
    };
    await Promise.all(Array.from({ length: jobs }, worker));
  } finally {
    process.off('SIGINT', onSigint);
    rmSync(work, { recursive: true, force: true });
  }
  return failures;
}

/** Runs the README's set-up command (`npm run cli -- sweep ... --local --report sweep-report`) in the clone. */
async function setUpCommand(root: string, clone: string, tsconfig: string, work: string): Promise<RunFailure | undefined> {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const line = /npm run cli -- (sweep [^\n#]*--report sweep-report)/.exec(readme);
  const label = "README.md's set-up command";
  if (line === null) return { label, message: 'not found (a line `npm run cli -- sweep ... --report sweep-report`), but blocks read sweep-report/' };
  const args = (line[1] ?? '').trim().split(/\s+/);
  const started = Date.now();
  const result = await spawnNode([join(root, 'src/cli/bin.ts'), ...args], { cwd: clone, env: sandboxEnv(join(work, 'clone-home'), tsconfig), timeoutMs: 300_000 });
  console.log(`  ran ${label}: sagemaker-bench ${args.join(' ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (result.exitCode === 0) return undefined;
  console.log(indent(lastLines(result.output, 40)));
  return { label, message: result.timedOut ? 'timed out' : `exit code ${result.exitCode}` };
}

async function runBlock(block: RunnableBlock, dir: string, options: { root: string; tsconfig: string; timeoutMs: number }) {
  const started = Date.now();
  const result = await spawnNode([join(options.root, 'scripts/run-docs-block.ts'), block.file], {
    cwd: dir,
    env: sandboxEnv(join(dir, '.home'), options.tsconfig),
    timeoutMs: options.timeoutMs,
  });
  const ms = Date.now() - started;
  const setsExitCode = /process\.exitCode\s*=/.test(block.code);
  const failure =
    result.timedOut ? `did not end within ${options.timeoutMs / 1000} s`
    : result.exitCode === BLOCK_THREW ? 'threw'
    : result.exitCode !== 0 && !setsExitCode ? `exit code ${result.exitCode}`
    : undefined;
  return { ms, failure, exitCode: result.exitCode, output: result.output };
}

/** The environment of a block: the caller's, without a way to AWS. */
function sandboxEnv(home: string, tsconfig: string): NodeJS.ProcessEnv {
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('AWS_')) env[key] = value;
  return {
    ...env,
    HOME: home,
    XDG_CACHE_HOME: join(home, '.cache'),
    AWS_CONFIG_FILE: join(home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, '.aws', 'credentials'),
    AWS_ACCESS_KEY_ID: 'docs-check',
    AWS_SECRET_ACCESS_KEY: 'docs-check',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', // the SDK's note on a Node 20 machine, in every block's output
    TSX_TSCONFIG_PATH: tsconfig,
    NO_COLOR: '1',
  };
}

function spawnNode(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }) {
  const tsx = pathToFileURL(require.resolve('tsx/esm')).href;
  return new Promise<{ exitCode: number | null; timedOut: boolean; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: a timeout ends the training scripts it started too
    });
    if (child.pid !== undefined) running.add(child.pid);
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) killGroup(child.pid);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (child.pid !== undefined) {
        killGroup(child.pid); // what the block started and left running
        running.delete(child.pid);
      }
      resolve({ exitCode: code ?? (signal === null ? null : 128), timedOut, output });
    });
  });
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function lastLines(text: string, n: number): string {
  const lines = text.trimEnd().split('\n');
  return (lines.length > n ? ['...', ...lines.slice(-n)] : lines).join('\n');
}

function indent(text: string): string {
  return text.trimEnd() === '' ? '' : text.trimEnd().replace(/^/gm, '    | ');
}

/**
 * examples/seed-resnet50.ts (`npm run example`) as a user runs it, with tsx: its output, and
 * what a mistake on its command line prints (the problem and the usage, exit code 2, no stack trace).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = 'node_modules/.bin/tsx';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs an example with `args`, from the repository's root. */
function runExample(example: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [example, ...args], { cwd: ROOT, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

const STACK_FRAME = /^\s+at /m;
const USAGE = /^usage: npm run example -- \[--image URI\]/m;

// Each test runs a process of its own: they run side by side.
describe.concurrent('examples/seed-resnet50.ts', { timeout: 60_000 }, () => {
  it('prints the validated request, the AWS CLI command and the worst-case cost', async () => {
    const run = await runExample('examples/seed-resnet50.ts', ['--batch-size', '256', '--epochs', '3']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"TrainingJobName": "resnet50-p3-gpu4-b256-e3"');
    expect(run.stdout).toContain('aws sagemaker create-training-job');
    expect(run.stdout).toMatch(/worst case \$\d+\.\d\d/);
  });

  it('prints the usage for --help, on stdout, and exits 0', async () => {
    const run = await runExample('examples/seed-resnet50.ts', ['--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(USAGE);
    expect(run.stderr).toBe('');
  });

  it.each([
    [['--batch-size', 'abc'], '--batch-size must be a whole number of at least 1, got "abc"'],
    [['--batch-size=-5'], '--batch-size must be a whole number of at least 1, got "-5"'],
    [['--epochs', '0'], '--epochs must be a whole number of at least 1, got "0"'],
    [['--epochs', '2.5'], '--epochs must be a whole number of at least 1, got "2.5"'],
    [['--volume-size', ''], '--volume-size must be a whole number of at least 1, got ""'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--batch-size', '-5'], "Option '--batch-size' argument is ambiguous"],
    [['--epochs'], "Option '--epochs <value>' argument missing"],
    [['stray'], "Unexpected argument 'stray'"],
  ])('answers %j with the problem and the usage, exit code 2 and no stack trace', async (args, problem) => {
    const run = await runExample('examples/seed-resnet50.ts', args);

    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toContain(problem);
    expect(run.stderr).toMatch(USAGE);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toBe('');
  });

  it('prints the issues of a request that flags make invalid, and exits 1', async () => {
    const run = await runExample('examples/seed-resnet50.ts', ['--output', 's3://b/']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing would be sent');
    expect(run.stderr).toContain('the bucket name "b" is shorter than 3 characters → at OutputDataConfig.S3OutputPath');
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});

describe.concurrent.each([
  ['examples/local/try-local.ts', /^usage: npm run example:local -- /m],
  ['examples/sweep/local-sweep.ts', /^usage: npm run example:sweep -- /m],
])('%s', { timeout: 60_000 }, (example, usage) => {
  it.each([[['--epochs', 'abc']], [['--bogus']], [['--epochs', '-5']]])('answers %j with the problem and the usage, exit code 2, before running anything', async (args) => {
    const run = await runExample(example, args);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(usage);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(run.stdout).toBe('');
  });

  it('prints the usage for --help and exits 0', async () => {
    const run = await runExample(example, ['--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(usage);
  });
});

/**
 * The command line itself, in-process (fast): help and examples of every command, the version,
 * what a wrong command line gets, errors as JSON, and colours off when asked.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './support/childCli';
import { runInProcess, serverEnv } from './support/inProcessCli';

const ESC = '\u001b';
const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

/** The commands the top-level help lists (commander's own `help` left out). */
async function listedCommands(): Promise<string[]> {
  const { stdout } = await runInProcess(['--help']);
  const section = stdout.slice(stdout.indexOf('Commands:'));
  return [...section.matchAll(/^ {2}([a-z]+) /gm)].map((match) => match[1]!).filter((name) => name !== 'help');
}

describe('help and version', () => {
  it('lists every command in the top-level help, with examples, and exits 0', async () => {
    const run = await runInProcess(['--help']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Usage: sagemaker-bench \[options\] \[command\]/);
    expect(run.stdout).toContain('Examples:\n  $ sagemaker-bench ');
    expect(await listedCommands()).toEqual(['plan', 'sweep', 'report', 'launch', 'wait', 'status', 'stop', 'logs', 'metrics', 'cost']);
  });

  it('shows the usage and an Example in the --help of every command, and exits 0', async () => {
    for (const command of await listedCommands()) {
      const run = await runInProcess([command, '--help']);
      expect(run.code, command).toBe(0);
      expect(run.stderr, command).toBe('');
      expect(run.stdout, command).toMatch(new RegExp(`^Usage: sagemaker-bench ${command} `));
      expect(run.stdout, command).toMatch(new RegExp(`\\nExamples?:\\n {2}\\$ sagemaker-bench ${command} `));
      expect(run.stdout, command).toContain('--json');
    }
  });

  it('help <command> shows the same help as <command> --help', async () => {
    const [viaHelp, viaFlag] = await Promise.all([runInProcess(['help', 'launch']), runInProcess(['launch', '--help'])]);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });

  it("--version prints package.json's version and exits 0", async () => {
    const run = await runInProcess(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('a wrong command line', () => {
  it('no arguments: prints the help and exits 2', async () => {
    const [run, help] = await Promise.all([runInProcess([]), runInProcess(['--help'])]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe(help.stdout);
    expect(run.stderr).toBe('');
  });

  it('an unknown command: names it, points at --help and exits 2', async () => {
    const run = await runInProcess(['frobnicate', 'x']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe("error: unknown command 'frobnicate'\n(add --help for usage)\n");
  });
});

describe('--json and colours', () => {
  let dir: string;
  let badFile: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-cli-main-'));
    badFile = join(dir, 'bad.sweep.json');
    writeFileSync(badFile, JSON.stringify({ name: 'Bad_Name', model: 'cnn', request: {}, matrix: { epochs: [0] } }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--json with an error puts one JSON object { error: { name, message, ...fields } } on stdout, and the message on stderr (a missing file: exit 2)', async () => {
    const run = await runInProcess(['plan', 'missing.sweep.json', '--json'], { cwd: dir });
    expect(run.code).toBe(2);
    const parsed = JSON.parse(run.stdout) as { error: { name: string; message: string; path: string; issues: { code: string }[] } };
    expect(Object.keys(parsed)).toEqual(['error']);
    expect(parsed.error.name).toBe('SweepFileError');
    expect(parsed.error.path).toBe(join(dir, 'missing.sweep.json'));
    expect(parsed.error.message).toContain(`no such file: ${join(dir, 'missing.sweep.json')}`);
    expect(parsed.error.issues.map((issue) => issue.code)).toEqual(['file_not_found']);
    expect(run.stderr).toBe(`error: ${parsed.error.message}\n`);
  });

  it('--json with a wrong command line (a usage error) still gives one JSON error object, and exit 2', async () => {
    const run = await runInProcess(['launch', '--json'], { cwd: dir });
    expect(run.code).toBe(2);
    const parsed = JSON.parse(run.stdout) as { error: { name: string; message: string; command: string } };
    expect(parsed.error).toMatchObject({ name: 'UsageError', command: 'launch' });
    expect(parsed.error.message).toMatch(/^give a request file/);
    expect(run.stderr).toContain("Run 'sagemaker-bench launch --help' for usage.");
  });

  it('on a terminal the errors are coloured (so the two tests below mean something)', async () => {
    const run = await runInProcess(['plan', badFile], { cwd: dir, tty: true, env: serverEnv({ NO_COLOR: undefined }) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(ESC);
  });

  it('NO_COLOR=1 gives no escape byte on a terminal', async () => {
    const run = await runInProcess(['plan', badFile], { cwd: dir, tty: true, env: serverEnv({ NO_COLOR: '1' }) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: Sweep file .*bad\.sweep\.json: \d+ issues$/m);
    expect(run.stdout + run.stderr).not.toContain(ESC);
  });

  it('--no-color gives no escape byte on a terminal', async () => {
    for (const argv of [['plan', badFile, '--no-color'], ['--no-color', 'plan', join(REPO, 'examples/sweep/digits.sweep.json')]]) {
      const run = await runInProcess(argv, { cwd: dir, tty: true, env: serverEnv({ NO_COLOR: undefined }) });
      expect(run.stdout + run.stderr).not.toContain(ESC);
      expect(run.stdout + run.stderr).not.toBe('');
    }
  });
});

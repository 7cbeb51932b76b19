import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { MissingPeerDependencyError, SweepFileError, type ValidationIssue } from '../../src/errors';
import { createLocalClients } from '../../src/local/createLocalClients';
import { loadSweepFile } from '../../src/sweep/loadSweepFile';
import { runSweep } from '../../src/sweep/runSweep';

const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(import.meta.dirname, 'fixtures/sweep-files');
const EXAMPLE_JSON = join(ROOT, 'examples/sweep/digits.sweep.json');
const EXAMPLE_TS = join(ROOT, 'examples/sweep/digits.sweep.ts');
const run = promisify(execFile);

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'sweep-file-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Writes `text` to `name` in a fresh directory of the temporary one; returns its path. */
let files = 0;
async function file(name: string, text: string): Promise<string> {
  const dir = join(tmp, `f${++files}`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, name), text);
  return join(dir, name);
}

async function issuesOf(promise: Promise<unknown>): Promise<ValidationIssue[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SweepFileError);
  return (error as SweepFileError).issues;
}
const codes = (issues: ValidationIssue[]) => issues.map((issue) => `${issue.path.join('.')}:${issue.code}`).sort();
const errors = <T extends ValidationIssue>(issues: readonly T[]): T[] => issues.filter((issue) => issue.severity === 'error');

const minimal = { name: 'mini', model: 'cnn', request: {}, matrix: {} };

describe('loadSweepFile', () => {
  describe('the example sweep file of the README', () => {
    it('plans three jobs without an issue in local mode, writing under the repository and running train.py', async () => {
      const file = await loadSweepFile(EXAMPLE_JSON, { local: true });
      expect(file.path).toBe(EXAMPLE_JSON);
      expect(file.plan.issues).toEqual([]);
      expect(file.plan.jobs.map((job) => job.cell.batchSize)).toEqual([16, 64, 256]);
      expect(file.plan.jobs.every((job) => job.cell.epochs === 5 && job.request.StoppingCondition?.MaxRuntimeInSeconds === 600)).toBe(true);
      const script = file.local?.command?.find((part) => part.endsWith('train.py'));
      expect(script).toBe(join(ROOT, 'examples/local/train.py'));
      expect(existsSync(script!)).toBe(true);
      // The example says nothing of where local jobs go: the caller's localDefaults (the CLI's report folder) do.
      expect(file.local?.workDir).toBeUndefined();
      for (const job of file.plan.jobs) expect(job.request.OutputDataConfig?.S3OutputPath).toBe('s3://my-bucket/digits/');
      const placed = await loadSweepFile(EXAMPLE_JSON, { local: true, localDefaults: { workDir: 'report/work', outputPath: 'report/output/' } });
      expect(placed.local?.workDir).toBe(resolve('report/work'));
      for (const job of placed.plan.jobs) expect(job.request.OutputDataConfig?.S3OutputPath).toBe(pathToFileURL(resolve('report/output')).href + '/');
    });

    it('has no errors as a SageMaker sweep either, its output in S3', async () => {
      const file = await loadSweepFile(EXAMPLE_JSON);
      expect(errors(file.plan.issues)).toEqual([]);
      expect(file.plan.jobs.every((job) => job.request.OutputDataConfig?.S3OutputPath === 's3://my-bucket/digits/')).toBe(true);
      expect(file.plan.maxUsd).toBeGreaterThan(0);
    });

    it('is the same sweep as the TypeScript example, in both modes', async () => {
      for (const local of [true, false]) {
        const json = await loadSweepFile(EXAMPLE_JSON, { local });
        const ts = await loadSweepFile(EXAMPLE_TS, { local });
        expect(ts.plan).toEqual(json.plan);
        expect(ts.local).toEqual(json.local);
      }
    });

    it('points editors at the schema of the repository', async () => {
      const json = JSON.parse(await readFile(EXAMPLE_JSON, 'utf8')) as { $schema: string };
      expect(existsSync(join(dirname(EXAMPLE_JSON), json.$schema))).toBe(true);
    });

    it('runs on this machine: every job completes and logs five epochs, its files where localDefaults says', async () => {
      // The example's layout, copied; it names no workDir or outputPath, so the defaults apply.
      const root = join(tmp, 'clone');
      await mkdir(join(root, 'examples/sweep'), { recursive: true });
      await cp(EXAMPLE_JSON, join(root, 'examples/sweep/digits.sweep.json'));
      await cp(join(ROOT, 'examples/local'), join(root, 'examples/local'), { recursive: true });
      const file = await loadSweepFile(join(root, 'examples/sweep/digits.sweep.json'), {
        local: true,
        localDefaults: { workDir: join(root, 'sweep-report/work'), outputPath: join(root, 'sweep-report/output') },
      });
      expect(file.local?.workDir).toBe(join(root, 'sweep-report/work'));
      const result = await runSweep(file.plan, { clients: createLocalClients({ ...file.local }), pollSeconds: 0.2 });
      expect(result.jobs.map((job) => [job.status, job.metrics?.epochs.length])).toEqual([
        ['Completed', 5],
        ['Completed', 5],
        ['Completed', 5],
      ]);
      for (const job of result.jobs) expect(existsSync(join(root, 'sweep-report/output', job.jobName, 'output/model.tar.gz'))).toBe(true);
    }, 90_000);
  });

  describe('JSON files', () => {
    it('resolves local paths against the directory of the file, not the working directory', async () => {
      const path = await file('x.sweep.json', JSON.stringify({ ...minimal, local: { command: ['python3', 'train.py', 'absent.py'], workDir: 'work' } }));
      await writeFile(join(dirname(path), 'train.py'), 'print(1)\n');
      const loaded = await loadSweepFile(path);
      expect(loaded.local).toEqual({ command: ['python3', join(dirname(path), 'train.py'), 'absent.py'], workDir: join(dirname(path), 'work') });
    });

    it('skips a byte-order mark', async () => {
      const path = await file('bom.sweep.json', `\uFEFF${JSON.stringify(minimal)}`);
      expect((await loadSweepFile(path)).plan.name).toBe('mini');
    });

    it.each([
      ['a trailing comma', '{\n  "name": "x",\n  "matrix": {},\n}', 3, 15, /trailing comma/],
      ['a comment', '{\n  // the sweep\n  "name": "x"\n}', 2, 3, /a comment \(JSON has no comments\)/],
      ['single quotes', "{ 'name': 'x' }", 1, 3, /double quotes/],
      ['a missing comma', '{\n  "name": "x"\n  "model": "m"\n}', 3, 3, /expected "," or "}" after a property value, got "\\""/],
      ['an unclosed string', '{ "name": "x }', 1, 11, /never ends|closing quote/],
      ['an empty file', '', 1, 1, /the file is empty/],
    ])('gives the line and column of %s', async (_what, text, line, column, message) => {
      const path = await file('bad.sweep.json', text);
      const issues = await issuesOf(loadSweepFile(path));
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ path: [], code: 'json_syntax', severity: 'error' });
      expect(issues[0]!.message).toMatch(new RegExp(`^not valid JSON at line ${line}, column ${column}: `));
      expect(issues[0]!.message).toMatch(message);
    });

    it('reports every issue of the content, naming the file as given', async () => {
      const path = join(FIXTURES, 'invalid-typos.json');
      const error = await loadSweepFile(path).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SweepFileError);
      expect((error as SweepFileError).path).toBe(path);
      expect((error as SweepFileError).issues.length).toBe(6);
    });
  });

  describe('files that cannot be read', () => {
    it('says the file does not exist', async () => {
      const missing = join(tmp, 'nowhere', 'x.sweep.json');
      const error = (await loadSweepFile(missing).catch((e: unknown) => e)) as SweepFileError;
      expect(error.issues).toEqual([{ path: [], code: 'file_not_found', message: `no such file: ${missing}`, severity: 'error' }]);
      expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
      expect(codes(await issuesOf(loadSweepFile(join(tmp, 'nowhere.ts'))))).toEqual([':file_not_found']);
    });

    it('says a directory is not a sweep file', async () => {
      const dir = join(tmp, 'dir.json');
      await mkdir(dir, { recursive: true });
      const issues = await issuesOf(loadSweepFile(dir));
      expect(issues[0]).toMatchObject({ code: 'file_not_found', message: expect.stringMatching(/is a directory/) });
    });

    it('refuses a file that is neither JSON nor a module', async () => {
      const path = await file('sweep.yaml', 'name: x\n');
      const issues = await issuesOf(loadSweepFile(path));
      expect(issues[0]).toMatchObject({ code: 'unsupported_extension', message: expect.stringMatching(/\.json file or a module \(\.mjs, \.js, \.cjs, \.ts, \.mts, \.cts\), not a \.yaml file/) });
    });

    it('refuses a path that is not a string', async () => {
      await expect(loadSweepFile(undefined as never)).rejects.toThrow(TypeError);
      await expect(loadSweepFile('x.json', null as never)).rejects.toThrow(TypeError);
    });
  });

  describe('modules', () => {
    it('loads a TypeScript module, its named exports, and puts its local paths in place in local mode', async () => {
      const file = await loadSweepFile(join(FIXTURES, 'module-plan.ts'), { local: true });
      expect(file.plan.name).toBe('mnist-ts');
      expect(file.plan.jobs.map((job) => job.cell.batchSize)).toEqual([32, 64]);
      expect(file.budgetUsd).toBe(12.5);
      expect(file.maxConcurrent).toEqual({ 'ml.p3.2xlarge': 1 });
      expect(file.local).toEqual({ runtime: 'process', command: ['python3', 'train.py'] });
      for (const job of file.plan.jobs) {
        expect(job.request.OutputDataConfig?.S3OutputPath).toBe(`${pathToFileURL(join(FIXTURES, 'out')).href}/`);
        expect(job.request.InputDataConfig?.[0]?.DataSource?.S3DataSource?.S3Uri).toBe(`${pathToFileURL(join(FIXTURES, 'data')).href}/`);
      }
      expect(file.plan.issues).toEqual([]);
      expect(Object.isFrozen(file.plan)).toBe(true);
    });

    it('keeps the S3 URIs of a module outside local mode', async () => {
      const file = await loadSweepFile(join(FIXTURES, 'module-plan.ts'));
      expect(file.plan.jobs[0]!.request.OutputDataConfig?.S3OutputPath).toBe('s3://my-bucket/mnist/');
      expect(errors(file.plan.issues)).toEqual([]);
    });

    it('imports a JavaScript module natively', async () => {
      const file = await loadSweepFile(join(FIXTURES, 'module-plan.mjs'), { local: true });
      expect(file.plan.jobs.map((job) => job.cell.epochs)).toEqual([1, 2]);
      expect(file.local).toEqual({ command: ['python3', 'train.py'], workDir: join(FIXTURES, 'work') });
      expect(file.plan.jobs[0]!.request.OutputDataConfig?.S3OutputPath).toBe('s3://my-bucket/mnist/');
    });

    it("validates a module's jobs again for the mode it is loaded for", async () => {
      const local = await loadSweepFile(join(FIXTURES, 'module-file-uris.mjs'), { local: true });
      expect(local.plan.issues).toEqual([]);
      const onSageMaker = await loadSweepFile(join(FIXTURES, 'module-file-uris.mjs'));
      expect(errors(onSageMaker.plan.issues).map((issue) => [issue.jobName, issue.path.join('.')])).toEqual([[onSageMaker.plan.jobs[0]!.jobName, 'OutputDataConfig.S3OutputPath']]);
    });

    it('opens the exports of a CommonJS module and checks its hand-made plan', async () => {
      const file = await loadSweepFile(join(FIXTURES, 'module-commonjs.cjs'));
      expect(file.budgetUsd).toBe(3);
      expect(file.plan.jobs.map((job) => job.jobName)).toEqual(['hand-cnn-1']);
      expect(errors(file.plan.issues).length).toBeGreaterThan(0);
      expect(file.plan.issues.every((issue) => issue.jobName === 'hand-cnn-1')).toBe(true);
    });

    it.each([
      ['module-function.mjs', /is a function \(makePlan\), not a plan: export what defineSweep\(\) returns/],
      ['module-builder.mjs', /is a TrainingJobBuilder, not a plan: give it to defineSweep as base/],
      ['module-no-default.mjs', /has no default export/],
    ])('says what the default export of %s is instead of a plan', async (name, message) => {
      const issues = await issuesOf(loadSweepFile(join(FIXTURES, name)));
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ path: ['default'], code: 'not_a_plan', message: expect.stringMatching(message) });
    });

    it('says an object is not a plan, naming what it lacks', async () => {
      const path = await file('shape.mjs', 'export default { name: "x", jobs: [] };\n');
      const issues = await issuesOf(loadSweepFile(path));
      expect(issues[0]!.message).toMatch(/an object without model, region, namePrefix, issues, not a plan/);
    });

    it('checks the named exports as the fields of the JSON form', async () => {
      const issues = await issuesOf(loadSweepFile(join(FIXTURES, 'module-bad-exports.mjs')));
      expect(codes(issues)).toEqual(['budgetUsd:invalid_type', 'local.comand:unknown_field', 'local.runtime:enum', 'maxConcurrent:min_value']);
      expect(issues.find((issue) => issue.path.join('.') === 'local.comand')!.message).toMatch(/did you mean "command"/);
    });

    it('names a local channel that none of the jobs has', async () => {
      const path = await file('chan.mjs', `export { default } from ${JSON.stringify(pathToFileURL(join(FIXTURES, 'module-plan.mjs')).href)};\nexport const local = { channels: { training: 'data/' } };\n`);
      const issues = await issuesOf(loadSweepFile(path));
      expect(codes(issues)).toEqual(['local.channels.training:unknown_channel']);
    });

    it('wraps what a module throws while loading, keeping it as cause', async () => {
      const error = (await loadSweepFile(join(FIXTURES, 'module-throws.mjs')).catch((e: unknown) => e)) as SweepFileError;
      expect(error).toBeInstanceOf(SweepFileError);
      expect(error.issues).toEqual([{ path: [], code: 'module_error', message: 'the module threw while loading: RangeError: the sweep module refuses to load', severity: 'error' }]);
      expect(error.cause).toBeInstanceOf(RangeError);
    });

    it('wraps a syntax error of a TypeScript module', async () => {
      const path = await file('broken.sweep.ts', 'export default defineSweep({ name: \n');
      const issues = await issuesOf(loadSweepFile(path));
      expect(issues[0]!.code).toBe('module_error');
    });
  });

  describe('without jiti', () => {
    afterAll(() => {
      vi.doUnmock('../../src/internal/loadOptional');
      vi.resetModules();
    });

    it('says to install jiti for a TypeScript sweep file on a Node that does not strip types, and still loads JSON and JavaScript', async () => {
      // Node 22.18+ strips types itself (and vitest resolves what Node alone would not): the
      // TypeScript file must not be imported natively for the question to arise.
      const typescript = Object.getOwnPropertyDescriptor(process.features, 'typescript');
      Object.defineProperty(process.features, 'typescript', { value: false, configurable: true });
      onTestFinished(() => {
        if (typescript !== undefined) Object.defineProperty(process.features, 'typescript', typescript);
        else Reflect.deleteProperty(process.features, 'typescript');
      });
      vi.resetModules();
      vi.doMock('../../src/internal/loadOptional', async (importOriginal) => {
        const actual = await importOriginal<typeof import('../../src/internal/loadOptional')>();
        return {
          ...actual,
          loadOptional: (name: string) => {
            if (name === 'jiti') throw Object.assign(new Error("Cannot find module 'jiti'\nRequire stack:\n- x"), { code: 'MODULE_NOT_FOUND' });
            return actual.loadOptional(name);
          },
        };
      });
      const fresh = await import('../../src/sweep/loadSweepFile');
      const errorsModule = await import('../../src/errors');
      const error = await fresh.loadSweepFile(join(FIXTURES, 'module-plan.ts')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(errorsModule.MissingPeerDependencyError);
      expect(error).toMatchObject({ name: MissingPeerDependencyError.name, packageName: 'jiti', feature: 'a .ts sweep file' });
      expect((error as Error).message).toMatch(/npm install jiti/);
      expect((await fresh.loadSweepFile(EXAMPLE_JSON)).plan.jobs).toHaveLength(3);
      expect((await fresh.loadSweepFile(join(FIXTURES, 'module-plan.mjs'))).plan.jobs).toHaveLength(2);
    });
  });

  describe('the CommonJS build', () => {
    it('loads JSON, JavaScript and TypeScript sweep files from require()', async () => {
      const out = join(tmp, 'cjs');
      await mkdir(out, { recursive: true });
      await symlink(join(ROOT, 'node_modules'), join(out, 'node_modules'));
      const { build } = await import('tsup');
      await build({
        // Named as in the package, whose sweep files may import 'sagemaker-bench': that is this bundle.
        entry: { index: join(ROOT, 'src/index.ts') },
        format: ['cjs'],
        outDir: out,
        target: 'node22',
        platform: 'node',
        shims: true,
        config: false,
        silent: true,
        dts: false,
        sourcemap: false,
      });
      const script = `
        const { loadSweepFile } = require(${JSON.stringify(join(out, 'index.cjs'))});
        (async () => {
          const out = [];
          for (const f of ${JSON.stringify([EXAMPLE_JSON, EXAMPLE_TS, join(FIXTURES, 'module-commonjs.cjs')])}) {
            const file = await loadSweepFile(f, { local: true });
            out.push([file.plan.name, file.plan.jobs.length]);
          }
          console.log(JSON.stringify(out));
        })().catch((e) => { console.error(e); process.exit(1); });`;
      const { stdout } = await run(process.execPath, ['-e', script], { cwd: out, env: { ...process.env, NODE_NO_WARNINGS: '1' } });
      expect(JSON.parse(stdout)).toEqual([
        ['digits', 3],
        ['digits', 3],
        ['hand', 1],
      ]);
    }, 60_000);
  });
});

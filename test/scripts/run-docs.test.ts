/**
 * scripts/run-docs.ts: docs blocks run in their own directory, with `sagemaker-bench` the source,
 * fail when they throw, and cannot reach AWS.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDocBlocks, type RunnableBlock } from '../../scripts/run-docs';

const root = join(import.meta.dirname, '..', '..');
const dir = join(root, '.docs-check');
const prefix = `test-${process.pid}-`;
const tsconfig = join(dir, `${prefix}tsconfig.json`);

function block(name: string, code: string): RunnableBlock {
  const file = join(dir, `${prefix}${name}.ts`);
  writeFileSync(file, `${code}\nexport {};\n`);
  return { label: `docs/test.md:${name}`, file, code };
}

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(tsconfig, JSON.stringify({ extends: '../tsconfig.json', include: [`./${prefix}*.ts`] }));
});

afterAll(() => {
  for (const name of ['ok', 'throws', 'exit-code', 'aws', 'cwd', 'tsconfig']) rmSync(join(dir, `${prefix}${name}.${name === 'tsconfig' ? 'json' : 'ts'}`), { force: true });
});

describe('runDocBlocks', () => {
  it('fails a block that throws and passes one that runs, or sets its own exit code', async () => {
    const blocks = [
      block('ok', "import { jobName } from 'sagemaker-bench';\nif (jobName({ model: 'm', instanceType: 'ml.m5.large' }) !== 'm-m5-cpu2') throw new Error('not the source');"),
      block('throws', "throw new Error('as a reader would see it');"),
      block('exit-code', 'process.exitCode = 1; // an invalid request, reported'),
    ];
    const failures = await runDocBlocks(blocks, { root, tsconfig, jobs: 2 });
    expect(failures).toEqual([{ label: 'docs/test.md:throws', message: 'threw' }]);
  }, 120_000);

  it('runs a block in a directory of its own holding the examples, as a fresh clone does', async () => {
    const check = block(
      'cwd',
      [
        "import { existsSync } from 'node:fs';",
        "if (!process.cwd().includes('sagemaker-bench-docs-') || !existsSync('examples/local/train.py')) throw new Error(`cwd ${process.cwd()}`);",
        "if (!(process.env['HOME'] ?? '').startsWith(process.cwd())) throw new Error(`HOME ${process.env['HOME']}`); // no ~/.aws, a cache of its own",
      ].join('\n'),
    );
    expect(await runDocBlocks([check], { root, tsconfig })).toEqual([]);
  }, 120_000);

  it('gives a block that reaches for AWS a closed local port and dummy credentials, never AWS', async () => {
    const aws = block(
      'aws',
      [
        "import { EndpointError, createClients, describeTrainingJob } from 'sagemaker-bench';",
        "const credentials = await createClients({ region: 'us-east-1' }).sagemaker.config.credentials();",
        "if (credentials.accessKeyId !== 'docs-check') throw new Error('not the dummy credentials');",
        'try {',
        "  await describeTrainingJob(createClients({ region: 'us-east-1' }).sagemaker, 'any-job');",
        '} catch (error) {',
        "  if (error instanceof EndpointError && String(error.message).includes('127.0.0.1:9')) process.exit(0);",
        '  throw error;',
        '}',
        "throw new Error('answered?');",
      ].join('\n'),
    );
    expect(await runDocBlocks([aws], { root, tsconfig, timeoutMs: 60_000 })).toEqual([]);
  }, 120_000);
});

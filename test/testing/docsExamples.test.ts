/**
 * The examples of docs/testing.md run as copied: the vitest one is docsVitestExample.test.ts
 * (checked to be the same text, and run by the suite as any test file), the node:test one is
 * run here with `node --import tsx --test`, from a directory outside the repository.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { motoAvailable } from '../../src/testing/motoAvailable';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const page = readFileSync(join(root, 'docs/testing.md'), 'utf8');
const blocks = [...page.matchAll(/^```ts([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm)].map((m) => ({ info: (m[1] ?? '').trim(), code: m[2] ?? '' }));

describe('the examples of docs/testing.md', () => {
  it('show the vitest example exactly as test/testing/docsVitestExample.test.ts runs it', () => {
    const vitestBlocks = blocks.filter((block) => block.code.includes("from 'vitest'"));

    expect(vitestBlocks).toHaveLength(1);
    expect(vitestBlocks[0]!.code).toBe(readFileSync(join(root, 'test/testing/docsVitestExample.test.ts'), 'utf8'));
  });

  it.skipIf(!motoAvailable().ok)('run the node:test example with node --test, every test passing', () => {
    const block = blocks.find((b) => b.code.includes("from 'node:test'"));
    expect(block).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'sb-node-test-example-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
      writeFileSync(join(dir, 'trainingLog.test.ts'), block!.code);
      const run = spawnSync(process.execPath, ['--import', tsx, '--test', '--test-reporter=tap', 'trainingLog.test.ts'], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 120_000,
        // tsx maps 'sagemaker-bench' and 'sagemaker-bench/testing' to the source by tsconfig.json's paths
        env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') },
      });

      expect(run.stdout, run.stderr).toMatch(/^# pass 2$/m);
      expect(run.stdout).toMatch(/^# fail 0$/m);
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 150_000);
});

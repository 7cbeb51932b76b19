/**
 * scripts/docs-blocks.ts: which code blocks of the docs `npm run check:docs` type-checks and runs,
 * and the fence rules it enforces.
 */
import { describe, expect, it } from 'vitest';
import { blockProblems, classifyBlock, docBlocks, type DocBlock } from '../../scripts/docs-blocks';

const block = (code: string, info = ''): DocBlock => ({ file: 'docs/x.md', line: 1, info, code });

describe('docBlocks', () => {
  it('finds ts and typescript blocks with their fence line and flag, and no other language', () => {
    const page = 'Intro\n```ts\nconst a = 1;\n```\n```sh\nls\n```\n```typescript no-run: needs a GPU\nconst b = 2;\n```\n```tsx\n<a/>\n```\n';
    expect(docBlocks('docs/x.md', page)).toEqual([
      { file: 'docs/x.md', line: 2, info: '', code: 'const a = 1;\n' },
      { file: 'docs/x.md', line: 8, info: 'no-run: needs a GPU', code: 'const b = 2;\n' },
    ]);
  });
});

describe('classifyBlock', () => {
  it('runs a block that needs no AWS account', () => {
    expect(classifyBlock(block("import { jobName } from 'sagemaker-bench';\nconsole.log(jobName({ model: 'm', instanceType: 'ml.m5.large' }));\n"))).toEqual({ kind: 'run' });
  });

  it('does not run a block that calls createClients or imports an AWS SDK client', () => {
    expect(classifyBlock(block("const clients = createClients({ region: 'us-east-1' });\n")).kind).toBe('aws');
    expect(classifyBlock(block("import { PricingClient } from '@aws-sdk/client-pricing';\nnew PricingClient({});\n"))).toEqual({
      kind: 'aws',
      reason: 'needs AWS: imports @aws-sdk/client-pricing',
    });
  });

  it('runs a block that only imports SDK types, and one with local-mode clients', () => {
    expect(classifyBlock(block("import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';\nconst r = {} as CreateTrainingJobCommandInput;\nconsole.log(r);\n")).kind).toBe('run');
    expect(classifyBlock(block("const clients = createLocalClients({ runtime: 'process', command: ['python3', 'train.py'] });\n")).kind).toBe('run');
  });

  it('does not run a block of declarations only', () => {
    const code = "import type { LogSource } from 'sagemaker-bench';\ninterface A { a: string }\ntype B = A;\ndeclare function f(source: LogSource): void;\n";
    expect(classifyBlock(block(code)).kind).toBe('types-only');
  });

  it('follows the fence: no-run and no-check with their reasons', () => {
    expect(classifyBlock(block('await f();\n', 'no-run: reads the journal of the sweep above'))).toEqual({ kind: 'no-run', reason: 'reads the journal of the sweep above' });
    expect(classifyBlock(block('f(\n', 'no-check a fragment'))).toEqual({ kind: 'no-check', reason: 'a fragment' });
  });
});

describe('blockProblems', () => {
  it('finds nothing wrong with a self-contained block or a signature block', () => {
    expect(blockProblems(block("const image = 'x'; // your ECR image\nconsole.log(image);\n"))).toEqual([]);
    expect(blockProblems(block('declare function readLogText(source: unknown): Promise<string>;\n'))).toEqual([]);
  });

  it('rejects an ambient value used by code: a copied block would have no such value', () => {
    const [problem] = blockProblems(block("declare const result: SweepResult;\nconsole.log(result);\n"));
    expect(problem).toContain('declares ambient names');
  });

  it('rejects a flag without its reason and an unknown flag', () => {
    expect(blockProblems(block('interface A { a: string }\n', 'no-check'))).toEqual(['`no-check` needs its reason in the fence: ```ts no-check <why>']);
    expect(blockProblems(block('const a = 1;\n', 'nocheck because'))[0]).toContain('unknown fence flag "nocheck"');
  });
});

/**
 * Import cost: `import { TrainingJobBuilder } from 'sagemaker-bench'` (the built package, ESM and
 * CJS) next to importing @aws-sdk/client-sagemaker alone, each in a fresh Node process, runs
 * interleaved, medians reported. Also checks that importing the package loads no AWS client module.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist/index.js')) || process.env.BENCH_REBUILD) {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'ignore' });
}

interface Sample {
  ms: number;
  rssMB: number;
  awsClientsLoaded: number;
}

const probe = (what: string, kind: 'esm' | 'cjs') => `
const { createRequire } = require('node:module');
const req = createRequire(${JSON.stringify(join(root, 'package.json'))});
const t0 = performance.now();
const done = (m) => {
  const ms = performance.now() - t0;
  if (!m.TrainingJobBuilder && !m.SageMakerClient) throw new Error('nothing imported');
  const loaded = Object.keys(req.cache).filter((k) => /@aws-sdk[\\\\/]client-/.test(k)).length;
  process.stdout.write(JSON.stringify({ ms, rssMB: process.memoryUsage().rss / 2 ** 20, awsClientsLoaded: loaded }));
};
${kind === 'esm' ? `import(${JSON.stringify(what)}).then(done);` : `done(req(${JSON.stringify(what)}));`}
`;

const cases = {
  'sagemaker-bench (ESM, dist/index.js)': probe(join(root, 'dist/index.js'), 'esm'),
  'sagemaker-bench (CJS, dist/index.cjs)': probe(join(root, 'dist/index.cjs'), 'cjs'),
  '@aws-sdk/client-sagemaker alone': probe('@aws-sdk/client-sagemaker', 'cjs'),
  'node with nothing imported': `process.stdout.write(JSON.stringify({ ms: 0, rssMB: process.memoryUsage().rss / 2 ** 20, awsClientsLoaded: 0, TrainingJobBuilder: 1 }))`,
} as const;

const runs = 9;
const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, code] of Object.entries(cases)) {
    const r = spawnSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
    samples[name]!.push(JSON.parse(r.stdout) as Sample);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};
const baseline = median(samples['@aws-sdk/client-sagemaker alone']!.map((s) => s.ms));
const baseRss = median(samples['node with nothing imported']!.map((s) => s.rssMB));
console.log(`Import cost, median of ${runs} fresh processes each, interleaved (node ${process.version})\n`);
console.log('| import | time (ms) | vs client-sagemaker | RSS growth (MB) | AWS client modules loaded |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, list] of Object.entries(samples)) {
  if (name === 'node with nothing imported') continue;
  const ms = median(list.map((s) => s.ms));
  const rss = median(list.map((s) => s.rssMB)) - baseRss;
  const loaded = Math.max(...list.map((s) => s.awsClientsLoaded));
  console.log(`| ${name} | ${ms.toFixed(1)} | ${(ms / baseline).toFixed(3)}x | ${rss.toFixed(1)} | ${loaded} |`);
}
const esm = median(samples['sagemaker-bench (ESM, dist/index.js)']!.map((s) => s.ms));
const clean = Object.entries(samples).every(([n, l]) => !n.startsWith('sagemaker-bench') || l.every((s) => s.awsClientsLoaded === 0));
console.log(`\nTarget: importing the builder costs a fraction of importing the SageMaker client and loads no AWS client.`);
console.log(`Result: ${(esm / baseline).toFixed(3)}x of the client's import time; AWS clients loaded: ${clean ? 'none' : 'SOME (target missed)'}.`);
if (!clean) process.exitCode = 1;

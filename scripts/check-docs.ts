/**
 * `npm run check:docs`: type-checks every ```ts code block of README.md and docs/*.md against the
 * library's source, so the docs cannot drift from the code. Each block becomes a module that may
 * `import ... from 'sagemaker-bench'`; free names the docs use without defining them (a client, an
 * image URI, ...) are declared once in scripts/docs-globals.d.ts. A block fenced as ```ts no-check
 * is skipped (use it for fragments that cannot stand alone, and say why next to it).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, '.docs-check');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
let blocks = 0;
for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8');
  const fence = /^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```/gm;
  let match: RegExpExecArray | null;
  while ((match = fence.exec(text)) !== null) {
    if (/no-check/.test(match[2] ?? '')) continue;
    const line = text.slice(0, match.index).split('\n').length;
    const name = `${file.replace(/[^a-zA-Z0-9]+/g, '_')}_L${line}.ts`;
    writeFileSync(join(out, name), `// ${file}:${line}\n${match[3]}\nexport {};\n`);
    blocks++;
  }
}

writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify({
    extends: '../tsconfig.json',
    compilerOptions: { noEmit: true, noUnusedLocals: false, baseUrl: '..', paths: { 'sagemaker-bench': ['src/index.ts'] } },
    include: ['./*.ts', '../scripts/docs-globals.d.ts'],
    exclude: [],
  }),
);
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(out, 'tsconfig.json')], {
  stdio: 'inherit',
});
console.log(`checked ${blocks} code blocks from ${files.length} files`);
if (tsc.status === 0) rmSync(out, { recursive: true, force: true });
process.exit(tsc.status ?? 1);

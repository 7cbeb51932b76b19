/**
 * `npm run check:docs`: the docs work as copied, on GitHub and on npmjs.com.
 *
 * 1. Links: no relative link in README.md or docs/*.md (npmjs.com shows the README alone), every
 *    link into the repository names a file of the working tree (and a heading, with an anchor),
 *    and src/ comments point at docs by absolute URL too (scripts/docs-links.ts).
 * 2. Types: every ```ts block of README.md and docs/*.md is type-checked against the source as
 *    its own module, with no globals: a block uses only what it imports or defines, so a name
 *    it does not define fails here as it would fail a reader (scripts/docs-blocks.ts).
 * 3. Runs: every block that needs no AWS account is run (scripts/run-docs.ts), and must not throw.
 *
 * A fence may say ```ts no-check <why> (a fragment: neither checked nor run) or
 * ```ts no-run <why> (checked, not run). Options: `--no-run` (steps 1 and 2 only), `--verbose`
 * (every run block's output), `--jobs N`, and words that select the Markdown files to check
 * (`npm run check:docs -- logs README`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { blockProblems, classifyBlock, docBlocks, type BlockKind } from './docs-blocks';
import { checkMarkdownLinks, checkSourceDocLinks, headingAnchors, type LinkProblem, type Tree } from './docs-links';
import { runDocBlocks, type RunnableBlock } from './run-docs';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const run = !args.includes('--no-run');
const verbose = args.includes('--verbose');
const jobsAt = args.indexOf('--jobs');
const jobs = jobsAt === -1 ? undefined : Number(args[jobsAt + 1]);
const only = args.filter((a, i) => !a.startsWith('--') && (jobsAt === -1 || i !== jobsAt + 1));

const allFiles = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const files = only.length === 0 ? allFiles : allFiles.filter((f) => only.some((word) => f.includes(word)));
let failed = false;

// 1. Links.
const anchors = new Map<string, ReadonlySet<string>>();
const tree: Tree = {
  kind(path) {
    const full = join(root, path);
    if (relative(root, full).startsWith('..') || !existsSync(full)) return undefined;
    return statSync(full).isDirectory() ? 'dir' : 'file';
  },
  anchors(path) {
    let set = anchors.get(path);
    if (set === undefined) anchors.set(path, (set = headingAnchors(readFileSync(join(root, path), 'utf8'))));
    return set;
  },
};
const linkProblems: LinkProblem[] = files.flatMap((file) => checkMarkdownLinks(file, readFileSync(join(root, file), 'utf8'), tree));
if (only.length === 0) {
  for (const file of sourceFiles(join(root, 'src'))) {
    linkProblems.push(...checkSourceDocLinks(relative(root, file), readFileSync(file, 'utf8'), tree));
  }
}
for (const p of linkProblems) console.error(`${p.file}:${p.line}: ${p.target}: ${p.message}`);
console.log(`links: ${linkProblems.length === 0 ? 'ok' : `${linkProblems.length} problems`} (${files.length} pages${only.length === 0 ? ' and src/' : ''})`);
if (linkProblems.length > 0) failed = true;

// 2. Types: one module per block, in .docs-check/ (one level down, as docs/ is: a relative import
// in a block of docs/ resolves as from there), each file named after this run: others may run
// the check at the same time.
const out = join(root, '.docs-check');
const prefix = `${process.pid}-`;
mkdirSync(out, { recursive: true });
const counts: Record<BlockKind, number> = { run: 0, aws: 0, 'types-only': 0, 'no-run': 0, 'no-check': 0 };
const runnable: RunnableBlock[] = [];
let blockCount = 0;
for (const file of files) {
  for (const block of docBlocks(file, readFileSync(join(root, file), 'utf8'))) {
    blockCount++;
    const label = `${file}:${block.line}`;
    for (const problem of blockProblems(block)) {
      console.error(`${label}: ${problem}`);
      failed = true;
    }
    const { kind } = classifyBlock(block);
    counts[kind]++;
    if (kind === 'no-check') continue;
    const path = join(out, `${prefix}${file.replace(/[^a-zA-Z0-9]+/g, '_')}_L${block.line}.ts`);
    // `export {}`: a module even without imports, so no block sees another's names.
    writeFileSync(path, `// ${label}\n${block.code}\nexport {};\n`);
    if (kind === 'run') runnable.push({ label, file: path, code: block.code });
  }
}
const tsconfig = join(out, `${prefix}tsconfig.json`);
writeFileSync(
  tsconfig,
  JSON.stringify({
    extends: '../tsconfig.json',
    compilerOptions: { noEmit: true, noUnusedLocals: false },
    include: [`./${prefix}*.ts`],
    exclude: [],
  }),
);
const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { stdio: 'inherit' });
if (tsc.status !== 0) failed = true;
console.log(
  `types: ${tsc.status === 0 ? 'ok' : 'FAILED'}: ${blockCount - counts['no-check']} of ${blockCount} code blocks checked` +
    ` (${counts['no-check']} no-check) from ${files.length} files`,
);

// 3. Runs.
if (run && tsc.status === 0) {
  const failures = await runDocBlocks(runnable, { root, tsconfig, verbose, ...(jobs !== undefined && jobs > 0 ? { jobs } : {}) });
  console.log(
    `runs: ${failures.length === 0 ? 'ok' : `${failures.length} FAILED`}: ${runnable.length - failures.length} of ${runnable.length} runnable blocks ran` +
      ` (not run: ${counts.aws} need AWS, ${counts['types-only']} only types, ${counts['no-run']} no-run, ${counts['no-check']} no-check)`,
  );
  if (failures.length > 0) failed = true;
} else if (!run) {
  console.log(`runs: skipped (--no-run); ${runnable.length} blocks would run`);
}

if (!failed) {
  for (const name of readdirSync(out)) if (name.startsWith(prefix)) rmSync(join(out, name), { force: true });
  if (readdirSync(out).length === 0) rmSync(out, { recursive: true, force: true });
} else {
  console.error(`the blocks as checked are in .docs-check/${prefix}*.ts`);
}
process.exit(failed ? 1 : 0);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

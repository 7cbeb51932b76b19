/**
 * The ```ts code blocks of a Markdown page, and what `npm run check:docs` does with each: type-check
 * it as its own module, run it, or only type-check it (and why). Used by scripts/check-docs.ts.
 *
 * A fence may carry one flag after the language, always with its reason:
 *
 * - ```ts no-check <reason>: neither type-checked nor run (a fragment that cannot stand alone);
 * - ```ts no-run <reason>: type-checked, not run (it needs something the docs check cannot give).
 *
 * Every other block is type-checked, and run unless it needs AWS (it calls `createClients` or
 * imports an AWS SDK client) or holds only types.
 *
 * @example
 * ```ts
 * import { classifyBlock, docBlocks } from './docs-blocks';
 *
 * for (const block of docBlocks('docs/builder.md', '```ts\nconsole.log(1);\n```\n')) {
 *   console.log(block.line, classifyBlock(block).kind); // 1 'run'
 * }
 * ```
 */
import ts from 'typescript';

/** One ```ts (or ```typescript) block of a Markdown file. */
export interface DocBlock {
  /** The Markdown file, relative to the repository. */
  file: string;
  /** The 1-based line of the opening fence. */
  line: number;
  /** The fence's text after the language, trimmed (`no-check a fragment of ...`). */
  info: string;
  /** The code, without the fences. */
  code: string;
}

/** What the docs check does with a block. */
export type BlockKind = 'run' | 'aws' | 'types-only' | 'no-run' | 'no-check';

/** A block's kind and, for every kind but `run`, why it is not run. */
export interface BlockClass {
  kind: BlockKind;
  reason?: string;
}

const FLAGS = ['no-check', 'no-run'] as const;

/** Every ```ts / ```typescript block of `markdown`, in order (fences at the start of a line). */
export function docBlocks(file: string, markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const fence = /^```(?:ts|typescript)(?=[ \t]|$)([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
  for (const match of markdown.matchAll(fence)) {
    const line = markdown.slice(0, match.index).split('\n').length;
    blocks.push({ file, line, info: (match[1] ?? '').trim(), code: match[2] ?? '' });
  }
  return blocks;
}

/** The flag of a block's fence and its reason, or `undefined` for a plain ```ts block. */
function fenceFlag(block: DocBlock): { flag: (typeof FLAGS)[number] | string; reason: string } | undefined {
  if (block.info === '') return undefined;
  const [, flag = '', reason = ''] = /^([^\s:]+):?\s*(.*)$/.exec(block.info) ?? [];
  return { flag, reason: reason.trim() };
}

/**
 * What is wrong with a block as the docs check reads it, one sentence each: an unknown fence
 * flag, a flag without its reason, or ambient declarations (`declare const x: ...`) next to code
 * that uses them (a copy of the block would have no `x`; `declare` is for signature-only blocks).
 */
export function blockProblems(block: DocBlock): string[] {
  const problems: string[] = [];
  const flag = fenceFlag(block);
  if (flag !== undefined) {
    if (!(FLAGS as readonly string[]).includes(flag.flag)) {
      problems.push(`unknown fence flag "${flag.flag}" (known: ${FLAGS.join(', ')}, each followed by its reason)`);
    } else if (flag.reason === '') {
      problems.push(`\`${flag.flag}\` needs its reason in the fence: \`\`\`ts ${flag.flag} <why>`);
    }
    if (flag.flag === 'no-check') return problems;
  }
  const source = parse(block);
  if (!isTypesOnly(source) && source.statements.some(isAmbient)) {
    problems.push(
      'declares ambient names (`declare ...`) next to code: a copied block has no such value; define it at the top of the block instead',
    );
  }
  return problems;
}

/** Whether the docs check runs a block, and if not, why. */
export function classifyBlock(block: DocBlock): BlockClass {
  const flag = fenceFlag(block);
  if (flag?.flag === 'no-check') return { kind: 'no-check', reason: flag.reason };
  if (flag?.flag === 'no-run') return { kind: 'no-run', reason: flag.reason };
  const source = parse(block);
  if (isTypesOnly(source)) return { kind: 'types-only', reason: 'declarations only: nothing to run' };
  const awsImport = source.statements.find(
    (s): s is ts.ImportDeclaration =>
      ts.isImportDeclaration(s) &&
      ts.isStringLiteral(s.moduleSpecifier) &&
      s.moduleSpecifier.text.startsWith('@aws-sdk/') &&
      !isTypeOnlyImport(s),
  );
  if (awsImport !== undefined) {
    return { kind: 'aws', reason: `needs AWS: imports ${(awsImport.moduleSpecifier as ts.StringLiteral).text}` };
  }
  if (/\bcreateClients\s*\(/.test(block.code)) return { kind: 'aws', reason: 'needs AWS: calls createClients' };
  return { kind: 'run' };
}

function parse(block: DocBlock): ts.SourceFile {
  return ts.createSourceFile(`${block.file}:${block.line}.ts`, block.code, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
}

function isAmbient(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
}

function isTypeOnlyImport(statement: ts.ImportDeclaration): boolean {
  const clause = statement.importClause;
  if (clause === undefined) return false; // `import 'x'` runs x
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return clause.name === undefined && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

/** Interfaces, type aliases, ambient declarations and type imports only: nothing happens when it runs. */
function isTypesOnly(source: ts.SourceFile): boolean {
  return source.statements.every(
    (s) =>
      ts.isInterfaceDeclaration(s) ||
      ts.isTypeAliasDeclaration(s) ||
      ts.isEmptyStatement(s) ||
      isAmbient(s) ||
      (ts.isImportDeclaration(s) && isTypeOnlyImport(s)) ||
      (ts.isExportDeclaration(s) && s.isTypeOnly),
  );
}

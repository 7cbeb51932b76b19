/**
 * Links of README.md and docs/*.md that work where the pages are read: on GitHub and on
 * npmjs.com, which shows the README alone, so a relative link there leads nowhere. Every link to
 * a file of the repository is absolute (`https://github.com/sagemaker-bench/sagemaker-bench/blob/main/<path>`,
 * images `https://raw.githubusercontent.com/sagemaker-bench/sagemaker-bench/main/<path>` so that
 * they render), points at a file of the working tree and, with an anchor, at one of its headings.
 * Used by scripts/check-docs.ts.
 *
 * @example
 * ```ts
 * import { githubSlug } from './docs-links';
 *
 * githubSlug("Sharing the account's quota"); // 'sharing-the-accounts-quota'
 * ```
 */

export const REPOSITORY = 'sagemaker-bench/sagemaker-bench';
/** Where a file of the repository is shown on GitHub. */
export const BLOB_URL = `https://github.com/${REPOSITORY}/blob/main/`;
/** Where a folder of the repository is shown on GitHub. */
export const TREE_URL = `https://github.com/${REPOSITORY}/tree/main/`;
/** Where a file's bytes are served (an image in the README renders on npmjs.com from there). */
export const RAW_URL = `https://raw.githubusercontent.com/${REPOSITORY}/main/`;

/** A link found in a Markdown page. */
export interface MarkdownLink {
  target: string;
  /** 1-based. */
  line: number;
  image: boolean;
}

/** What is wrong with one link. */
export interface LinkProblem {
  file: string;
  line: number;
  target: string;
  message: string;
}

/** What the checks need to know of the working tree. */
export interface Tree {
  /** `file`, `dir` or `undefined` (absent) for a path relative to the repository. */
  kind(path: string): 'file' | 'dir' | undefined;
  /** The anchors of a Markdown file of the repository (its headings' slugs). */
  anchors(path: string): ReadonlySet<string>;
}

/**
 * GitHub's anchor for a heading's text: lowercase, punctuation dropped except `-` and `_`,
 * spaces to `-` (as github-slugger does; inline code marks, emphasis and link targets are not
 * part of the text).
 */
export function githubSlug(heading: string): string {
  return plainText(heading)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a page: one per ATX heading, a repeated slug numbered `-1`, `-2`, ... as GitHub does. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (heading === null) continue;
    const slug = githubSlug(heading[1] ?? '');
    const n = seen.get(slug);
    seen.set(slug, (n ?? 0) + 1);
    anchors.add(n === undefined ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** The inline links, images and HTML `href`/`src` of a page, outside code blocks and code spans. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  proseLines(markdown).forEach((line, i) => {
    const text = line.replace(/(`+)[^`]*?\1/g, (span) => ' '.repeat(span.length)); // code spans are not links
    for (const m of text.matchAll(/(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ target: m[2] ?? '', line: i + 1, image: m[1] === '!' });
    }
    for (const m of text.matchAll(/<(a|img)\b[^>]*?\b(href|src)\s*=\s*"([^"]*)"/gi)) {
      links.push({ target: m[3] ?? '', line: i + 1, image: (m[1] ?? '').toLowerCase() === 'img' });
    }
  });
  return links;
}

/**
 * Every problem with the links of one Markdown page: relative links (`docs/x.md`, `../examples/`,
 * `images/y.svg`), absolute repository links to a missing file or heading, images not served raw,
 * and in-page `#anchors` without their heading.
 */
export function checkMarkdownLinks(file: string, markdown: string, tree: Tree): LinkProblem[] {
  const problems: LinkProblem[] = [];
  const own = headingAnchors(markdown);
  for (const { target, line, image } of markdownLinks(markdown)) {
    const problem = (message: string) => problems.push({ file, line, target, message });
    if (target.startsWith('#')) {
      if (!own.has(decodeURIComponent(target.slice(1)))) problem(`no heading of ${file} has the anchor ${target}`);
      continue;
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
      const repositoryLink = repositoryPath(target);
      if (repositoryLink?.via === 'blob' && image) {
        problem(`an image from github.com/.../blob/ does not render on npmjs.com: use ${RAW_URL}${repositoryLink.path}`);
      }
      continue; // absolute repository links are checked with the bare ones below
    }
    const fromRepository = resolveRelative(file, target);
    const absolute = image ? `${RAW_URL}${fromRepository}` : `${fromRepository.endsWith('/') ? TREE_URL : BLOB_URL}${fromRepository.replace(/\/$/, '')}`;
    problem(`relative link: it leads nowhere on npmjs.com; write ${absolute}`);
  }
  problems.push(...checkRepositoryUrls(file, proseLines(markdown).join('\n'), tree));
  return problems;
}

/**
 * The repository URLs in any text (a page's prose, a source file's comments): each must name a
 * file (blob, raw) or folder (tree) of the working tree, and an anchor into a Markdown file one
 * of its headings.
 */
export function checkRepositoryUrls(file: string, text: string, tree: Tree): LinkProblem[] {
  const problems: LinkProblem[] = [];
  const urls = new RegExp(`(?:${escape(BLOB_URL)}|${escape(TREE_URL)}|${escape(RAW_URL)})[^\\s)\\]>"'\`]*`, 'g');
  text.split('\n').forEach((lineText, i) => {
    for (const m of lineText.matchAll(urls)) {
      const target = m[0].replace(/[.,;:]+$/, ''); // sentence punctuation after a bare URL
      const problem = (message: string) => problems.push({ file, line: i + 1, target, message });
      const link = repositoryPath(target);
      if (link === undefined) continue;
      const kind = tree.kind(link.path);
      const wanted = link.via === 'tree' ? 'dir' : 'file';
      if (link.path === '' || kind !== wanted) {
        problem(kind === undefined ? `${link.path || '(nothing)'} does not exist in the repository` : `${link.path} is a ${kind === 'dir' ? 'folder' : 'file'}: link it with ${kind === 'dir' ? TREE_URL : BLOB_URL}`);
        continue;
      }
      if (link.anchor !== undefined && link.path.endsWith('.md') && !tree.anchors(link.path).has(link.anchor)) {
        problem(`no heading of ${link.path} has the anchor #${link.anchor}`);
      }
    }
  });
  return problems;
}

/**
 * References to docs in source comments that a reader of the published package cannot follow:
 * a bare path to a page of docs/ (`See docs/logs.md`: write its absolute URL), besides the
 * repository URLs' own checks.
 */
export function checkSourceDocLinks(file: string, text: string, tree: Tree): LinkProblem[] {
  const problems: LinkProblem[] = [];
  text.split('\n').forEach((lineText, i) => {
    const prose = lineText.replace(/\{@link\s+[^}|]*\|[^}]*\}/g, (link) => ' '.repeat(link.length)); // a link's text may name the page
    for (const m of prose.matchAll(/(?<![\w/.-])docs\/[\w./-]*?\.md/g)) {
      if (tree.kind(m[0]) !== 'file') continue; // another project's docs/, named in a comment
      problems.push({ file, line: i + 1, target: m[0], message: `a bare path: write {@link ${BLOB_URL}${m[0]} | ${m[0]}}` });
    }
  });
  return [...problems, ...checkRepositoryUrls(file, text, tree)];
}

function repositoryPath(url: string): { via: 'blob' | 'tree' | 'raw'; path: string; anchor?: string } | undefined {
  for (const [via, prefix] of [['blob', BLOB_URL], ['tree', TREE_URL], ['raw', RAW_URL]] as const) {
    if (!url.startsWith(prefix)) continue;
    const [rest = '', anchor] = url.slice(prefix.length).split('#', 2);
    const path = decodeURIComponent(rest.split('?')[0] ?? '').replace(/\/$/, '');
    return anchor === undefined ? { via, path } : { via, path, anchor: decodeURIComponent(anchor) };
  }
  return undefined;
}

/** `target` (relative to the page `file`, both relative to the repository) from the repository's root. */
function resolveRelative(file: string, target: string): string {
  const parts = file.split('/').slice(0, -1);
  const [path = '', anchor] = target.split('#', 2);
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/') + (path.endsWith('/') ? '/' : '') + (anchor === undefined ? '' : `#${anchor}`);
}

/** The page's lines with fenced code blocks blanked (line numbers kept). */
function proseLines(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const open = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === undefined) {
      if (open === null) return line;
      fence = open[1];
      return '';
    }
    if (open !== null && open[1]?.[0] === fence[0] && (open[1]?.length ?? 0) >= fence.length && line.trim() === open[1]) fence = undefined;
    return '';
  });
}

/** A heading's text as GitHub renders it: no code marks, no emphasis marks, links as their text. */
function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/[`*]/g, '')
    .trim();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

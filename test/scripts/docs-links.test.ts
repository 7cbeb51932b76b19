/**
 * scripts/docs-links.ts: the link rules of `npm run check:docs` (absolute repository links that
 * exist, with their anchors; no relative link; images served raw; no bare docs/ path in src/).
 */
import { describe, expect, it } from 'vitest';
import {
  BLOB_URL,
  RAW_URL,
  TREE_URL,
  checkMarkdownLinks,
  checkSourceDocLinks,
  githubSlug,
  headingAnchors,
  markdownLinks,
  type Tree,
} from '../../scripts/docs-links';

/** A working tree of a few files; docs/logs.md has two headings. */
const tree: Tree = {
  kind: (path) =>
    ['docs/logs.md', 'docs/cost.md', 'docs/images/chart.svg', 'examples/sweep/digits.sweep.json'].includes(path) ? 'file'
    : ['docs', 'examples', 'examples/sweep'].includes(path) ? 'dir'
    : undefined,
  anchors: (path) => (path === 'docs/logs.md' ? new Set(['readlogtext', 'sharing-the-accounts-quota']) : new Set()),
};

describe('githubSlug', () => {
  it('lowercases, turns spaces into hyphens and drops punctuation but hyphens and underscores', () => {
    expect(githubSlug("Sharing the account's quota")).toBe('sharing-the-accounts-quota');
    expect(githubSlug('Time limits: no request waits forever')).toBe('time-limits-no-request-waits-forever');
    expect(githubSlug('read() and follow()')).toBe('read-and-follow');
    expect(githubSlug('snake_case and kebab-case')).toBe('snake_case-and-kebab-case');
  });

  it('takes the text of code spans, emphasis and links, not their marks or targets', () => {
    expect(githubSlug('Progress: `onEvent`')).toBe('progress-onevent');
    expect(githubSlug('**Bold** [link](https://example.com/x)')).toBe('bold-link');
  });
});

describe('headingAnchors', () => {
  it('numbers a repeated heading as GitHub does and ignores headings inside code blocks', () => {
    const anchors = headingAnchors('# Logs\n## Options\n```sh\n# a comment, not a heading\n```\n### Options\n');
    expect([...anchors]).toEqual(['logs', 'options', 'options-1']);
  });
});

describe('markdownLinks', () => {
  it('finds links and images with their lines, and none in code blocks or code spans', () => {
    const links = markdownLinks('See [Cost](cost.md).\n![chart](images/chart.svg)\n`[not](a-link.md)`\n```ts\n[x](y.md)\n```\n');
    expect(links).toEqual([
      { target: 'cost.md', line: 1, image: false },
      { target: 'images/chart.svg', line: 2, image: true },
    ]);
  });

  it('finds the href and src of HTML links and images', () => {
    expect(markdownLinks('<a href="docs/cost.md">cost</a> <img src="docs/images/chart.svg">')).toEqual([
      { target: 'docs/cost.md', line: 1, image: false },
      { target: 'docs/images/chart.svg', line: 1, image: true },
    ]);
  });
});

describe('checkMarkdownLinks', () => {
  it('accepts absolute links to files, folders and headings that exist, and external links', () => {
    const page = [
      `[Logs](${BLOB_URL}docs/logs.md#readlogtext), [examples](${TREE_URL}examples/sweep),`,
      `![chart](${RAW_URL}docs/images/chart.svg), [moto](https://github.com/getmoto/moto).`,
    ].join('\n');
    expect(checkMarkdownLinks('README.md', page, tree)).toEqual([]);
  });

  it("rejects a relative link and names the absolute one to write, from the page's folder", () => {
    const problems = checkMarkdownLinks('docs/sweep-files.md', '[file](../examples/sweep/digits.sweep.json) [Logs](logs.md#readlogtext)', tree);
    expect(problems.map((p) => p.message)).toEqual([
      `relative link: it leads nowhere on npmjs.com; write ${BLOB_URL}examples/sweep/digits.sweep.json`,
      `relative link: it leads nowhere on npmjs.com; write ${BLOB_URL}docs/logs.md#readlogtext`,
    ]);
  });

  it('asks for the raw URL of a relative image, and of an image linked through github.com/.../blob/', () => {
    const problems = checkMarkdownLinks('docs/reports.md', `![a](images/chart.svg)\n![b](${BLOB_URL}docs/images/chart.svg)`, tree);
    expect(problems).toHaveLength(2);
    expect(problems[0]?.message).toContain(`${RAW_URL}docs/images/chart.svg`);
    expect(problems[1]).toMatchObject({ line: 2, message: expect.stringContaining('does not render on npmjs.com') });
  });

  it('rejects an absolute link to a missing file, a folder linked as a file, and a missing anchor', () => {
    const page = [`[a](${BLOB_URL}docs/nope.md)`, `[b](${BLOB_URL}examples)`, `[c](${BLOB_URL}docs/logs.md#no-such-heading)`].join('\n');
    expect(checkMarkdownLinks('README.md', page, tree).map((p) => [p.line, p.message])).toEqual([
      [1, 'docs/nope.md does not exist in the repository'],
      [2, `examples is a folder: link it with ${TREE_URL}`],
      [3, 'no heading of docs/logs.md has the anchor #no-such-heading'],
    ]);
  });

  it('checks a bare repository URL in the prose as it checks a link', () => {
    const problems = checkMarkdownLinks('README.md', `The schema: ${BLOB_URL}schema/missing.json.`, tree);
    expect(problems.map((p) => p.target)).toEqual([`${BLOB_URL}schema/missing.json`]);
  });

  it("checks an in-page anchor against the page's own headings", () => {
    const page = '# Logs\n## The LogSource interface\nSee [it](#the-logsource-interface) and [that](#nowhere).';
    expect(checkMarkdownLinks('docs/logs.md', page, tree).map((p) => p.target)).toEqual(['#nowhere']);
  });
});

describe('checkSourceDocLinks', () => {
  it('rejects a bare path to a page of docs/ in a comment and accepts the {@link} to its URL', () => {
    const source = [
      '/** A whole log as one string. See docs/logs.md. */',
      `/** See {@link ${BLOB_URL}docs/logs.md#readlogtext | docs/logs.md}. */`,
      '// figures from github.com/someone/wiki docs/sagemaker_instances.md (not a page of ours)',
    ].join('\n');
    expect(checkSourceDocLinks('src/logs/readLogText.ts', source, tree)).toEqual([
      { file: 'src/logs/readLogText.ts', line: 1, target: 'docs/logs.md', message: `a bare path: write {@link ${BLOB_URL}docs/logs.md | docs/logs.md}` },
    ]);
  });

  it('rejects a repository URL in a comment whose anchor is not a heading', () => {
    const problems = checkSourceDocLinks('src/x.ts', `/** See {@link ${BLOB_URL}docs/logs.md#gone | docs/logs.md}. */`, tree);
    expect(problems.map((p) => p.message)).toEqual(['no heading of docs/logs.md has the anchor #gone']);
  });
});

import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { describe, expect, it } from 'vitest';
import { sweepReport } from '../../src/report/sweepReport';
import { cifarSweep, emptySweep, mnistSweep } from './support/sweepResults';
import { elements, parseSvg } from './support/parseSvg';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

function all(node: Node): Node[] {
  const children = 'childNodes' in node ? node.childNodes : [];
  const content = node.nodeName === 'template' ? [(node as DefaultTreeAdapterMap['template']).content] : [];
  return [node, ...[...children, ...content].flatMap(all)];
}

function named(root: Node, tag: string): Element[] {
  return all(root).filter((n): n is Element => 'tagName' in n && n.tagName === tag);
}

function textOf(node: Node): string {
  return all(node)
    .filter((n): n is DefaultTreeAdapterMap['textNode'] => n.nodeName === '#text')
    .map((n) => n.value)
    .join('');
}

function page(html: string) {
  const errors: string[] = [];
  const document = parse(html, { onParseError: (error) => void errors.push(error.code) });
  return { document, errors };
}

const target = { metric: 'val_accuracy', value: 0.75 };

describe("sweepReport(result, { format: 'html' })", () => {
  it('is a valid HTML5 page: doctype, lang, charset, title, and no parse error', () => {
    const html = sweepReport(cifarSweep(), { format: 'html', target });
    const { document, errors } = page(html);
    expect(errors).toEqual([]);
    expect(html.startsWith('<!doctype html>\n')).toBe(true);
    expect(document.childNodes[0]!.nodeName).toBe('#documentType');
    const [root] = named(document, 'html');
    expect(root!.attrs).toContainEqual({ name: 'lang', value: 'en' });
    expect(named(document, 'meta').some((m) => m.attrs.some((a) => a.name === 'charset' && a.value === 'utf-8'))).toBe(true);
    expect(textOf(named(document, 'title')[0]!)).toBe('Sweep cifar-sweep: resnet50');
  });

  it("holds the Markdown's tables: one per model, and one more for the target", () => {
    const { document } = page(sweepReport([cifarSweep(), mnistSweep()], { format: 'html', target }));
    const tables = named(document, 'table');
    expect(tables).toHaveLength(4);
    const rows = named(tables[0]!, 'tr');
    expect(rows).toHaveLength(1 + 4);
    expect(named(rows[0]!, 'th').map(textOf)).toContain('s / epoch');
    expect(named(rows[2]!, 'td').map(textOf)).toContain('37.2 ± 5.5 s (fastest)');
    expect(named(rows[2]!, 'strong').map(textOf)).toEqual(['37.2 ± 5.5 s']);
  });

  it('draws the three charts inline as SVG, each well-formed XML', () => {
    const html = sweepReport(cifarSweep(), { format: 'html' });
    const { document } = page(html);
    const svgs = named(document, 'svg');
    expect(svgs).toHaveLength(3);
    const sources = html.match(/<svg[\s\S]*?<\/svg>/g)!;
    expect(sources).toHaveLength(3);
    for (const source of sources) expect(elements(parseSvg(source), 'svg')).toHaveLength(1);
    expect(sources.map((s) => /aria-labelledby="([a-z-]+)-title/.exec(s)![1])).toEqual(['sb-epoch-time', 'sb-cost-vs-time', 'sb-loss']);
  });

  it('leaves the charts out with charts: false', () => {
    expect(named(page(sweepReport(cifarSweep(), { format: 'html', charts: false })).document, 'svg')).toHaveLength(0);
  });

  it('loads nothing: no script, no link, no src or href, no url() in any style', () => {
    const html = sweepReport(cifarSweep(), { format: 'html', target });
    const { document } = page(html);
    const nodes = all(document).filter((n): n is Element => 'tagName' in n);
    expect(nodes.filter((n) => ['script', 'link', 'img', 'iframe', 'object', 'embed', 'image', 'use'].includes(n.tagName))).toEqual([]);
    expect(nodes.flatMap((n) => n.attrs.filter((a) => /^(src|href|xlink:href|srcset|action)$/i.test(a.name)))).toEqual([]);
    expect(html).not.toMatch(/url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg")/);
  });

  it('has light and dark colours through a prefers-color-scheme media query the charts follow', () => {
    const { document } = page(sweepReport(cifarSweep(), { format: 'html' }));
    const style = textOf(named(document, 'style')[0]!);
    expect(style).toContain('color-scheme:light dark');
    expect(style).toMatch(/@media \(prefers-color-scheme: dark\)\{:root\{[^}]*--sb-fg:/);
    const chartStyle = named(document, 'style').slice(1).map(textOf);
    expect(chartStyle).toHaveLength(3);
    expect(chartStyle[0]).toContain('color:var(--sb-fg,');
    expect(chartStyle[0]).toContain('@media (prefers-color-scheme:dark)');
  });

  it('escapes every text: a job name or reason with markup stays text', () => {
    const result = cifarSweep();
    result.jobs[3]!.failureReason = '<script>alert(1)</script> & <img src=x onerror=alert(2)>';
    result.name = '<b>"sweep"</b>';
    const html = sweepReport(result, { format: 'html' });
    const { document, errors } = page(html);
    expect(errors).toEqual([]);
    expect(named(document, 'script')).toHaveLength(0);
    expect(named(document, 'img')).toHaveLength(0);
    expect(named(document, 'b')).toHaveLength(0);
    expect(textOf(document)).toContain('Failed: <script>alert(1)</script> & <img src=x onerror=alert(2)>');
    expect(textOf(named(document, 'title')[0]!)).toBe('Sweep <b>"sweep"</b>: resnet50');
  });

  it('is a valid page for an empty sweep, its charts saying "no data"', () => {
    const html = sweepReport(emptySweep(), { format: 'html' });
    const { document, errors } = page(html);
    expect(errors).toEqual([]);
    expect(named(document, 'svg')).toHaveLength(3);
    expect(html.match(/>no data</g)).toHaveLength(3);
  });
});

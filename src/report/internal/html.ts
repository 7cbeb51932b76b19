/**
 * The HTML report: one self-contained page (no script, font, image or style sheet to fetch),
 * light and dark, every text escaped. Internal.
 *
 * @module
 */
import { escapeXml } from './escapeXml';
import type { ReportDocument, ReportTable, ReportTableCell } from './reportDocument';

const STYLE = [
  ':root{color-scheme:light dark;--sb-bg:#ffffff;--sb-fg:#1f2328;--sb-muted:#59636e;--sb-border:#d1d9e0;--sb-stripe:#f6f8fa}',
  '@media (prefers-color-scheme: dark){:root{--sb-bg:#0d1117;--sb-fg:#e6edf3;--sb-muted:#9198a1;--sb-border:#3d444d;--sb-stripe:#151b23}}',
  'body{margin:0;background:var(--sb-bg);color:var(--sb-fg);font:14px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif}',
  'main{max-width:1200px;margin:0 auto;padding:24px}',
  '.table{overflow-x:auto}',
  'table{border-collapse:collapse;margin:12px 0;font-variant-numeric:tabular-nums}',
  'th,td{border:1px solid var(--sb-border);padding:4px 8px;text-align:left;vertical-align:top}',
  'th.num,td.num{text-align:right}',
  'tbody tr:nth-child(even){background:var(--sb-stripe)}',
  '.notes,.sweep{color:var(--sb-muted);font-size:13px}',
  'figure{margin:16px 0}',
  'figure svg{max-width:100%;height:auto}',
].join('\n');

function text(value: string): string {
  return escapeXml(value).replace(/\r\n|\r|\n/g, '<br>');
}

function cell(value: ReportTableCell, numeric: boolean): string {
  const body = value.strong ? `<strong>${text(value.text)}</strong>` : text(value.text);
  const suffix = value.suffix ? ` ${text(value.suffix)}` : '';
  return `<td${numeric ? ' class="num"' : ''}>${body}${suffix}</td>`;
}

function table(value: ReportTable): string {
  const head = value.columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${text(c.header)}</th>`).join('');
  const body = value.rows.map((row) => `<tr>${row.map((c, i) => cell(c, value.columns[i]?.numeric ?? false)).join('')}</tr>`).join('\n');
  return `<div class="table"><table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table></div>`;
}

function list(items: readonly string[], className?: string): string {
  return `<ul${className ? ` class="${className}"` : ''}>\n${items.map((i) => `<li>${text(i)}</li>`).join('\n')}\n</ul>`;
}

/** `document` as an HTML5 page, with `charts` (SVG documents) inline. */
export function renderHtml(document: ReportDocument, charts: readonly string[]): string {
  const body: string[] = [`<h1>${text(document.title)}</h1>`];
  if (document.sections.length === 0) body.push('<p>No sweep results.</p>');
  for (const section of document.sections) {
    body.push('<section>');
    body.push(`<h2>${text(section.model)}</h2>`);
    for (const line of section.sweeps) body.push(`<p class="sweep">${text(line)}</p>`);
    body.push(section.table.rows.length === 0 ? '<p>No jobs.</p>' : table(section.table));
    body.push(list(section.notes, 'notes'));
    if (section.target !== undefined) {
      body.push(`<h3>${text(section.target.heading)}</h3>`);
      body.push(`<p>${text(section.target.intro)}</p>`);
      if (section.target.table.rows.length > 0) body.push(table(section.target.table));
      body.push(list(section.target.notes, 'notes'));
    }
    body.push('</section>');
  }
  if (charts.length > 0) {
    body.push('<section>', '<h2>Charts</h2>');
    for (const chart of charts) body.push(`<figure>\n${chart.replace(/^<\?xml[^>]*>\s*/, '').trimEnd()}\n</figure>`);
    body.push('</section>');
  }
  body.push('<section>', '<h2>Failures</h2>');
  body.push(document.failures.length === 0 ? '<p>None: every job completed.</p>' : list(document.failures));
  body.push('</section>');
  if (document.notes.length > 0) body.push('<section>', '<h2>Notes</h2>', list(document.notes), '</section>');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text(document.title).replace(/<br>/g, ' ')}</title>`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

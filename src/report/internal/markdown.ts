/**
 * The Markdown report. Internal.
 *
 * @module
 */
import { escapeMarkdown, markdownTable } from './markdownTable';
import type { ReportDocument } from './reportDocument';

function list(items: readonly string[]): string {
  return items.map((item) => `- ${escapeMarkdown(item)}`).join('\n');
}

/** `document` as GitHub Flavored Markdown: one table per model, time to target, failures, notes. */
export function renderMarkdown(document: ReportDocument): string {
  const blocks: string[] = [`# ${escapeMarkdown(document.title)}`];
  if (document.sections.length === 0) blocks.push('No sweep results.');
  for (const section of document.sections) {
    blocks.push(`## ${escapeMarkdown(section.model)}`);
    blocks.push(section.sweeps.map(escapeMarkdown).join('\n\n'));
    blocks.push(section.table.rows.length === 0 ? 'No jobs.' : markdownTable(section.table));
    blocks.push(list(section.notes));
    if (section.target !== undefined) {
      blocks.push(`### ${escapeMarkdown(section.target.heading)}`);
      blocks.push(escapeMarkdown(section.target.intro));
      if (section.target.table.rows.length > 0) blocks.push(markdownTable(section.target.table));
      blocks.push(list(section.target.notes));
    }
  }
  blocks.push('## Failures');
  blocks.push(document.failures.length === 0 ? 'None: every job completed.' : list(document.failures));
  if (document.notes.length > 0) {
    blocks.push('## Notes');
    blocks.push(list(document.notes));
  }
  return `${blocks.filter((b) => b !== '').join('\n\n')}\n`;
}

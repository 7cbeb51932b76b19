/**
 * Markdown text and tables (GitHub Flavored Markdown) from plain text: nothing a job name or a
 * failure reason holds can break a table or turn into markup. Internal.
 *
 * @module
 */
import { sanitizeText } from './escapeXml';
import type { ReportTable, ReportTableCell } from './reportDocument';

/** Markdown for `text` inline: entities for `& < >`, a backslash before `\ ` * [ ] ~ |`, newlines as spaces. */
export function escapeMarkdown(text: string): string {
  return escapeInline(text).replace(/\r\n|\r|\n/g, ' ');
}

/** Markdown for `text` in a table cell: as {@link escapeMarkdown}, newlines as `<br>`. */
export function escapeMarkdownCell(text: string): string {
  return escapeInline(text).replace(/\r\n|\r|\n/g, '<br>');
}

function escapeInline(text: string): string {
  return sanitizeText(String(text))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*[\]~|]/g, '\\$&');
}

function cell(value: ReportTableCell): string {
  const text = escapeMarkdownCell(value.text);
  return value.strong && text !== '' ? `**${text}**${value.suffix ? ` ${escapeMarkdownCell(value.suffix)}` : ''}` : `${text}${value.suffix ? ` ${escapeMarkdownCell(value.suffix)}` : ''}`;
}

/** A GFM table: a header row, an alignment row (numbers right-aligned) and one row per entry. */
export function markdownTable(table: ReportTable): string {
  const header = `| ${table.columns.map((c) => escapeMarkdownCell(c.header)).join(' | ')} |`;
  const align = `| ${table.columns.map((c) => (c.numeric ? '---:' : '---')).join(' | ')} |`;
  const rows = table.rows.map((row) => `| ${row.map(cell).join(' | ')} |`);
  return [header, align, ...rows].join('\n');
}

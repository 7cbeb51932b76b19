/**
 * A plain text table: columns padded to their widest cell, numbers right-aligned, and at most
 * `maxRows` rows (then `... n more rows`, or of `noun`, as `util.inspect` cuts arrays). Internal.
 *
 * @example
 * ```ts
 * textTable(['epoch', 'seconds'], [['1', '41.2'], ['2', '40.9']], ['right', 'right']).join('\n');
 * // epoch  seconds
 * // -----  -------
 * //     1     41.2
 * //     2     40.9
 * ```
 */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly ('left' | 'right')[] = [],
  maxRows = Infinity,
  noun = 'row',
): string[] {
  const shown = rows.length > maxRows ? rows.slice(0, Math.max(0, maxRows)) : rows;
  const widths = header.map((h, i) => Math.max(h.length, ...shown.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (align[i] === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const lines = [line(header), line(widths.map((w) => '-'.repeat(w))), ...shown.map(line)];
  const more = rows.length - shown.length;
  if (more > 0) lines.push(`... ${more} more ${noun}${more === 1 ? '' : 's'}`);
  return lines;
}

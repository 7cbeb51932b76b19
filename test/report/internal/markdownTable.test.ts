import { describe, expect, it } from 'vitest';
import { escapeMarkdown, escapeMarkdownCell, markdownTable } from '../../../src/report/internal/markdownTable';

describe('markdownTable', () => {
  it('escapes pipes, backslashes, emphasis, code, links and HTML in a cell, and turns newlines into <br>', () => {
    expect(escapeMarkdownCell('a|b\\c*d*_e_`f`[g](h)<i>&j\r\nk\nl')).toBe('a\\|b\\\\c\\*d\\*_e_\\`f\\`\\[g\\](h)&lt;i&gt;&amp;j<br>k<br>l');
  });

  it('turns newlines into spaces outside tables', () => {
    expect(escapeMarkdown('one\ntwo|three')).toBe('one two\\|three');
  });

  it('right-aligns numeric columns and bolds strong cells with their suffix after', () => {
    const table = markdownTable({
      columns: [{ header: 'name', numeric: false }, { header: 'seconds', numeric: true }],
      rows: [[{ text: 'a|b' }, { text: '1.0 s', strong: true, suffix: '(fastest)' }]],
    });
    expect(table).toBe('| name | seconds |\n| --- | ---: |\n| a\\|b | **1.0 s** (fastest) |');
  });
});

import { describe, expect, it } from 'vitest';
import { escapeXml, sanitizeText } from '../../../src/report/internal/escapeXml';

describe('escapeXml', () => {
  it("escapes & < > \" '", () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  });

  it('replaces what XML 1.0 cannot hold: control characters, lone surrogates, U+FFFE and U+FFFF', () => {
    expect(sanitizeText('a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\uFFFF')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFD');
    expect(sanitizeText('x\uD800y\uDC00z')).toBe('x\uFFFDy\uFFFDz');
  });

  it('writes U+FFFD as a character reference', () => {
    expect(escapeXml('a\u0000b\uFFFD')).toBe('a&#xFFFD;b&#xFFFD;');
  });

  it('keeps tabs, newlines, and characters outside the BMP as pairs', () => {
    expect(sanitizeText('a\tb\nc\rd 😀')).toBe('a\tb\nc\rd 😀');
  });
});

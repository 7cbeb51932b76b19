/**
 * Text made safe for XML (SVG) and HTML: markup characters escaped, characters XML 1.0 forbids
 * replaced. Internal.
 *
 * @module
 */

/**
 * C0 controls but tab, newline and carriage return; lone surrogates; U+FFFE and U+FFFF: what an
 * XML 1.0 document cannot hold even escaped (and HTML counts as a parse error).
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` with every character XML 1.0 and HTML cannot hold replaced by U+FFFD. */
export function sanitizeText(text: string): string {
  return text.replace(FORBIDDEN, '\uFFFD');
}

/**
 * `text` for XML or HTML text and attribute values: `& < > " '` escaped, forbidden characters
 * replaced, and U+FFFD written as `&#xFFFD;` (the same character, but a parser that reads a raw
 * U+FFFD as a sign of a broken encoding, as xmldom does, has nothing to warn about).
 */
export function escapeXml(text: string): string {
  return sanitizeText(String(text))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\uFFFD/g, '&#xFFFD;');
}

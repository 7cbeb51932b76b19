/**
 * Parses an SVG as XML with @xmldom/xmldom, failing on every warning and error (not only the
 * fatal ones the parser throws for).
 */
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';

/** The parsed document of `svg`; throws listing every problem the parser reported. */
export function parseSvg(svg: string): Document {
  const problems: string[] = [];
  const parser = new DOMParser({ onError: (level, message) => void problems.push(`${level}: ${message}`) });
  let document: Document;
  try {
    document = parser.parseFromString(svg, 'image/svg+xml');
  } catch (error) {
    throw new Error(`SVG does not parse: ${String(error)}\n${problems.join('\n')}`);
  }
  if (problems.length > 0) throw new Error(`SVG parse problems:\n${problems.join('\n')}`);
  return document;
}

/** Every element named `name` under `root`. */
export function elements(root: Document | Element, name: string): Element[] {
  return Array.from(root.getElementsByTagName(name));
}

/** The text of every `<text>` element, tooltips (`<title>` inside them) left out. */
export function texts(document: Document): string[] {
  return elements(document, 'text').map((t) =>
    Array.from(t.childNodes)
      .filter((n) => n.nodeType === 3)
      .map((n) => n.nodeValue ?? '')
      .join(''),
  );
}

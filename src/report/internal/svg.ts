/**
 * A tiny SVG writer: elements as strings, every attribute and text escaped, coordinates rounded
 * to hundredths (the same input gives the same bytes). Internal.
 *
 * @module
 */
import { escapeXml } from './escapeXml';

/** Attribute values; `undefined` leaves the attribute out. */
export type SvgAttributes = Record<string, string | number | undefined>;

/** A coordinate or length: rounded to hundredths, no `-0`, never `NaN` (which would make the SVG invalid). */
export function num(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 100) / 100;
  return String(rounded === 0 ? 0 : rounded);
}

function attributes(attrs: SvgAttributes): string {
  return Object.entries(attrs)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`)
    .join('');
}

/** `<name attrs>children</name>`, or `<name attrs/>` without children. Children are markup (already escaped). */
export function element(name: string, attrs: SvgAttributes = {}, ...children: string[]): string {
  const body = children.join('');
  return body === '' ? `<${name}${attributes(attrs)}/>` : `<${name}${attributes(attrs)}>${body}</${name}>`;
}

/** A `<text>` element of `content` (escaped), with a `<title>` tooltip of `full` when the text was shortened. */
export function textElement(content: string, attrs: SvgAttributes = {}, full?: string): string {
  const tooltip = full !== undefined && full !== content ? element('title', {}, escapeXml(full)) : '';
  return `<text${attributes(attrs)}>${tooltip}${escapeXml(content)}</text>`;
}

/** A `<title>` child: the tooltip of the element it is in. */
export function tooltip(text: string): string {
  return element('title', {}, escapeXml(text));
}

/** An SVG path's `d` of a polyline through `points`. */
export function polyline(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${num(x)} ${num(y)}`).join(' ');
}

/** About how wide `text` is, in pixels, at `fontSize` in a sans-serif font (no font metrics without a browser). */
export function textWidth(text: string, fontSize = 12): number {
  return [...text].length * fontSize * 0.58;
}

/** `text` cut to `max` characters with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

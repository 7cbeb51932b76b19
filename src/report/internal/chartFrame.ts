/**
 * What every chart shares: the SVG document (title, description, style), linear scales, axes
 * with ticks at round numbers, a legend, and the "no data" chart. Internal.
 *
 * @module
 */
import { escapeXml } from './escapeXml';
import { type NiceScale, tickLabel } from './niceTicks';
import { chartStyle } from './palette';
import { element, num, textElement, textWidth, truncate } from './svg';

/** The plot area, in pixels from the top left of the SVG. */
export interface PlotArea {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** A linear map from a nice domain to pixels. */
export type Scale = ((value: number) => number) & { nice: NiceScale };

/** Maps `nice`'s domain onto [`from`, `to`] pixels. */
export function linearScale(nice: NiceScale, from: number, to: number): Scale {
  const span = nice.max - nice.min;
  const scale = ((value: number) => (span > 0 && Number.isFinite(span) ? from + ((value - nice.min) / span) * (to - from) : (from + to) / 2)) as Scale;
  scale.nice = nice;
  return scale;
}

/** The SVG document of a chart: xmlns, size, viewBox, `<title>`, `<desc>`, style, then `body`. */
export function chartDocument(options: { id: string; width: number; height: number; title: string; desc: string; body: string[] }): string {
  const { id, width, height, title, desc, body } = options;
  return (
    element(
      'svg',
      {
        xmlns: 'http://www.w3.org/2000/svg',
        width,
        height,
        viewBox: `0 0 ${num(width)} ${num(height)}`,
        role: 'img',
        'aria-labelledby': `${id}-title ${id}-desc`,
        class: 'sb-chart',
      },
      '\n',
      element('title', { id: `${id}-title` }, escapeXml(title)),
      '\n',
      element('desc', { id: `${id}-desc` }, escapeXml(desc)),
      '\n',
      element('style', {}, escapeXml(chartStyle())),
      '\n',
      textElement(truncate(title, Math.floor((width - 24) / 8.5)), { class: 'sb-title', x: 12, y: 22 }, title),
      '\n',
      ...body.map((part) => `${part}\n`),
    ) + '\n'
  );
}

/** A valid chart that says there is nothing to draw, and why. */
export function noDataChart(options: { id: string; width: number; height: number; title: string; reason: string }): string {
  const { width, height, reason } = options;
  return chartDocument({
    ...options,
    desc: `No data: ${reason}`,
    body: [
      textElement('no data', { x: width / 2, y: height / 2, 'text-anchor': 'middle', 'font-size': 16 }),
      textElement(truncate(reason, Math.floor((width - 24) / 7)), { x: width / 2, y: height / 2 + 22, 'text-anchor': 'middle', class: 'sb-muted' }, reason),
    ],
  });
}

/** The y axis: grid lines and labels at the ticks, and the axis title turned up the left side. */
export function yAxis(scale: Scale, area: PlotArea, label: string, format: (v: number) => string = (v) => tickLabel(v, scale.nice.decimals)): string {
  const parts = scale.nice.ticks.map((tick) => {
    const y = scale(tick);
    return (
      element('line', { class: 'sb-grid', x1: area.x0, x2: area.x1, y1: y, y2: y }) +
      textElement(format(tick), { x: area.x0 - 6, y: y + 4, 'text-anchor': 'end' })
    );
  });
  const middle = (area.y0 + area.y1) / 2;
  parts.push(element('line', { class: 'sb-axis', x1: area.x0, x2: area.x0, y1: area.y0, y2: area.y1 }));
  parts.push(textElement(truncate(label, Math.floor((area.y1 - area.y0) / 7)), { x: 14, y: middle, 'text-anchor': 'middle', transform: `rotate(-90 14 ${num(middle)})` }, label));
  return element('g', { class: 'sb-y-axis' }, ...parts);
}

/** A linear x axis: ticks and labels below the plot, and the axis title under them. */
export function xAxis(scale: Scale, area: PlotArea, label: string, format: (v: number) => string = (v) => tickLabel(v, scale.nice.decimals)): string {
  const parts = scale.nice.ticks.map((tick) => {
    const x = scale(tick);
    return (
      element('line', { class: 'sb-grid', x1: x, x2: x, y1: area.y0, y2: area.y1 }) +
      element('line', { class: 'sb-axis', x1: x, x2: x, y1: area.y1, y2: area.y1 + 5 }) +
      textElement(format(tick), { x, y: area.y1 + 18, 'text-anchor': 'middle' })
    );
  });
  parts.push(element('line', { class: 'sb-axis', x1: area.x0, x2: area.x1, y1: area.y1, y2: area.y1 }));
  parts.push(xAxisTitle(area, label));
  return element('g', { class: 'sb-x-axis' }, ...parts);
}

/** The x axis's title, centred under the plot (`offset` pixels below it). */
export function xAxisTitle(area: PlotArea, label: string, offset = 40): string {
  return textElement(truncate(label, Math.floor((area.x1 - area.x0) / 7)), { x: (area.x0 + area.x1) / 2, y: area.y1 + offset, 'text-anchor': 'middle' }, label);
}

/** One entry of a legend: a swatch (markup drawn in a 16 x 10 box at the origin) and a label. */
export interface LegendEntry {
  label: string;
  swatch: string;
}

/** Pixels a legend column takes, for `entries`' labels (at most `maxChars` characters each). */
export function legendWidth(entries: readonly LegendEntry[], maxChars: number): number {
  const widest = Math.max(0, ...entries.map((e) => textWidth(truncate(e.label, maxChars))));
  return Math.min(260, Math.ceil(widest) + 34);
}

/**
 * A legend as a column at (`x`, `y`), one entry per 18 px, as many as fit in `height`; the rest
 * summed up in a last line ("+ 3 more").
 */
export function legend(entries: readonly LegendEntry[], x: number, y: number, height: number, maxChars: number, heading?: string): string {
  const parts: string[] = [];
  let top = y;
  if (heading !== undefined) {
    parts.push(textElement(truncate(heading, maxChars + 2), { x, y: top + 9, 'font-weight': 600 }, heading));
    top += 18;
  }
  const room = Math.max(1, Math.floor((y + height - top) / 18));
  const shown = entries.length > room ? entries.slice(0, room - 1) : entries;
  shown.forEach((entry, i) => {
    const rowY = top + i * 18;
    parts.push(
      element(
        'g',
        { transform: `translate(${num(x)} ${num(rowY)})` },
        entry.swatch,
        textElement(truncate(entry.label, maxChars), { x: 22, y: 9 }, entry.label),
      ),
    );
  });
  if (shown.length < entries.length) {
    parts.push(textElement(`+ ${entries.length - shown.length} more`, { x, y: top + shown.length * 18 + 9, class: 'sb-muted' }));
  }
  return element('g', { class: 'sb-legend' }, ...parts);
}

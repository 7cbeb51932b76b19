/**
 * The `cost-vs-time` chart: billed dollars against training time, one point per configuration,
 * the Pareto front (not beaten in both) drawn as a step line. Internal.
 *
 * @module
 */
import type { SweepConfigurationRow } from '../SweepTableRow';
import { chartDocument, legend, legendWidth, linearScale, noDataChart, type PlotArea, xAxis, yAxis } from './chartFrame';
import { configurationLabel, varying } from './chartLabels';
import type { ChartLayout } from './epochTimeChart';
import { formatSeconds, formatUsd } from './format';
import { CHART_LIMIT, niceTicks, tickLabel } from './niceTicks';
import { paretoFront } from './paretoFront';
import { seriesClass } from './palette';
import { element, num, textElement, textWidth, tooltip, truncate } from './svg';

function plottable(value: number | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < CHART_LIMIT;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The cost-vs-time chart of `rows`. */
export function costVsTimeChart(rows: readonly SweepConfigurationRow[], layout: ChartLayout): string {
  const id = 'sb-cost-vs-time';
  const data = rows.filter((r) => plottable(r.trainingSeconds) && plottable(r.usd));
  if (data.length === 0) return noDataChart({ id, ...layout, reason: 'no configuration has both a training time and billed dollars (no Completed run with a price)' });
  const vary = varying(data);
  const points = data.map((row) => ({ row, x: row.trainingSeconds!, y: row.usd!, label: configurationLabel(row, vary) }));
  const front = paretoFront(points);
  const onFront = new Set(front);

  const legendEntries = [
    { label: 'Pareto front', swatch: element('circle', { class: seriesClass(0), cx: 7, cy: 5, r: 5 }) },
    { label: 'beaten in time and dollars', swatch: element('circle', { class: `${seriesClass(0)} sb-hollow`, cx: 7, cy: 5, r: 4.5 }) },
  ];
  const legendW = Math.min(legendWidth(legendEntries, 28), layout.width * 0.35);
  const area: PlotArea = { x0: 76, x1: layout.width - 20 - legendW, y0: 44, y1: layout.height - 62 };
  const x = linearScale(niceTicks(Math.min(0, ...points.map((p) => p.x)), Math.max(...points.map((p) => p.x)), 6), area.x0, area.x1);
  const yNice = niceTicks(Math.min(0, ...points.map((p) => p.y)), Math.max(...points.map((p) => p.y)), 5);
  const y = linearScale(yNice, area.y1, area.y0);
  const dollarDecimals = yNice.decimals === 1 ? 2 : yNice.decimals;
  const parts: string[] = [
    yAxis(y, area, 'billed dollars per run (USD)', (v) => `${v < 0 ? '-' : ''}$${tickLabel(Math.abs(v), dollarDecimals)}`),
    xAxis(x, area, 'training time per run (s)'),
  ];

  const placed: Box[] = [];
  if (front.length > 1) {
    const steps = front.map((i) => points[i]!);
    let d = `M${num(x(steps[0]!.x))} ${num(y(steps[0]!.y))}`;
    for (let i = 1; i < steps.length; i++) {
      const [from, to] = [steps[i - 1]!, steps[i]!];
      d += ` H${num(x(to.x))} V${num(y(to.y))}`;
      // Labels keep off the step line.
      placed.push({ x: x(from.x), y: y(from.y) - 1, w: x(to.x) - x(from.x), h: 2 });
      placed.push({ x: x(to.x) - 1, y: y(from.y), w: 2, h: y(to.y) - y(from.y) });
    }
    parts.push(element('path', { class: 'sb-front', d }, tooltip('Pareto front: configurations no other beats in both training time and dollars')));
  }

  points.forEach((p, i) => {
    const px = x(p.x);
    const py = y(p.y);
    const status = onFront.has(i) ? 'on the Pareto front' : 'beaten in time and dollars';
    const detail = `${p.label}: ${formatSeconds(p.x)}, ${formatUsd(p.y)} per run (${status})`;
    parts.push(element('circle', { class: onFront.has(i) ? seriesClass(0) : `${seriesClass(0)} sb-hollow`, cx: px, cy: py, r: onFront.has(i) ? 5 : 4.5 }, tooltip(detail)));
    placed.push({ x: px - 5, y: py - 5, w: 10, h: 10 });
  });
  points.forEach((p, i) => {
    const px = x(p.x);
    const py = y(p.y);
    const text = truncate(p.label, 34);
    const w = textWidth(text, 11);
    const right = px + 8 + w <= layout.width - 4 - legendW;
    const anchorX = right ? px + 8 : px - 8;
    const left = right ? anchorX : anchorX - w;
    let chosen: Box | undefined;
    for (const dy of [0, -13, 13, -26, 26, -39, 39]) {
      const box = { x: left, y: py - 8 + dy, w, h: 12 };
      if (!placed.some((b) => overlaps(b, box))) {
        chosen = box;
        break;
      }
    }
    chosen ??= { x: left, y: py - 8, w, h: 12 };
    placed.push(chosen);
    parts.push(textElement(text, { x: anchorX, y: chosen.y + 10, 'text-anchor': right ? 'start' : 'end', 'font-size': 11, class: onFront.has(i) ? undefined : 'sb-muted' }, p.label));
  });
  parts.push(legend(legendEntries, area.x1 + 20, area.y0, area.y1 - area.y0, 28));

  const desc =
    `Billed dollars per run against training time per run (means over the Completed repeats) of ${points.length} configuration${points.length === 1 ? '' : 's'}. ` +
    points.map((p, i) => `${p.label}: ${formatSeconds(p.x)}, ${formatUsd(p.y)}${onFront.has(i) ? ' (Pareto front)' : ''}`).join('; ') +
    '. The Pareto front joins the configurations no other beats in both time and dollars.';
  return chartDocument({ id, ...layout, desc, body: parts });
}

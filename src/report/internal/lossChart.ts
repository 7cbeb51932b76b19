/**
 * The `loss` chart: a metric (the loss by default) per epoch, one line per job. Internal.
 *
 * @module
 */
import type { SweepResult } from '../../sweep/SweepResult';
import type { SweepJobRow } from '../SweepTableRow';
import { chartDocument, legend, legendWidth, linearScale, noDataChart, type PlotArea, xAxis, yAxis } from './chartFrame';
import type { SweepRows } from './configurationRows';
import type { ChartLayout } from './epochTimeChart';
import { formatMetric } from './format';
import { CHART_LIMIT, niceTicks } from './niceTicks';
import { dashOf, seriesClass } from './palette';
import { element, polyline, textElement, tooltip } from './svg';

interface Line {
  job: SweepJobRow;
  colour: number;
  /** [epoch, value] in epoch order; value NaN/infinite kept to break the line. */
  points: [number, number][];
  /** The first epoch whose value is not finite. */
  nonFiniteFrom?: number;
  label: string;
}

/** The loss chart of `results` (their job rows in `rows`, in the same order). */
export function lossChart(results: readonly SweepResult[], rows: SweepRows, metric: string, layout: ChartLayout): string {
  const id = 'sb-loss';
  const colourOf = new Map<SweepJobRow, number>();
  rows.configurations.forEach((c, i) => c.jobs.forEach((j) => colourOf.set(j, i)));
  const lines: Line[] = [];
  const sweepNames = new Set(results.map((r) => String(r.name)));
  let n = 0;
  for (const result of results) {
    for (const job of result.jobs) {
      const row = rows.jobs[n++]!;
      const epochs = Array.isArray(job.metrics?.epochs) ? job.metrics.epochs : [];
      const points: [number, number][] = [];
      epochs.forEach((epoch, i) => {
        const metrics = epoch?.metrics;
        if (metrics === undefined || metrics === null || !Object.hasOwn(metrics, metric) || typeof metrics[metric] !== 'number') return;
        const number = typeof epoch.epoch === 'number' && Number.isFinite(epoch.epoch) && Math.abs(epoch.epoch) < 1e9 ? epoch.epoch : i + 1;
        points.push([number, metrics[metric]]);
      });
      if (points.length === 0) continue;
      const bad = points.find(([, v]) => !Number.isFinite(v) || Math.abs(v) >= CHART_LIMIT);
      const label = `${sweepNames.size > 1 ? `${row.sweep} · ` : ''}${row.jobName}${bad ? ` (${formatMetric(bad[1])} at epoch ${bad[0]})` : ''}`;
      const line: Line = { job: row, colour: colourOf.get(row) ?? 0, points, label };
      if (bad) line.nonFiniteFrom = bad[0];
      lines.push(line);
    }
  }
  const finite = lines.flatMap((l) => l.points.filter(([, v]) => Number.isFinite(v) && Math.abs(v) < CHART_LIMIT));
  if (finite.length === 0) {
    const reason = lines.length === 0 ? `no job's log has ${metric} per epoch` : `no finite value of ${metric} in any log (every value is NaN or infinite)`;
    return noDataChart({ id, ...layout, reason });
  }

  // One sweep's job names all start with `<sweep>-`: the legend says it once, in its heading.
  const only = sweepNames.size === 1 ? `${[...sweepNames][0]}-` : undefined;
  const prefix = only !== undefined && only.length > 1 && lines.every((l) => l.label.startsWith(only) && l.label.length > only.length) ? only : '';
  const legendEntries = lines.map((l) => ({
    label: l.label.slice(prefix.length),
    swatch: element('line', { class: `sb-line ${seriesClass(l.colour)}`, x1: 0, x2: 16, y1: 5, y2: 5, 'stroke-dasharray': dashOf(l.job.repeat) }),
  }));
  const legendW = Math.min(legendWidth(legendEntries, 36), layout.width * 0.42);
  const area: PlotArea = { x0: 64, x1: layout.width - 16 - legendW, y0: 44, y1: layout.height - 62 };
  const epochs = lines.flatMap((l) => l.points.map(([e]) => e));
  const firstEpoch = Math.min(...epochs);
  const lastEpoch = Math.max(...epochs);
  const x = linearScale(niceTicks(firstEpoch, lastEpoch, Math.min(8, Math.max(1, lastEpoch - firstEpoch)), true), area.x0, area.x1);
  const y = linearScale(niceTicks(Math.min(...finite.map(([, v]) => v)), Math.max(...finite.map(([, v]) => v)), 5), area.y1, area.y0);
  const parts: string[] = [yAxis(y, area, metric), xAxis(x, area, 'epoch')];

  for (const line of lines) {
    const segments: [number, number][][] = [[]];
    for (const [epoch, value] of line.points) {
      if (Number.isFinite(value) && Math.abs(value) < CHART_LIMIT) segments[segments.length - 1]!.push([x(epoch), y(value)]);
      else if (segments[segments.length - 1]!.length > 0) segments.push([]);
    }
    const items: string[] = [];
    for (const segment of segments) {
      if (segment.length > 1) items.push(element('path', { class: `sb-line ${seriesClass(line.colour)}`, d: polyline(segment), 'stroke-dasharray': dashOf(line.job.repeat) }));
    }
    for (const [epoch, value] of line.points) {
      if (!Number.isFinite(value) || Math.abs(value) >= CHART_LIMIT) continue;
      items.push(element('circle', { class: seriesClass(line.colour), cx: x(epoch), cy: y(value), r: 2.5 }, tooltip(`${line.job.jobName}, epoch ${epoch}: ${metric} ${formatMetric(value)}`)));
    }
    if (line.nonFiniteFrom !== undefined) {
      const value = line.points.find(([e]) => e === line.nonFiniteFrom)![1];
      items.push(
        textElement(formatMetric(value), { x: x(line.nonFiniteFrom), y: area.y0 + 12, 'text-anchor': 'middle', class: seriesClass(line.colour), 'font-size': 10 }),
      );
    }
    parts.push(element('g', {}, tooltip(line.label), ...items));
  }
  parts.push(legend(legendEntries, area.x1 + 16, area.y0, area.y1 - area.y0, 36, prefix === '' ? 'job' : `job: ${prefix}…`));

  const desc =
    `${metric} per epoch, one line per job (${lines.length}); colour: configuration, dash: repeat. ` +
    lines
      .map((l) => {
        const values = l.points.filter(([, v]) => Number.isFinite(v));
        const span = values.length > 0 ? `${formatMetric(values[0]![1])} at epoch ${values[0]![0]} to ${formatMetric(values[values.length - 1]![1])} at epoch ${values[values.length - 1]![0]}` : 'no finite value';
        return `${l.label}: ${span}`;
      })
      .join('; ') +
    '.';
  return chartDocument({ id, ...layout, desc, body: parts });
}

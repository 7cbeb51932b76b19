/**
 * The `epoch-time` chart: seconds per epoch as grouped bars, one group per instance type (and
 * count), one bar per batch size, error bars for the spread. Internal.
 *
 * @module
 */
import type { SweepConfigurationRow } from '../SweepTableRow';
import { chartDocument, legend, legendWidth, linearScale, noDataChart, type PlotArea, xAxisTitle, yAxis } from './chartFrame';
import { instanceLabel, seriesLabel, sweepPrefix, varying } from './chartLabels';
import { formatSpreadSeconds } from './format';
import { CHART_LIMIT, niceTicks } from './niceTicks';
import { seriesClass } from './palette';
import { element, num, textElement, textWidth, tooltip, truncate } from './svg';

/** Size and title of a chart. */
export interface ChartLayout {
  width: number;
  height: number;
  title: string;
}

interface Bar {
  row: SweepConfigurationRow;
  group: number;
  series: number;
  mean: number;
  std: number | undefined;
}

function charted(row: SweepConfigurationRow): boolean {
  const stats = row.secondsPerEpoch;
  return stats !== undefined && Number.isFinite(stats.mean) && Math.abs(stats.mean) < CHART_LIMIT;
}

/** The epoch-time chart of `rows`. */
export function epochTimeChart(rows: readonly SweepConfigurationRow[], layout: ChartLayout): string {
  const id = 'sb-epoch-time';
  const data = rows.filter(charted);
  if (data.length === 0) return noDataChart({ id, ...layout, reason: 'no configuration has seconds per epoch (no epoch times in any log, and no training time)' });
  const vary = varying(data);

  const groups: string[] = [];
  const groupLines: [string, string][] = [];
  const series: { label: string; batch: number | undefined }[] = [];
  for (const row of data) {
    const group = `${sweepPrefix(row, vary)}${instanceLabel(row)}`;
    if (!groups.includes(group)) {
      groups.push(group);
      groupLines.push([instanceLabel(row), vary.sweep ? row.sweep : '']);
    }
    const label = seriesLabel(row, vary);
    if (!series.some((s) => s.label === label)) series.push({ label, batch: row.batchSize });
  }
  series.sort((a, b) => (a.batch ?? Infinity) - (b.batch ?? Infinity) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const taken = new Set<string>();
  const bars: Bar[] = [];
  for (const row of data) {
    const group = groups.indexOf(`${sweepPrefix(row, vary)}${instanceLabel(row)}`);
    const s = series.findIndex((x) => x.label === seriesLabel(row, vary));
    if (taken.has(`${group}/${s}`)) continue; // the same bar twice: only two results of one sweep name could do that
    taken.add(`${group}/${s}`);
    const std = row.secondsPerEpoch!.std;
    bars.push({ row, group, series: s, mean: row.secondsPerEpoch!.mean, std: std !== undefined && Number.isFinite(std) && std < CHART_LIMIT ? std : undefined });
  }

  const legendEntries = series.map((s, i) => ({ label: s.label, swatch: element('rect', { class: seriesClass(i), x: 0, y: 0, width: 14, height: 10 }) }));
  const legendW = Math.min(legendWidth(legendEntries, 26), layout.width * 0.35);
  // Several sweeps: each group's sweep goes on a second line under its instance type.
  const area: PlotArea = { x0: 64, x1: layout.width - 16 - legendW, y0: 44, y1: layout.height - (vary.sweep ? 74 : 62) };
  const high = Math.max(...bars.map((b) => b.mean + (b.std ?? 0)));
  const low = Math.min(0, ...bars.map((b) => b.mean - (b.std ?? 0)));
  const y = linearScale(niceTicks(low, high, 5), area.y1, area.y0);

  const slot = (area.x1 - area.x0) / groups.length;
  const barWidth = Math.min(48, (slot * 0.8) / series.length);
  const parts: string[] = [yAxis(y, area, 'seconds per epoch (s)')];
  const maxLabel = Math.max(4, Math.floor(slot / 7));
  groupLines.forEach(([instance, sweep], g) => {
    const x = area.x0 + slot * (g + 0.5);
    parts.push(textElement(truncate(instance, maxLabel), { x, y: area.y1 + 18, 'text-anchor': 'middle' }, instance));
    if (sweep !== '') parts.push(textElement(truncate(sweep, maxLabel), { x, y: area.y1 + 32, 'text-anchor': 'middle', class: 'sb-muted', 'font-size': 11 }, sweep));
  });
  parts.push(element('line', { class: 'sb-axis', x1: area.x0, x2: area.x1, y1: y(0), y2: y(0) }));
  parts.push(xAxisTitle(area, vary.sweep ? 'instance type (× instance count), sweep' : 'instance type (× instance count)', vary.sweep ? 52 : 40));

  let derived = false;
  for (const bar of bars) {
    const left = area.x0 + slot * bar.group + (slot - barWidth * series.length) / 2 + barWidth * bar.series;
    const top = y(Math.max(0, bar.mean));
    const bottom = y(Math.min(0, bar.mean));
    const fromTrainingTime = bar.row.secondsPerEpochSource === 'training-time';
    if (fromTrainingTime) derived = true;
    const label = `${sweepPrefix(bar.row, vary)}${instanceLabel(bar.row)}, ${seriesLabel(bar.row, vary)}: ${formatSpreadSeconds(bar.row.secondsPerEpoch)} per epoch (${bar.row.secondsPerEpoch!.n} ${fromTrainingTime ? 'repeats, training time / epochs' : 'epochs'})`;
    const items = [
      element(
        'rect',
        { class: `${seriesClass(bar.series)}${fromTrainingTime ? ' sb-derived' : ''}`, x: left + 1, y: top, width: Math.max(1, barWidth - 2), height: Math.max(0, bottom - top) },
        tooltip(label),
      ),
    ];
    let labelY = top;
    if (bar.std !== undefined && bar.std > 0) {
      const center = left + barWidth / 2;
      const yHigh = y(bar.mean + bar.std);
      const yLow = y(bar.mean - bar.std);
      const cap = barWidth * 0.2;
      items.push(
        element('path', { class: 'sb-errorbar', d: `M${num(center)} ${num(yLow)} V${num(yHigh)} M${num(center - cap)} ${num(yHigh)} H${num(center + cap)} M${num(center - cap)} ${num(yLow)} H${num(center + cap)}` }),
      );
      labelY = Math.min(labelY, yHigh);
    }
    const value = bar.mean.toFixed(1);
    if (barWidth >= textWidth(value, 10) + 2) items.push(textElement(value, { x: left + barWidth / 2, y: labelY - 4, 'text-anchor': 'middle', 'font-size': 10 }));
    parts.push(element('g', {}, ...items));
  }
  parts.push(legend(legendEntries, area.x1 + 16, area.y0, area.y1 - area.y0, 26, 'batch size'));
  if (derived) parts.push(textElement('pale bars: a repeat without epoch times in its log counts its training time / epochs', { x: area.x0, y: layout.height - 6, class: 'sb-muted', 'font-size': 10 }));

  const desc =
    `Seconds per epoch of ${bars.length} configuration${bars.length === 1 ? '' : 's'}, grouped by instance type, one bar per batch size. ` +
    bars.map((b) => `${sweepPrefix(b.row, vary)}${instanceLabel(b.row)}, ${seriesLabel(b.row, vary)}: ${formatSpreadSeconds(b.row.secondsPerEpoch)}`).join('; ') +
    '. Error bars: ±1 sample standard deviation over the epochs of every repeat.' +
    (derived ? ' Pale bars: a repeat without epoch times in its log counts its training time / its epochs.' : '');
  return chartDocument({ id, ...layout, desc, body: parts });
}

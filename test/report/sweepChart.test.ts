import { describe, expect, it } from 'vitest';
import { SWEEP_CHART_KINDS, sweepChart } from '../../src/report/sweepChart';
import type { SweepResult } from '../../src/sweep/SweepResult';
import { cifarSweep, emptySweep, mnistSweep, sweepJob } from './support/sweepResults';
import { elements, parseSvg, texts } from './support/parseSvg';

function classes(document: ReturnType<typeof parseSvg>, tag: string, className: string) {
  return elements(document, tag).filter((e) => (e.getAttribute('class') ?? '').split(' ').includes(className));
}

describe('sweepChart', () => {
  it.each(SWEEP_CHART_KINDS)('draws %s as well-formed SVG with xmlns, viewBox, 720 x 400, a title and a description', (kind) => {
    const svg = sweepChart(cifarSweep(), { kind });
    const document = parseSvg(svg);
    const root = document.documentElement!;
    expect(root.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect([root.getAttribute('width'), root.getAttribute('height'), root.getAttribute('viewBox')]).toEqual(['720', '400', '0 0 720 400']);
    const [title] = elements(document, 'title');
    expect(title!.parentNode).toBe(root);
    expect(title!.textContent).toMatch(/resnet50$/);
    expect(elements(document, 'desc')[0]!.textContent!.length).toBeGreaterThan(40);
    // no NaN coordinate or attribute, nothing undefined
    expect(svg).not.toMatch(/="[^"]*NaN|undefined/);
  });

  it.each(SWEEP_CHART_KINDS)('gives the same bytes for the same input (%s)', (kind) => {
    expect(sweepChart(cifarSweep(), { kind })).toBe(sweepChart(cifarSweep(), { kind }));
  });

  it.each(SWEEP_CHART_KINDS)('draws a valid SVG that says "no data" for a sweep without jobs (%s)', (kind) => {
    const document = parseSvg(sweepChart(emptySweep(), { kind }));
    expect(texts(document)).toContain('no data');
    expect(elements(document, 'desc')[0]!.textContent).toMatch(/^No data: /);
  });

  it('draws epoch-time as one bar per configuration with seconds, grouped by instance type, with error bars for a spread', () => {
    const document = parseSvg(sweepChart(cifarSweep(), { kind: 'epoch-time' }));
    const bars = elements(document, 'rect').filter((r) => r.getElementsByTagName('title').length > 0);
    expect(bars).toHaveLength(4);
    expect(bars.map((b) => b.getElementsByTagName('title')[0]!.textContent)).toEqual([
      'ml.p3.2xlarge, batch 128: 43.2 ± 4.9 s per epoch (10 epochs)',
      'ml.p3.2xlarge, batch 256: 37.2 ± 5.5 s per epoch (10 epochs)',
      'ml.g4dn.xlarge, batch 128: 136.3 ± 8.9 s per epoch (7 repeats, training time / epochs)',
      'ml.g4dn.xlarge, batch 256: 109.0 s per epoch (1 epochs)',
    ]);
    // the single-epoch configuration has no spread to draw
    expect(classes(document, 'path', 'sb-errorbar')).toHaveLength(3);
    expect(classes(document, 'rect', 'sb-derived')).toHaveLength(1);
    const labels = texts(document);
    expect(labels).toEqual(expect.arrayContaining(['ml.p3.2xlarge', 'ml.g4dn.xlarge', 'batch 128', 'batch 256', 'seconds per epoch (s)']));
  });

  it('puts the axis ticks at round numbers from zero', () => {
    const labels = texts(parseSvg(sweepChart(cifarSweep(), { kind: 'epoch-time' })));
    const ticks = labels.filter((t) => /^\d+$/.test(t)).map(Number);
    expect(ticks).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160]);
  });

  it('draws cost-vs-time as one point per configuration and the Pareto front as a step line through its points', () => {
    const document = parseSvg(sweepChart(cifarSweep(), { kind: 'cost-vs-time' }));
    const points = elements(document, 'circle').filter((c) => c.getElementsByTagName('title').length > 0);
    expect(points.map((p) => p.getElementsByTagName('title')[0]!.textContent)).toEqual([
      'ml.p3.2xlarge, batch 128: 314.0 s, $0.3336 per run (beaten in time and dollars)',
      'ml.p3.2xlarge, batch 256: 288.0 s, $0.3060 per run (on the Pareto front)',
      'ml.g4dn.xlarge, batch 128: 705.0 s, $0.0577 per run (on the Pareto front)',
    ]);
    expect(points.map((p) => (p.getAttribute('class') ?? '').includes('sb-hollow'))).toEqual([true, false, false]);
    const [front] = classes(document, 'path', 'sb-front');
    // from the faster point across to the slower one's time, then down to its dollars
    expect(front!.getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+ H[\d.]+ V[\d.]+$/);
    expect(texts(document)).toEqual(expect.arrayContaining(['$0.00', '$0.10', '$0.30', 'training time per run (s)', 'billed dollars per run (USD)']));
  });

  it('draws loss as one line per job that logged it, breaks a line at NaN and says so', () => {
    const document = parseSvg(sweepChart(cifarSweep(), { kind: 'loss' }));
    const legend = elements(document, 'g').filter((g) => g.getAttribute('class') === 'sb-legend')[0]!;
    expect(texts(document).filter((t) => /^(p3|g4dn)-/.test(t))).toHaveLength(6);
    expect(legend.textContent).toContain('p3-2xlarge-b256-r2 (NaN at epoch 3)');
    expect(texts(document)).toContain('job: cifar-sweep-…');
    expect(texts(document)).toContain('NaN');
    // five jobs with two or more epochs (the diverged run's two finite epochs make one segment); the
    // Failed run's single epoch is a point
    const segments = classes(document, 'path', 'sb-line');
    expect(segments.length).toBe(5);
  });

  it('charts another metric per epoch with metric', () => {
    const document = parseSvg(sweepChart(cifarSweep(), { kind: 'loss', metric: 'val_accuracy' }));
    expect(elements(document, 'title')[0]!.textContent).toBe('val_accuracy per epoch: resnet50');
    expect(texts(document)).toContain('val_accuracy');
    expect(parseSvg(sweepChart(cifarSweep(), { kind: 'loss', metric: 'top5' })).documentElement!.textContent).toContain("no job's log has top5 per epoch");
  });

  it('escapes job names, metric names and titles that hold < & " and keeps them as text', () => {
    const result: SweepResult = { ...cifarSweep(), name: 'a<b&"c"' };
    result.jobs = result.jobs.map((j) => ({ ...j, jobName: `x<y&"z"'${j.jobName}` }));
    for (const kind of SWEEP_CHART_KINDS) {
      const document = parseSvg(sweepChart(result, { kind, title: '<script>&"title"</script>', metric: 'loss' }));
      expect(elements(document, 'script')).toHaveLength(0);
      expect(elements(document, 'title')[0]!.textContent).toBe('<script>&"title"</script>');
    }
    expect(parseSvg(sweepChart(result, { kind: 'loss' })).documentElement!.textContent).toContain('x<y&"z"\'');
  });

  it('charts several sweeps together, telling their configurations apart', () => {
    const document = parseSvg(sweepChart([cifarSweep(), mnistSweep()], { kind: 'epoch-time' }));
    const labels = texts(document);
    expect(labels.filter((t) => t === 'ml.g4dn.xlarge')).toHaveLength(2);
    expect(labels.filter((t) => t === 'cifar-sweep')).toHaveLength(2);
    expect(labels).toContain('mnist-sweep');
    expect(elements(document, 'title')[0]!.textContent).toBe('Seconds per epoch by instance type and batch size');
  });

  it('adds the instance count to the group and sizes the chart as asked', () => {
    const result: SweepResult = {
      ...cifarSweep(),
      jobs: [sweepJob('n', { instanceType: 'ml.p3.2xlarge', instanceCount: 2, batchSize: 64, repeat: 1, status: 'Completed', trainingSeconds: 100, epochs: [{ seconds: 30, loss: 1, accuracy: 0.5, val_loss: 1, val_accuracy: 0.5 }] })],
    };
    const document = parseSvg(sweepChart(result, { kind: 'epoch-time', width: 480, height: 300 }));
    expect(document.documentElement!.getAttribute('viewBox')).toBe('0 0 480 300');
    expect(texts(document)).toContain('ml.p3.2xlarge ×2');
  });

  it('rejects an unknown kind and a size out of range', () => {
    expect(() => sweepChart(cifarSweep(), { kind: 'pie' as 'loss' })).toThrow(/kind must be one of/);
    expect(() => sweepChart(cifarSweep(), { kind: 'loss', width: 10 })).toThrow(RangeError);
    expect(() => sweepChart(cifarSweep(), { kind: 'loss', height: NaN })).toThrow(RangeError);
    expect(() => sweepChart(cifarSweep(), { kind: 'loss', metric: '' })).toThrow(TypeError);
  });
});

/**
 * PyTorch Lightning's tqdm progress bars (TQDMProgressBar): `Epoch 0: 100%|██████████| 1875/1875
 * [00:15<00:00, 122.65it/s, loss=0.123, v_num=0]`. Internal.
 *
 * @module
 */
import { defined, MetricsCollector, secondsBetween, FormatReaderBase, unfinishedEpoch, type UpdateContext } from './MetricsCollector';
import { parseClock, parseNumber } from './parseNumber';

/** tqdm's format_meter with Lightning's `Epoch N` description. */
// The bar itself (`|██████████|`) is absent when tqdm has no columns (Open MPI's 0x0 pty).
const EPOCH_BAR = /^\s*Epoch (\d+):\s*(\d+)%(?:\|[^|]*\|)?\s*(\d+)\/(\d+) \[([\d:]+)<([^,\]]*)(?:,([^\]]*))?\]/;

interface Final {
  epoch: number;
  steps: number;
  seconds: number | undefined;
  metrics: Record<string, number>;
  timestamp: Date | undefined;
}

/** `k=v` pairs of a tqdm postfix with numeric values, except Lightning's version number. */
function postfixMetrics(postfix: string | undefined): Record<string, number> {
  const metrics: Record<string, number> = {};
  if (postfix === undefined) return metrics;
  for (const pair of postfix.split(',')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    if (name === 'v_num' || name === '') continue;
    const value = parseNumber(pair.slice(eq + 1));
    if (value !== undefined) metrics[name] = value;
  }
  return metrics;
}

export class LightningReader extends FormatReaderBase {
  readonly format = 'lightning' as const;
  private current: number | undefined;
  private currentStart: Date | undefined;
  private lastEnd: Date | undefined;
  private progress: { count: number; total: number; postfix: string | undefined } | undefined;
  private final: Final | undefined;

  /** The count of the last update passed over since the last one given. */
  private passedCount = -1;

  /**
   * Whether `text[from, to)` is a partial update of the current epoch's bar (same epoch, same
   * total, count not going back, below the total), read without slicing it: the parser may leave
   * it out as long as it gives the last of a run. Counts as recognised.
   */
  skippable(text: string, from: number, to: number): boolean {
    const progress = this.progress;
    if (this.current === undefined || progress === undefined) return false;
    let i = from;
    while (i < to && text.charCodeAt(i) === 32) i++;
    if (!text.startsWith('Epoch ', i)) return false;
    i += 6;
    let epoch = 0;
    const start = i;
    for (let c = text.charCodeAt(i); i < to && c >= 48 && c <= 57; c = text.charCodeAt(++i)) epoch = epoch * 10 + (c - 48);
    if (i === start || text.charCodeAt(i) !== 58 /* : */ || epoch + 1 !== this.current) return false;
    const open = text.indexOf(' [', i);
    if (open === -1 || open >= to || text.indexOf('%', i) > open) return false;
    let j = open - 1;
    let total = 0;
    for (let unit = 1; j > i && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57; j--, unit *= 10) total += (text.charCodeAt(j) - 48) * unit;
    if (j === open - 1 || text.charCodeAt(j) !== 47 /* / */) return false;
    const countEnd = --j;
    let count = 0;
    for (let unit = 1; j > i && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57; j--, unit *= 10) count += (text.charCodeAt(j) - 48) * unit;
    if (j === countEnd) return false;
    if (total !== progress.total || count < progress.count || count < this.passedCount || count >= total) return false;
    this.passedCount = count;
    this.evidence++;
    return true;
  }

  update(text: string, { timestamp }: UpdateContext): boolean {
    this.passedCount = -1;
    if (text.indexOf('Epoch ') === -1 || text.indexOf('%') === -1) return false;
    const m = EPOCH_BAR.exec(text);
    if (m === null) return false;
    this.evidence++;
    const epoch = Number(m[1]) + 1;
    const count = Number(m[3]);
    const total = Number(m[4]);
    if (epoch !== this.current) {
      this.endEpoch(this.out, true);
      this.current = epoch;
      this.currentStart = timestamp;
    }
    this.progress = { count, total, postfix: m[7] };
    if (count === total && total > 0) {
      this.final = { epoch, steps: total, seconds: parseClock(m[5]!), metrics: postfixMetrics(m[7]), timestamp };
    }
    return true;
  }

  private endEpoch(out: MetricsCollector, commit: boolean): void {
    if (this.current === undefined) return;
    const final = this.final;
    if (final === undefined) {
      const p = this.progress;
      if (p !== undefined) {
        out.last(postfixMetrics(p.postfix));
        out.warn(unfinishedEpoch(this.current, `${p.count}/${p.total}`, commit));
      }
    } else {
      const seconds = final.seconds ?? secondsBetween(this.lastEnd ?? this.currentStart, final.timestamp);
      out.epoch(defined({ epoch: final.epoch, seconds, steps: final.steps, metrics: final.metrics, endedAt: final.timestamp }));
      for (const [name, value] of Object.entries(final.metrics)) out.point(name, value, final.timestamp, final.epoch);
    }
    if (commit) {
      if (final !== undefined) this.lastEnd = final.timestamp;
      this.current = undefined;
      this.final = undefined;
      this.progress = undefined;
    }
  }

  protected finish(out: MetricsCollector, commit: boolean): void {
    this.endEpoch(out, commit);
  }

}

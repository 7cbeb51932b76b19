/**
 * Keras' progress output (Keras 1, tf.keras 2, Keras 3; verbose=1 bars and verbose=2 summary
 * lines). Internal.
 *
 * The bars come from `Progbar` (keras/src/utils/progbar.py in Keras 3,
 * tf_keras/src/utils/generic_utils.py in tf.keras 2, keras/utils/generic_utils.py in Keras 1),
 * the `Epoch N/M` header from the fit loop's ProgbarLogger. An update is parsed only when it
 * matters (the last one with count == total, or the last one of a bar), so dense bars cost a
 * prefix check per update.
 *
 * @module
 */
import type { EpochMetrics } from '../TrainingMetrics';
import { defined, MetricsCollector, secondsBetween, FormatReaderBase, unfinishedEpoch, type UpdateContext } from './MetricsCollector';
import { NUMBER_PATTERN, parseNumber } from './parseNumber';

const HEADER = /^\s*Epoch (\d+)\/(\d+)\s*$/;
/** `422/422 [====...`, `422/422 ━━━━...` (Keras 3), `422/422 - 13s - ...` (verbose=2). */
const BAR = /^\s*(\d+)\/(\d+)(?: \[| ━| - |\s*$)/;
/** Keras 1 verbose=2: `Epoch 1/10` then `678s - loss: 0.3866 - acc: 0.8812`. */
const KERAS1_SUMMARY = /^\s*(\d+)s - [A-Za-z_]/;
const METRIC = new RegExp(String.raw`^\s*([A-Za-z_][\w./]*): (${NUMBER_PATTERN})\s*$`);
const ETA = / - ETA: /;
const ELAPSED = /(?:^|\s)(\d+(?:\.\d+)?)s(?=\s|$)/;
/** tf.keras 2's `- 112ms/epoch` (or `- 12s/epoch`): the epoch's time, finer than the whole seconds before it. */
const PER_EPOCH = /^\s*(\d+(?:\.\d+)?)(s|ms|us|µs)\/epoch\s*$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, ms: 1e-3, us: 1e-6, µs: 1e-6 };

interface Seen {
  text: string;
  timestamp: Date | undefined;
}

interface ParsedUpdate {
  metrics: Record<string, number>;
  seconds: number | undefined;
}

/** Metrics and elapsed seconds of one update. */
function parseUpdate(text: string, prefixLength: number): ParsedUpdate {
  const metrics: Record<string, number> = {};
  let seconds: number | undefined;
  let perEpoch: number | undefined;
  const parts = text.slice(prefixLength).split(' - ');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const m = METRIC.exec(part);
    if (m !== null) {
      const value = parseNumber(m[2]);
      if (value !== undefined) metrics[m[1]!] = value;
      continue;
    }
    const e = PER_EPOCH.exec(part);
    if (e !== null) {
      perEpoch = Math.round(Number(e[1]) * UNIT_SECONDS[e[2]!]! * 1e6) / 1e6;
      continue;
    }
    if (seconds === undefined && i <= 1 && Object.keys(metrics).length === 0 && !part.includes('ETA')) {
      const t = ELAPSED.exec(part);
      if (t !== null) seconds = Number(t[1]);
    }
  }
  return { metrics, seconds: perEpoch ?? seconds };
}

/** Count and total of the partial bar update {@link scanPartialBar} found (reused: no allocation). */
const scannedBar = { count: 0, total: 0 };

/** Skips `ESC [ ... final` sequences and spaces from `i`; returns the next index. */
function skipAnsiAndSpaces(text: string, i: number, to: number): number {
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      i++;
    } else if (c === 27 && i + 1 < to && text.charCodeAt(i + 1) === 91) {
      i += 2;
      while (i < to) {
        const d = text.charCodeAt(i++);
        if (d >= 64 && d <= 126) break;
      }
    } else {
      break;
    }
  }
  return i;
}

/**
 * Whether `text[from, to)` is, without looking further, a Keras bar update whose count is below
 * its total (`  12/422 [=>....] - ETA: ...`, Keras 3's `\x1b[1m 12/422\x1b[0m \x1b[32m━...`):
 * the updates that make up nearly all of a dense log and that only matter as "the bar goes on".
 * Allocation-free (reads char codes; the numbers go to {@link scannedBar}), so the parser can
 * pass over thousands of them per message. At least as strict as the reader's own BAR pattern.
 */
function scanPartialBar(text: string, from: number, to: number): boolean {
  let i = skipAnsiAndSpaces(text, from, to);
  let count = 0;
  const start = i;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    count = count * 10 + (c - 48);
    i++;
  }
  if (i === start || i - start > 12 || i >= to || text.charCodeAt(i) !== 47 /* / */) return false;
  i++;
  let total = 0;
  const totalStart = i;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    total = total * 10 + (c - 48);
    i++;
  }
  if (i === totalStart || i - totalStart > 12 || count >= total) return false;
  // ` [`, ` ━` or ` - ` next, with colour codes allowed around the space (Keras 3).
  i = skipAnsiAndSpaces(text, i, to);
  if (i >= to) return false;
  const next = text.charCodeAt(i);
  if (next !== 91 /* [ */ && next !== 0x2501 /* ━ */ && !(next === 45 /* - */ && text.charCodeAt(i + 1) === 32)) return false;
  if (text.charCodeAt(i - 1) !== 32 && text.charCodeAt(i - 1) !== 109 /* m, end of a colour code */) return false;
  scannedBar.count = count;
  scannedBar.total = total;
  return true;
}

export class KerasReader extends FormatReaderBase {
  readonly format = 'keras' as const;

  private epoch: number | undefined;
  private totalEpochs: number | undefined;
  private epochStart: Date | undefined;
  private lastEpochEnd: Date | undefined;
  /** The current bar: its total, its last count, and whether it is the epoch's own bar. */
  private bar: { total: number; count: number; ofEpoch: boolean; last: Seen; prefixLength: number } | undefined;
  /** The epoch bar's last update with count == total. */
  private epochFinal: (Seen & { steps: number; prefixLength: number }) | undefined;
  /** Whether the log has an `Epoch N/M` header. */
  private headerSeen = false;
  /** Keras 1 verbose=2 summary line of the epoch. */
  private epochSummary: Seen | undefined;

  /** The count of the last update passed over since the last one given. */
  private passedCount = -1;

  /**
   * Whether `text[from, to)` only moves the current bar on (a partial update of the same bar,
   * count not going back, not at its end): the parser may then leave it out, as long as it
   * gives the last of such a run, and the result is the same. Counts as recognised.
   */
  skippable(text: string, from: number, to: number): boolean {
    const bar = this.bar;
    if (bar === undefined || !scanPartialBar(text, from, to)) return false;
    const { count, total } = scannedBar;
    if (total !== bar.total || count < bar.count || count < this.passedCount || count >= total) return false;
    this.passedCount = count;
    this.evidence++;
    return true;
  }

  update(text: string, { timestamp, endsLine }: UpdateContext): boolean {
    this.passedCount = -1;
    const c = text.charCodeAt(0);
    const startsWithDigitOrSpace = (c >= 48 && c <= 57) || c === 32;
    if (startsWithDigitOrSpace) {
      const bar = BAR.exec(text);
      if (bar !== null) {
        this.onBar(Number(bar[1]), Number(bar[2]), bar[0].length, text, timestamp, endsLine);
        this.evidence++;
        return true;
      }
      if (this.epoch !== undefined && this.bar === undefined && this.epochSummary === undefined && KERAS1_SUMMARY.test(text)) {
        this.epochSummary = { text, timestamp };
        this.evidence++;
        return true;
      }
    }
    if (c === 69 /* E */ || c === 32) {
      const header = HEADER.exec(text);
      if (header !== null) {
        this.endEpoch(this.out, true);
        this.closeBar(this.out, true);
        this.headerSeen = true;
        this.epoch = Number(header[1]);
        this.totalEpochs = Number(header[2]);
        this.epochStart = timestamp;
        this.evidence++;
        return true;
      }
    }
    return false;
  }

  private onBar(count: number, total: number, prefixLength: number, text: string, timestamp: Date | undefined, endsLine: boolean): void {
    const bar = this.bar;
    if (bar === undefined || total !== bar.total || count < bar.count) {
      if (this.isMetricFreeImplicitEpoch()) {
        // The first bar had no metrics: a dataset download (`170498071/170498071 [====] - 4s 0us/step`), not fit(epochs=1).
        this.epoch = undefined;
        this.totalEpochs = undefined;
        this.epochFinal = undefined;
      }
      if (!this.headerSeen && this.epoch === undefined) {
        // tf.keras 2 and Keras 3 print no `Epoch 1/1` for fit(epochs=1): the log's first bar is that epoch.
        this.epoch = 1;
        this.totalEpochs = 1;
        this.epochStart = timestamp;
      }
      // A new bar: the epoch's own if it is the first of the epoch, else another (evaluate, predict).
      this.closeBar(this.out, true);
      const ofEpoch = this.epoch !== undefined && this.epochFinal === undefined && this.epochSummary === undefined;
      this.bar = { total, count, ofEpoch, last: { text, timestamp }, prefixLength };
    } else {
      bar.count = count;
      bar.last = { text, timestamp };
      bar.prefixLength = prefixLength;
    }
    // The epoch's final update is the one that ends its line (Keras writes `\n` after it). Both
    // tf.keras 2 and Keras 3 print a `422/422` update before it, with an ETA (`ETA: 0s`, or Keras 3's
    // unlabelled `0s`) and without the validation metrics: that one does not end the epoch.
    if (count === total && this.bar!.ofEpoch && endsLine && !ETA.test(text)) this.epochFinal = { text, timestamp, steps: total, prefixLength };
  }

  /** A bar ends: its last update's values are the latest seen. */
  private closeBar(out: MetricsCollector, commit: boolean): void {
    const bar = this.bar;
    if (bar === undefined) return;
    if (commit) this.bar = undefined;
    if (bar.ofEpoch) return; // the epoch's values are committed with the epoch
    out.last(parseUpdate(bar.last.text, bar.prefixLength).metrics);
  }

  /** A log without `Epoch N/M` whose first bar ended without a single metric: that bar was no epoch. */
  private isMetricFreeImplicitEpoch(): boolean {
    const final = this.epochFinal;
    return !this.headerSeen && this.epoch !== undefined && this.epochSummary === undefined && final !== undefined &&
      Object.keys(parseUpdate(final.text, final.prefixLength).metrics).length === 0;
  }

  /** Commits the current epoch to `out` if it finished. */
  private endEpoch(out: MetricsCollector, commit: boolean): void {
    if (this.epoch === undefined) return;
    if (this.isMetricFreeImplicitEpoch()) {
      if (commit) {
        this.epoch = undefined;
        this.totalEpochs = undefined;
        this.epochFinal = undefined;
      }
      return;
    }
    const epoch = this.epoch;
    const final = this.epochFinal;
    const summary = this.epochSummary;
    if (final === undefined && summary === undefined) {
      const bar = this.bar;
      if (bar?.ofEpoch) {
        const partial = parseUpdate(bar.last.text, bar.prefixLength).metrics;
        out.last(partial);
        out.warn(unfinishedEpoch(epoch, `${bar.count}/${bar.total}`, commit));
      } else if (!commit) {
        out.warn(unfinishedEpoch(epoch, undefined, commit));
      }
    } else {
      const seen = final ?? summary!;
      const parsed = final !== undefined ? parseUpdate(final.text, final.prefixLength) : parseUpdate(summary!.text, 0);
      const endedAt = seen.timestamp;
      const seconds = parsed.seconds ?? secondsBetween(this.lastEpochEnd ?? this.epochStart, endedAt);
      const e: EpochMetrics = defined({
        epoch,
        totalEpochs: this.totalEpochs,
        seconds,
        steps: final?.steps,
        metrics: parsed.metrics,
        endedAt,
      });
      out.epoch(e);
      for (const [name, value] of Object.entries(parsed.metrics)) out.point(name, value, endedAt, epoch);
      if (commit) this.lastEpochEnd = endedAt;
    }
    if (commit) {
      this.epoch = undefined;
      this.epochFinal = undefined;
      this.epochSummary = undefined;
    }
  }

  protected finish(out: MetricsCollector, commit: boolean): void {
    this.endEpoch(out, commit);
    this.closeBar(out, commit);
  }

}

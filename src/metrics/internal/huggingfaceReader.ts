/**
 * The Hugging Face Trainer's log dicts (`{'loss': 1.5126, 'learning_rate': 1.2459e-05, 'epoch':
 * 0.44}`, the eval dicts and the closing `train_runtime` dict, printed by PrinterCallback /
 * ProgressCallback as `str(logs)`) and the `Num Epochs = 3` line of its banner. Internal.
 *
 * @module
 */
import { defined, MetricsCollector, secondsBetween, FormatReaderBase, unfinishedEpoch, type UpdateContext } from './MetricsCollector';
import { parseNumber } from './parseNumber';

const NUM_EPOCHS = /Num Epochs = ([\d,]+)/;

interface Epoch {
  epoch: number;
  metrics: Record<string, number>;
  last: Date | undefined;
}

/** The index after a quoted string starting at `i` (Python repr: `\\` escapes), or -1. */
function skipQuoted(t: string, i: number): number {
  const quote = t.charCodeAt(i);
  for (let j = i + 1; j < t.length; j++) {
    const c = t.charCodeAt(j);
    if (c === 92 /* \\ */) j++;
    else if (c === quote) return j + 1;
  }
  return -1;
}

/** The index of the `,` or `}` that ends a value starting at `i`, nested brackets and strings skipped, or -1. */
function valueEnd(t: string, i: number): number {
  let depth = 0;
  for (let j = i; j < t.length; j++) {
    const c = t.charCodeAt(j);
    if (c === 39 || c === 34) {
      j = skipQuoted(t, j) - 1;
      if (j < 0) return -1;
    } else if (c === 123 || c === 91 || c === 40) depth++;
    else if (c === 125 || c === 93 || c === 41) {
      if (depth === 0) return c === 125 ? j : -1;
      depth--;
    } else if (c === 44 && depth === 0) return j;
  }
  return -1;
}

/**
 * The numeric top-level pairs of a Python dict repr line (`{'loss': 1.5, 'epoch': 0.44}`; a value
 * may be a quoted number, as transformers 5 prints them; nested dicts and lists are skipped), or
 * undefined when the line is not one.
 */
function parseDict(text: string): Record<string, number> | undefined {
  const t = text.trim();
  if (t.length < 4 || t.charCodeAt(0) !== 123 || t.charCodeAt(t.length - 1) !== 125 || t.charCodeAt(1) !== 39) return undefined;
  const values: Record<string, number> = {};
  let any = false;
  let i = 1;
  while (i < t.length - 1) {
    while (t.charCodeAt(i) === 32) i++;
    if (t.charCodeAt(i) !== 39 && t.charCodeAt(i) !== 34) return any ? values : undefined;
    const keyEnd = skipQuoted(t, i);
    if (keyEnd < 0 || t.charCodeAt(keyEnd) !== 58 /* : */) return any ? values : undefined;
    const key = t.slice(i + 1, keyEnd - 1);
    const end = valueEnd(t, keyEnd + 1);
    if (end < 0) return any ? values : undefined;
    let raw = t.slice(keyEnd + 1, end).trim();
    const q = raw.charCodeAt(0);
    if ((q === 39 || q === 34) && raw.length >= 2 && raw.charCodeAt(raw.length - 1) === q) raw = raw.slice(1, -1);
    const value = parseNumber(raw);
    if (value !== undefined) {
      values[key] = value;
      any = true;
    }
    i = end + 1;
  }
  return any ? values : undefined;
}

export class HuggingFaceReader extends FormatReaderBase {
  readonly format = 'huggingface' as const;
  private totalEpochs: number | undefined;
  private current: Epoch | undefined;
  /** The `Num Epochs` banner line, else the first dict: where the first epoch's seconds start. */
  private startedAt: Date | undefined;
  private lastEnd: Date | undefined;
  /** The `epoch` of the last dict: epoch k is over at the end of the log only if it is exactly k. */
  private lastProgress: number | undefined;

  update(text: string, { timestamp }: UpdateContext): boolean {
    const dict = parseDict(text);
    if (dict === undefined) {
      if (text.indexOf('Num Epochs') === -1) return false;
      const m = NUM_EPOCHS.exec(text);
      if (m === null) return false;
      this.totalEpochs = Number(m[1]!.replaceAll(',', ''));
      this.startedAt ??= timestamp;
      this.evidence++;
      return true;
    }
    const progress = dict['epoch'];
    if (progress === undefined || !Number.isFinite(progress)) return false;
    this.evidence++;
    this.startedAt ??= timestamp;
    const epoch = Math.max(1, Math.ceil(progress));
    if (this.current !== undefined && epoch > this.current.epoch) this.endEpoch(this.out, true);
    const current = (this.current ??= { epoch, metrics: {}, last: timestamp });
    current.last = timestamp;
    this.lastProgress = progress;
    for (const [name, value] of Object.entries(dict)) {
      if (name === 'epoch' || name === 'step') continue;
      if (name === 'train_runtime') this.out.trainingSeconds = value;
      current.metrics[name] = value;
      this.out.point(name, value, timestamp, epoch);
    }
    return true;
  }

  private endEpoch(out: MetricsCollector, commit: boolean): void {
    const epoch = this.current;
    if (epoch === undefined) return;
    const finished = commit || this.lastProgress === epoch.epoch;
    if (finished) {
      const seconds = secondsBetween(this.lastEnd ?? this.startedAt, epoch.last);
      out.epoch(defined({ epoch: epoch.epoch, totalEpochs: this.totalEpochs, seconds, metrics: { ...epoch.metrics }, endedAt: epoch.last }));
    } else {
      out.warn(unfinishedEpoch(epoch.epoch, `at epoch ${this.lastProgress}`, false));
    }
    if (commit) {
      this.lastEnd = epoch.last;
      this.current = undefined;
    }
  }

  protected finish(out: MetricsCollector, commit: boolean): void {
    this.endEpoch(out, commit);
  }

}

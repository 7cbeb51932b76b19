/**
 * Plain PyTorch training scripts, in the styles most copied: pytorch/examples (mnist:
 * `Train Epoch: 1 [0/60000 (0%)]\tLoss: 2.305400`, `Test set: Average loss: 0.0489, Accuracy:
 * 9842/10000 (98%)`), kuangliu/pytorch-cifar's progress bar (`Epoch: 0`, then `[====>...]  Step:
 * 35ms | Tot: 17s567ms | Loss: 1.571 | Acc: 42.360% (21180/50000)  391/391`) and the PyTorch
 * CIFAR-10 tutorial (`[1,  2000] loss: 2.196`). Internal.
 *
 * @module
 */
import { defined, MetricsCollector, secondsBetween, FormatReaderBase, unfinishedEpoch, type UpdateContext } from './MetricsCollector';
import { NUMBER_PATTERN, parseNumber } from './parseNumber';

const TRAIN = new RegExp(String.raw`^\s*Train Epoch: (\d+) \[\s*(\d+)\/(\d+)\s*\(\s*[\d.]+%\)\]\s+Loss: (${NUMBER_PATTERN})`);
const TEST = new RegExp(String.raw`^\s*Test set: Average loss: (${NUMBER_PATTERN}), Accuracy: (\d+)\/(\d+)`);
const CIFAR_EPOCH = /^\s*Epoch: (\d+)\s*$/;
const CIFAR_BAR = new RegExp(
  String.raw`^\s*\[[=>.]*\]\s+Step: [^|]*\| Tot: (\S+) \| Loss: (${NUMBER_PATTERN}) \| Acc: (${NUMBER_PATTERN})% \((\d+)\/(\d+)\)\s+(\d+)\/(\d+)`,
);
/** The tutorial's last line. */
const FINISHED = /^\s*Finished Training\s*$/;
const TUTORIAL = new RegExp(String.raw`^\s*\[(\d+),\s*(\d+)\] loss: (${NUMBER_PATTERN})`);

/** kuangliu's format_time: `1D2h`, `1h2m`, `1m2s`, `17s567ms`, `35ms`, `0ms`. */
function parseFormatTime(text: string): number | undefined {
  const m = /^(?:(\d+)D)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(text);
  if (m === null || text === '') return undefined;
  const [, d, h, min, s, ms] = m;
  return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0) + Number(ms ?? 0) / 1000;
}

/**
 * pytorch/examples prints every `log_interval` batches, never at 100%: an epoch the log ends in
 * is over when the next print would have passed the end (`[59520/60000]` after `[58880/60000]`).
 */
function reachedTheEnd(epoch: Epoch): boolean {
  const step = epoch.seen - epoch.previousSeen;
  return epoch.samples > 0 && epoch.previousSeen >= 0 && step > 0 && epoch.seen + step >= epoch.samples;
}

interface Epoch {
  epoch: number;
  start: Date | undefined;
  metrics: Record<string, number>;
  /** kuangliu: bar 0 is training, bar 1 the test. */
  bars: { total: number; done: boolean; seconds: number | undefined }[];
  tested: boolean;
  last: Date | undefined;
  /** pytorch/examples: the last two samples counts printed (`[i/n ...]`), and n. */
  seen: number;
  previousSeen: number;
  samples: number;
}

export class PyTorchReader extends FormatReaderBase {
  readonly format = 'pytorch' as const;
  private current: Epoch | undefined;
  private lastEnd: Date | undefined;
  /** Whether the log has test lines: then only a test line ends an epoch. */
  private hasTestLines = false;
  private style: 'examples' | 'cifar' | 'tutorial' | undefined;
  private finishedTraining = false;

  update(text: string, { timestamp }: UpdateContext): boolean {
    let i = 0;
    while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    const c = text.charCodeAt(i); // no trimmed copy: every update the other readers pass on comes here
    if (c === 84 /* T */) return this.examplesLine(text, timestamp);
    if (c === 70 /* F */ && this.style === 'tutorial' && FINISHED.test(text)) {
      this.finishedTraining = true;
      this.evidence++;
      return true;
    }
    if (c === 91 /* [ */) return this.bracketLine(text, timestamp);
    if (c === 69 /* E */) {
      const m = CIFAR_EPOCH.exec(text);
      if (m === null) return false;
      this.evidence++;
      this.style = 'cifar';
      this.startEpoch(Number(m[1]) + 1, timestamp);
      return true;
    }
    return false;
  }

  private startEpoch(epoch: number, timestamp: Date | undefined): Epoch {
    if (this.current?.epoch === epoch) return this.current;
    if (this.current !== undefined) this.endEpoch(this.out, true, 'next');
    this.current = { epoch, start: timestamp, metrics: {}, bars: [], tested: false, last: timestamp, seen: -1, previousSeen: -1, samples: 0 };
    return this.current;
  }

  private examplesLine(text: string, timestamp: Date | undefined): boolean {
    const train = TRAIN.exec(text);
    if (train !== null) {
      this.evidence++;
      this.style = 'examples';
      const epoch = this.startEpoch(Number(train[1]), timestamp);
      const loss = parseNumber(train[4]);
      this.record(epoch, 'loss', loss, timestamp);
      epoch.previousSeen = epoch.seen;
      epoch.seen = Number(train[2]);
      epoch.samples = Number(train[3]);
      epoch.last = timestamp;
      return true;
    }
    const test = TEST.exec(text);
    if (test === null || this.current === undefined) return false;
    this.evidence++;
    this.hasTestLines = true;
    const epoch = this.current;
    const loss = parseNumber(test[1]);
    const total = Number(test[3]);
    this.record(epoch, 'test_loss', loss, timestamp);
    if (total > 0) {
      const accuracy = Number(test[2]) / total;
      this.record(epoch, 'test_accuracy', accuracy, timestamp);
    }
    epoch.last = timestamp;
    epoch.tested = true;
    this.endEpoch(this.out, true, 'test');
    return true;
  }

  private bracketLine(text: string, timestamp: Date | undefined): boolean {
    const bar = this.current !== undefined ? CIFAR_BAR.exec(text) : null;
    if (bar !== null) {
      this.evidence++;
      const epoch = this.current!;
      const count = Number(bar[6]);
      const total = Number(bar[7]);
      let index = epoch.bars.length - 1;
      const open = epoch.bars[index];
      if (open === undefined || open.done || open.total !== total) {
        epoch.bars.push({ total, done: false, seconds: undefined });
        index++;
      }
      const current = epoch.bars[index]!;
      if (index > 1) return true; // a third bar in one epoch is not one we know
      const prefix = index === 0 ? '' : 'test_';
      if (count === total) {
        current.done = true;
        current.seconds = parseFormatTime(bar[1]!);
        const loss = parseNumber(bar[2]);
        const correct = Number(bar[4]);
        const seen = Number(bar[5]);
        this.record(epoch, `${prefix}loss`, loss, timestamp);
        if (seen > 0) {
          this.record(epoch, `${prefix}accuracy`, correct / seen, timestamp);
        }
        epoch.last = timestamp;
        if (index === 1) {
          epoch.tested = true;
          this.hasTestLines = true;
          this.endEpoch(this.out, true, 'test');
        }
      }
      return true;
    }
    const tut = TUTORIAL.exec(text);
    if (tut === null) return false;
    this.evidence++;
    this.style = 'tutorial';
    const epoch = this.startEpoch(Number(tut[1]), timestamp);
    const loss = parseNumber(tut[3]);
    this.record(epoch, 'loss', loss, timestamp);
    epoch.last = timestamp;
    return true;
  }

  /** A value of the current epoch: its metric and a point of its series. */
  private record(epoch: Epoch, name: string, value: number | undefined, timestamp: Date | undefined): void {
    if (value === undefined) return;
    epoch.metrics[name] = value;
    this.out.point(name, value, timestamp, epoch.epoch);
  }

  /** Ends the current epoch: `why` is what ended it. */
  private endEpoch(out: MetricsCollector, commit: boolean, why: 'test' | 'next' | 'log-end'): void {
    const epoch = this.current;
    if (epoch === undefined) return;
    let finished: boolean;
    if (this.style === 'cifar') finished = epoch.tested || (epoch.bars[0]?.done === true && !this.hasTestLines);
    else if (epoch.tested) finished = true;
    else if (this.hasTestLines || Object.keys(epoch.metrics).length === 0) finished = false;
    else if (why === 'next') finished = true;
    else finished = this.style === 'tutorial' ? this.finishedTraining : reachedTheEnd(epoch);
    if (finished) {
      let seconds: number | undefined;
      if (this.style === 'cifar' && epoch.bars[0]?.seconds !== undefined) {
        seconds = epoch.bars[0].seconds + (epoch.bars[1]?.done === true ? (epoch.bars[1].seconds ?? 0) : 0);
      } else {
        seconds = secondsBetween(this.lastEnd ?? epoch.start, epoch.last);
      }
      const steps = this.style === 'cifar' ? epoch.bars[0]?.total : undefined;
      out.epoch(defined({ epoch: epoch.epoch, seconds, steps, metrics: { ...epoch.metrics }, endedAt: epoch.last }));
      if (why === 'log-end' && !epoch.tested && this.style !== 'cifar') {
        out.warn(`the log has no end-of-epoch line: epoch ${epoch.epoch} is taken as ending with the log`);
      }
    } else {
      out.warn(
        why === 'log-end'
          ? unfinishedEpoch(epoch.epoch, undefined, false)
          : `epoch ${epoch.epoch} has no end-of-epoch line before epoch ${epoch.epoch + 1}: it is not counted`,
      );
    }
    if (commit) {
      if (finished) this.lastEnd = epoch.last;
      this.current = undefined;
    }
  }

  protected finish(out: MetricsCollector, commit: boolean): void {
    this.endEpoch(out, commit, 'log-end');
  }

}

/**
 * The incremental reader of training logs: push lines or log events as they come, ask for the
 * result at any time.
 *
 * @module
 */
import type { LogEvent } from '../logs/LogSource';
import type { EpochMetrics, MetricPoint, TrainingMetrics } from './TrainingMetrics';
import { cleanUpdate, partialEscapeLength, splitMpiPrefix, unescapeCloudWatch } from './internal/cleanText';
import { HuggingFaceReader } from './internal/huggingfaceReader';
import { KerasReader } from './internal/kerasReader';
import { LightningReader } from './internal/lightningReader';
import { DEFAULT_MAX_SERIES_POINTS, type FormatReader, type ReaderSnapshot } from './internal/MetricsCollector';
import { MetricDefinitionReader, type MetricDefinition } from './internal/metricDefinitionReader';
import { PyTorchReader } from './internal/pytorchReader';
import { printableMetrics } from './internal/metricsText';

export type { MetricDefinition } from './internal/metricDefinitionReader';

/** Options of {@link TrainingLogParser}. */
export interface TrainingLogParserOptions {
  /**
   * SageMaker metric definitions (`{ Name, Regex }`, as in a request's
   * `AlgorithmSpecification.MetricDefinitions`) to apply as the service does: each log line
   * searched, the first capture group of the first match is the value. Their series appear under
   * their `Name`s next to what the framework reader found.
   */
  metricDefinitions?: readonly MetricDefinition[] | undefined;
  /** At most this many points are kept per series (evenly thinned over the run beyond it). Default 10,000. */
  maxSeriesPoints?: number | undefined;
}

/** A progress update longer than this is not one any framework prints: it is skipped. */
const MAX_UPDATE_CHARS = 64 * 1024;
/** Metric definitions see at most this much of one line (a line of dense progress updates can be huge). */
const MAX_DEFINITION_LINE_CHARS = 1024 * 1024;

/**
 * The host a log source belongs to: a CloudWatch stream `<job>/algo-1-1700000000` is host
 * `<job>/algo-1`, whatever the container's start time (a restarted container, after a spot
 * interruption, writes a new stream of the same host).
 */
function hostOf(source: string): string {
  return source.replace(/-\d{9,}$/, '');
}

const FRAMEWORK_NAMES = 'Keras, PyTorch, PyTorch Lightning or Hugging Face Trainer';

function checkOptions(options: TrainingLogParserOptions): { definitions: readonly MetricDefinition[]; maxSeriesPoints: number } {
  if (options === null || typeof options !== 'object') throw new TypeError('TrainingLogParser: options must be an object');
  const { metricDefinitions = [], maxSeriesPoints = DEFAULT_MAX_SERIES_POINTS } = options;
  if (!Array.isArray(metricDefinitions)) {
    throw new TypeError(`TrainingLogParser: metricDefinitions must be an array of { Name, Regex }, got ${typeof metricDefinitions}`);
  }
  if (!Number.isInteger(maxSeriesPoints) || maxSeriesPoints < 2) {
    throw new TypeError(`TrainingLogParser: maxSeriesPoints must be an integer of at least 2, got ${String(maxSeriesPoints)}`);
  }
  return { definitions: metricDefinitions, maxSeriesPoints };
}

/**
 * Reads epochs, times and metrics out of a training log one line (or log event) at a time, in
 * bounded memory: for follow mode, or any stream {@link parseTrainingLog} does not take. The
 * framework is recognised on the way (Keras, PyTorch, PyTorch Lightning, Hugging Face Trainer);
 * `result()` can be called at any time and does not end the parse.
 *
 * A pushed string is one or more whole lines (`\n`-separated); a {@link LogEvent} with
 * `continued: true` is a piece of a long line that goes on in the next event. Carriage returns
 * and backspaces (a terminal's progress bar), ANSI colours, CloudWatch's escaped `#015` / `#010`
 * / `#033` forms and the MPI prefix of distributed runs are understood.
 *
 * @example
 * ```ts
 * import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
 * import { CloudWatchLogSource, TrainingLogParser } from 'sagemaker-bench';
 *
 * const parser = new TrainingLogParser();
 * const source = new CloudWatchLogSource({ client: new CloudWatchLogsClient({}), jobName: 'resnet50-p3-gpu4-b512-e2' });
 * for await (const event of source.follow({ until: () => false, pollIntervalMs: 5000 })) {
 *   parser.push(event);
 *   const { epochs } = parser.result();
 *   const last = epochs.at(-1);
 *   if (last) console.log(`epoch ${last.epoch}: ${last.seconds ?? '?'} s`, last.metrics);
 * }
 * ```
 */
export class TrainingLogParser {
  readonly #readers: FormatReader[];
  readonly #definitions: MetricDefinitionReader;
  readonly #warnings = new Set<string>();

  /** The current, not yet ended progress update (a line may arrive in pieces). */
  #update = '';
  #updateTooLong = false;
  /** The start of a CloudWatch escape cut by a piece boundary. */
  #escapeCarry = '';
  #atLineStart = true;
  #lineRank: number | undefined;
  #lineSource = '';
  #definitionLine: string[] = [];
  #definitionLineChars = 0;
  /** The source (CloudWatch stream, S3 key) the framework output is read from. */
  #primarySource: string | undefined;
  /** The host the primary source is a stream of (a restarted container writes a new stream). */
  #primaryHost: string | undefined;
  #lineHost = '';
  #otherSources = new Set<string>();
  #timestamp: Date | undefined;
  /**
   * The last of a run of progress updates passed over (see #skip), not yet given to the
   * reader: its place in the current message, and its count.
   */
  #skippedText: string | undefined;
  #skippedFrom = 0;
  #skippedTo = 0;

  /**
   * A parser that has read nothing yet.
   *
   * @param options - Metric definitions to apply as SageMaker does, and the most points kept per series.
   */
  constructor(options: TrainingLogParserOptions = {}) {
    const { definitions, maxSeriesPoints } = checkOptions(options);
    this.#readers = [new KerasReader(maxSeriesPoints), new LightningReader(maxSeriesPoints), new PyTorchReader(maxSeriesPoints), new HuggingFaceReader(maxSeriesPoints)];
    this.#definitions = new MetricDefinitionReader(definitions, maxSeriesPoints);
  }

  /** Adds one line (or several, `\n`-separated) or one log event. */
  push(line: string | LogEvent): void {
    let text: string;
    let continued = false;
    if (typeof line === 'string') {
      text = line;
      this.#timestamp = undefined;
      this.#setSource('');
    } else if (line !== null && typeof line === 'object' && typeof line.message === 'string') {
      text = line.message;
      continued = line.continued === true;
      const ts = line.timestamp;
      this.#timestamp = ts instanceof Date && !Number.isNaN(ts.getTime()) ? ts : undefined;
      this.#setSource(typeof line.source === 'string' ? line.source : '');
    } else {
      throw new TypeError(`TrainingLogParser.push: expected a string or a LogEvent ({ message, timestamp?, source }), got ${line === null ? 'null' : typeof line}`);
    }
    this.#pushText(text, continued);
  }

  /** What was found so far. */
  result(): TrainingMetrics {
    const snapshots = this.#readers.map((r) => r.snapshot());
    let chosen: ReaderSnapshot | undefined;
    for (const s of snapshots) {
      if (s.evidence === 0) continue;
      if (chosen === undefined || s.epochs.length > chosen.epochs.length || (s.epochs.length === chosen.epochs.length && s.evidence > chosen.evidence)) chosen = s;
    }
    const definitions = this.#definitions.snapshot();
    const warnings = [...(chosen?.warnings ?? [])];
    let format: TrainingMetrics['format'] = chosen?.format ?? 'unknown';
    let epochs: readonly EpochMetrics[] = chosen?.epochs ?? [];
    const final: Record<string, number> = { ...(chosen?.final ?? {}) };
    const series: Record<string, readonly MetricPoint[]> = { ...(chosen?.series ?? {}) };
    if (chosen === undefined) {
      if (definitions.evidence > 0) format = 'metric-definitions';
      else warnings.push(`no ${FRAMEWORK_NAMES} training output recognised, and no metric definition matched: no epochs or metrics`);
      epochs = [];
    }
    Object.assign(final, definitions.final);
    Object.assign(series, definitions.series);
    warnings.push(...definitions.warnings, ...this.#warnings);
    if (this.#otherSources.size > 0) {
      const others = [...this.#otherSources];
      warnings.push(
        `epochs are read from ${this.#primarySource === '' ? 'the first source' : this.#primarySource} only; ` +
          `${others.length} other source${others.length === 1 ? '' : 's'} (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', ...' : ''}) were not read for epochs`,
      );
    }
    const result: { -readonly [K in keyof TrainingMetrics]: TrainingMetrics[K] } = { format, epochs, final, series, warnings };
    if (chosen?.trainingSeconds !== undefined) result.trainingSeconds = chosen.trainingSeconds;
    // A table in a REPL or a notebook (util.inspect) and from String(); still plain data.
    return printableMetrics(result);
  }

  #setSource(source: string): void {
    if (source !== this.#lineSource) {
      // A new source while a line of another was open: that line is over.
      if (!this.#atLineStart) {
        this.#endUpdate(true);
        this.#endLine();
      }
      this.#escapeCarry = '';
      this.#lineHost = hostOf(source);
    }
    this.#lineSource = source;
  }

  #pushText(input: string, continued: boolean): void {
    let text = this.#escapeCarry + input;
    this.#escapeCarry = '';
    if (continued) {
      const cut = partialEscapeLength(text);
      if (cut > 0) {
        this.#escapeCarry = text.slice(text.length - cut);
        text = text.slice(0, text.length - cut);
      }
    }
    text = unescapeCloudWatch(text);
    const definitions = this.#definitions.active;
    let pos = 0;
    let nextCr = text.indexOf('\r');
    let nextLf = text.indexOf('\n');
    for (;;) {
      if (nextCr !== -1 && nextCr < pos) nextCr = text.indexOf('\r', pos);
      if (nextLf !== -1 && nextLf < pos) nextLf = text.indexOf('\n', pos);
      const end = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextCr, nextLf);
      if (end === -1) break;
      if (definitions) this.#appendDefinitionLine(text, pos, end + (text.charCodeAt(end) === 13 ? 1 : 0));
      if (!this.#skip(text, pos, end)) {
        this.#appendUpdate(text, pos, end);
        this.#endUpdate(text.charCodeAt(end) === 10);
      }
      if (text.charCodeAt(end) === 10) {
        this.#flushSkipped();
        this.#endLine();
      }
      pos = end + 1;
    }
    // The message goes away after this call: what was passed over is given to the reader now.
    this.#flushSkipped();
    if (pos < text.length) {
      if (definitions) this.#appendDefinitionLine(text, pos, text.length);
      this.#appendUpdate(text, pos, text.length);
    }
    if (!continued) {
      this.#endUpdate(true);
      this.#endLine();
    }
  }

  /**
   * Passes over an update that only moves a progress bar on (Keras' `12/422 [=>...`, Lightning's
   * `Epoch 0:  12%|...| 225/1875 [`), without slicing it out of the message: a dense log is nearly
   * all such updates, and the reader needs only the last of each run (it gets it before anything
   * else, and before the message is gone). Only for the reader that reads this log (the first),
   * and an update whole within this message.
   */
  #skip(text: string, from: number, to: number): boolean {
    const reader = this.#readers[0]!;
    if (reader.skippable === undefined || this.#update !== '' || this.#updateTooLong || this.#atLineStart) return false;
    if (this.#lineRank !== undefined && this.#lineRank !== 0) return false;
    if (this.#primaryHost !== this.#lineHost) return false;
    if (!reader.skippable(text, from, to)) {
      this.#flushSkipped();
      return false;
    }
    this.#skippedText = text;
    this.#skippedFrom = from;
    this.#skippedTo = to;
    return true;
  }

  #flushSkipped(): void {
    const text = this.#skippedText;
    if (text === undefined) return;
    this.#skippedText = undefined;
    this.#appendUpdate(text, this.#skippedFrom, this.#skippedTo);
    this.#endUpdate(false);
  }

  #appendUpdate(text: string, from: number, to: number): void {
    if (this.#updateTooLong) return;
    if (this.#update.length + (to - from) > MAX_UPDATE_CHARS) {
      this.#updateTooLong = true;
      this.#update = '';
      this.#warnings.add(`a progress update or line longer than ${MAX_UPDATE_CHARS} characters was skipped`);
      return;
    }
    this.#update = this.#update === '' ? text.slice(from, to) : this.#update + text.slice(from, to);
  }

  #appendDefinitionLine(text: string, from: number, to: number): void {
    const room = MAX_DEFINITION_LINE_CHARS - this.#definitionLineChars;
    if (room <= 0) return;
    const piece = text.slice(from, Math.min(to, from + room));
    this.#definitionLine.push(piece);
    this.#definitionLineChars += piece.length;
  }

  /** Gives the update to the readers; `endsLine`: a newline (or the end of a whole line) follows it. */
  #endUpdate(endsLine: boolean): void {
    const raw = this.#update;
    const tooLong = this.#updateTooLong;
    this.#update = '';
    this.#updateTooLong = false;
    if (tooLong) {
      this.#atLineStart = false;
      return;
    }
    let text = raw;
    if (this.#atLineStart) {
      this.#atLineStart = false;
      const { rank, text: rest } = splitMpiPrefix(text);
      this.#lineRank = rank;
      text = rest;
    }
    if (text === '') return;
    if (this.#lineRank !== undefined && this.#lineRank !== 0) return;
    const source = this.#lineSource;
    if (this.#primaryHost !== undefined && this.#lineHost !== this.#primaryHost) {
      this.#offerOtherSource(text, source);
      return;
    }
    text = cleanUpdate(text);
    if (text.trim() === '') return;
    const context = { timestamp: this.#timestamp, endsLine };
    const readers = this.#readers;
    for (let i = 0; i < readers.length; i++) {
      if (readers[i]!.update(text, context)) {
        if (this.#primaryHost === undefined) {
          this.#primaryHost = this.#lineHost;
          this.#primarySource = source;
        }
        if (i > 0) readers.unshift(...readers.splice(i, 1)); // the reader that recognises goes first
        return;
      }
    }
  }

  /** Framework output from a second source (another host) is not mixed into the epochs. */
  #offerOtherSource(text: string, source: string): void {
    if (this.#otherSources.has(source) || this.#otherSources.size >= 100) return;
    const cleaned = cleanUpdate(text);
    // Only a source that prints what the primary's reader recognises is worth a warning.
    if (/^\s*(?:Epoch |Train Epoch:|\d+\/\d+ |\{')/.test(cleaned)) this.#otherSources.add(source);
  }

  #endLine(): void {
    this.#atLineStart = true;
    this.#lineRank = undefined;
    if (this.#definitionLine.length > 0) {
      let line = this.#definitionLine.length === 1 ? this.#definitionLine[0]! : this.#definitionLine.join('');
      if (line.endsWith('\r')) line = line.slice(0, -1); // CRLF: the CR is the line end, not its text
      this.#definitionLine = [];
      this.#definitionLineChars = 0;
      this.#definitions.line(line, this.#timestamp);
    }
  }
}

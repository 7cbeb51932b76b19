/**
 * The `sweep` command's progress: on a terminal, one line per job and a total bar, redrawn in
 * place; elsewhere (a pipe, a CI log), one plain line per meaningful event. Internal: the
 * library stays silent, the command owns its output.
 */
import type { SweepEvent } from '../../sweep/SweepEvent';
import type { SweepPlan } from '../../sweep/SweepPlan';
import type { SweepJobResult, SweepResult } from '../../sweep/SweepResult';
import { formatSweepEventLine } from './formatSweepEventLine';
import { formatElapsed, oneLine, outcomeParts } from './formatSweepEventParts';
import { paint } from './TerminalStream';
import type { Paint, Style, TerminalStream } from './TerminalStream';

/** Options of {@link createSweepProgress}. */
export interface SweepProgressOptions {
  /** Where to write (the command's stderr). */
  stream: TerminalStream;
  /** Redraw a block in place (a TTY), or write one plain line per event (anything else). */
  live: boolean;
  /** Colours in the live block (the plain lines never have any escape sequence). */
  color: boolean;
  /** The clock (ms), for elapsed times. Default `Date.now`. */
  now?: () => number;
  /** Milliseconds between two redraws of the live block when nothing happens (elapsed times tick). Default 1000. */
  redrawMs?: number;
  /**
   * What a journal already holds (`readSweepJournal`) when the sweep is resumed: the jobs that
   * ended before show as ended from the start (runSweep sends no event about them); those it did
   * not launch show as queued, since the resumed run launches them.
   */
  previous?: SweepResult;
}

/** The progress of one run of a sweep: fed runSweep's events, then finished. */
export interface SweepProgress {
  /** Pass as runSweep's `onEvent`. Events after `finish` are ignored. */
  onEvent(event: SweepEvent): void;
  /** A line for the person watching (`Ctrl-C: stopping 2 jobs…`): above the live block, or one more plain line. */
  note(line: string): void;
  /** The last frame (with `result`'s final statuses), the cursor shown again, the timer stopped. Safe to call twice. */
  finish(result?: SweepResult): void;
}

/** At most one redraw per this many ms: a burst of events is one frame. */
const COALESCE_MS = 50;
const ESC = '\x1b[';
const HIDE_CURSOR = `${ESC}?25l`;
const SHOW_CURSOR = `${ESC}?25h`;
const ERASE_LINE_END = `${ESC}K`;
const ERASE_BELOW = `${ESC}J`;
const DEFAULT_COLUMNS = 80;
const DEFAULT_ROWS = 24;
const STATUS_WIDTH_MAX = 24;
const NAME_WIDTH_MIN = 16;
const STATUS_WIDTH_MIN = 10;
const BAR_WIDTH = 20;

type JobState = 'queued' | 'waiting' | 'launching' | 'running' | 'ended';

interface JobView {
  readonly jobName: string;
  readonly index: number;
  state: JobState;
  /** The service's status (InProgress, Stopping) while running; the end status once ended. */
  status?: string;
  /** The secondary status while running (Starting, Downloading, Training, Uploading...). */
  phase?: string;
  waitReason?: 'quota' | 'concurrency' | 'throttled';
  waitMessage?: string;
  launchedAt?: number;
  endedAt?: number;
  /** Why it failed, was stopped or not launched. */
  reason?: string;
  result?: SweepJobResult;
  /** The sweep asked for the stop. */
  stopped?: boolean;
  /** When its line last changed: the most recent ones are shown when not all fit. */
  changedAt: number;
}

const ENDED = new Set(['Completed', 'Failed', 'Stopped', 'NotLaunched']);

/** A string's width on a terminal: its code points, SGR sequences not counted. */
function visibleWidth(text: string): number {
  let width = 0;
  for (const part of text.split(/\x1b\[[0-9;?]*[A-Za-z]/)) width += [...part].length;
  return width;
}

/** `text` cut to `width` columns (its end replaced by `…`), styles closed after a cut. */
function cut(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  let out = '';
  let seen = 0;
  let styled = false;
  const re = /\x1b\[[0-9;?]*[A-Za-z]/y;
  for (let i = 0; i < text.length; ) {
    re.lastIndex = i;
    const escape = re.exec(text);
    if (escape !== null) {
      out += escape[0];
      styled = true;
      i += escape[0].length;
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(i)!);
    if (seen === width - 1) break;
    out += char;
    seen++;
    i += char.length;
  }
  return `${out}${width > 0 ? '…' : ''}${styled ? `${ESC}0m` : ''}`;
}

/** A job name shortened in the middle (`digits-so…-b16-e5-r1`): its end is what tells the jobs of a sweep apart. */
function shortName(name: string, width: number): string {
  if (name.length <= width) return name;
  const head = Math.max(1, Math.ceil((width - 1) / 4));
  const tail = Math.max(0, width - 1 - head);
  return `${name.slice(0, head)}…${tail > 0 ? name.slice(-tail) : ''}`;
}

/**
 * Shows a sweep's progress on `stream` as runSweep reports it.
 *
 * - `live` (a TTY): one line per job (its status and phase, the time since its launch, and once it
 *   ended its epochs, headline metric and cost) and a total bar, redrawn in place on every event
 *   and every `redrawMs`; lines are cut to the terminal's width, and when the jobs do not fit its
 *   height the running and most recent ones are shown with a `… 12 more (8 queued, 4 done)` line.
 * - not `live`: `12:03:04 <job>  launched`, `... InProgress Training` (on a change of status or
 *   phase), `... Completed  5 epochs  val_accuracy 0.91  $0.00  41s`, `... waiting: <why>`,
 *   `... stopped (<why>)`: plain lines, no escape sequence.
 *
 * @example
 * ```ts
 * const progress = createSweepProgress(plan, { stream: process.stderr, live: process.stderr.isTTY === true, color: true });
 * try {
 *   const result = await runSweep(plan, { clients, signal, onEvent: (event) => progress.onEvent(event) });
 *   progress.finish(result);
 * } finally {
 *   progress.finish();
 * }
 * ```
 */
export function createSweepProgress(plan: SweepPlan, options: SweepProgressOptions): SweepProgress {
  const { stream, live } = options;
  const now = options.now ?? Date.now;
  const redrawMs = options.redrawMs ?? 1000;
  if (!(typeof redrawMs === 'number' && redrawMs > 0 && Number.isFinite(redrawMs))) throw new TypeError(`createSweepProgress: redrawMs must be a number of ms > 0, got ${JSON.stringify(options.redrawMs)}`);
  const c: Paint = paint(live && options.color);
  const startedAt = now();
  const jobs = new Map<string, JobView>(plan.jobs.map((job, index) => [job.jobName, { jobName: job.jobName, index, state: 'queued', changedAt: -Infinity }]));
  const views = (): JobView[] => [...jobs.values()];
  const nameWidth = Math.max(0, ...plan.jobs.map((job) => job.jobName.length));
  let finished = false;
  let endedAt: number | undefined;

  for (const previous of options.previous?.jobs ?? []) {
    const view = jobs.get(previous.jobName);
    // A job the run before did not launch is launched by this one (--resume): it stays queued.
    if (view === undefined || !ENDED.has(previous.status) || previous.status === 'NotLaunched') continue;
    view.state = 'ended';
    view.status = previous.status;
    view.result = previous;
    if (previous.failureReason !== undefined) view.reason = previous.failureReason;
    const seconds = previous.summary?.trainingSeconds;
    if (seconds !== undefined) {
      view.launchedAt = startedAt - seconds * 1000;
      view.endedAt = startedAt;
    }
  }

  const closed = (): boolean => (stream as { closed?: boolean }).closed === true;
  const write = (text: string): void => {
    if (text !== '' && !closed()) stream.write(text);
  };

  /** The job's view, created for a job the plan does not have (it should not happen, but shows). */
  const viewOf = (jobName: string): JobView => {
    let view = jobs.get(jobName);
    if (view === undefined) {
      view = { jobName, index: jobs.size, state: 'queued', changedAt: -Infinity };
      jobs.set(jobName, view);
    }
    return view;
  };

  const end = (view: JobView, status: string, at: number): void => {
    if (view.state !== 'ended') view.endedAt = at;
    view.state = 'ended';
    view.status = status;
    view.phase = undefined;
  };

  /** Applies an event to the views; true when it changed what is shown. */
  const apply = (event: SweepEvent): boolean => {
    const view = viewOf(event.jobName);
    const at = now();
    view.changedAt = at;
    switch (event.type) {
      case 'queued':
        if (view.state === 'ended' || view.state === 'running') return false;
        view.state = 'waiting';
        view.waitReason = event.reason;
        view.waitMessage = event.message;
        return true;
      case 'launched':
        view.state = 'launching';
        view.launchedAt = at;
        view.endedAt = undefined;
        view.waitReason = undefined;
        view.waitMessage = undefined;
        return true;
      case 'status':
        if (view.state === 'ended') return false;
        if (view.launchedAt === undefined) view.launchedAt = at;
        view.state = 'running';
        view.status = event.status;
        view.phase = event.secondaryStatus;
        return true;
      case 'ended':
        end(view, event.status, at);
        if (event.failureReason !== undefined) view.reason = event.failureReason;
        return true;
      case 'result':
        end(view, event.result.status, at);
        view.result = event.result;
        if (event.result.failureReason !== undefined) view.reason = event.result.failureReason;
        return true;
      case 'stopped':
        view.stopped = true;
        view.reason = event.reason;
        if (view.state !== 'ended') end(view, 'Stopped', at);
        return true;
      default:
        return false;
    }
  };

  // ---------------------------------------------------------------- live: the block

  /** Widest status label shown so far: the columns only ever widen, so they do not jump. */
  let statusWidth = 'waiting for quota'.length;
  /** Visible widths of the lines of the block on screen, and the terminal width they were drawn at. */
  let drawn: number[] = [];
  let drawnColumns = 0;
  let cursorHidden = false;
  let lastDrawAt = -Infinity;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;

  const label = (view: JobView): [text: string, style: Style] => {
    switch (view.state) {
      case 'queued':
        return ['queued', c.dim];
      case 'waiting':
        if (view.waitReason === 'quota') return ['waiting for quota', c.yellow];
        if (view.waitReason === 'throttled') return ['throttled, retrying', c.yellow];
        return ['queued', c.dim];
      case 'launching':
        return ['launching', c.cyan];
      case 'running': {
        const text = [view.status, view.phase].filter((part) => part !== undefined && part !== '').join(' ') || 'InProgress';
        return [text, view.status === 'Stopping' ? c.yellow : c.cyan];
      }
      case 'ended': {
        const status = view.status ?? 'ended';
        return [status, status === 'Completed' ? c.green : status === 'Failed' ? c.red : c.yellow];
      }
    }
  };

  const detail = (view: JobView): string => {
    if (view.state === 'waiting' && view.waitReason !== 'concurrency' && view.waitMessage !== undefined) return c.dim(oneLine(view.waitMessage));
    if (view.state !== 'ended') return '';
    if (view.result !== undefined) {
      const parts = outcomeParts(view.result);
      if (view.stopped && view.reason !== undefined && view.result.failureReason === undefined) parts.unshift(oneLine(view.reason));
      const [first, ...rest] = parts;
      if (first === undefined) return '';
      const lead = view.result.status === 'Completed' ? first : c.dim(first);
      return [lead, ...rest].join('  ');
    }
    if (view.reason !== undefined) return c.dim(oneLine(view.reason));
    return view.status === 'NotLaunched' ? '' : c.dim('collecting the log…');
  };

  const elapsedOf = (view: JobView, at: number): string | undefined =>
    view.launchedAt === undefined ? undefined : formatElapsed(((view.endedAt ?? at) - view.launchedAt) / 1000);

  const jobLine = (view: JobView, at: number, widths: { name: number; status: number }, width: number): string => {
    const [full, style] = label(view);
    // Too long (`InProgress DownloadingTrainingImage`): the phase says more than the status.
    const text = full.length > widths.status && view.state === 'running' && view.phase ? view.phase : full;
    const elapsed = elapsedOf(view, at) ?? '';
    const head = `${shortName(view.jobName, widths.name).padEnd(widths.name)}  ${style(cut(text, widths.status).padEnd(widths.status))}  ${elapsed.padStart(5)}`;
    // The outcome gets what room is left, so that a cut never eats into the columns before it.
    const room = width - visibleWidth(head) - 2;
    const more = room >= 4 ? detail(view) : '';
    return (more === '' ? head : `${head}  ${cut(more, room)}`).trimEnd();
  };

  /** The jobs shown when not all fit: the running ones, then the most recently changed, then the next queued; in plan order. */
  const choose = (all: JobView[], slots: number): JobView[] => {
    const recent = (a: JobView, b: JobView): number => b.changedAt - a.changedAt || a.index - b.index;
    const active = all.filter((v) => v.state === 'launching' || v.state === 'running').sort(recent);
    const ended = all.filter((v) => v.state === 'ended').sort(recent);
    const waiting = all.filter((v) => v.state === 'waiting' && v.waitReason !== 'concurrency').sort(recent);
    const queued = all.filter((v) => v.state === 'queued' || (v.state === 'waiting' && v.waitReason === 'concurrency')).sort((a, b) => a.index - b.index);
    return [...active, ...waiting, ...ended, ...queued].slice(0, slots).sort((a, b) => a.index - b.index);
  };

  const counts = (list: JobView[]) => {
    const n = { queued: 0, waiting: 0, running: 0, done: 0, completed: 0, failed: 0, stopped: 0, notLaunched: 0 };
    for (const view of list) {
      if (view.state === 'queued' || (view.state === 'waiting' && view.waitReason === 'concurrency')) n.queued++;
      else if (view.state === 'waiting') n.waiting++;
      else if (view.state === 'launching' || view.state === 'running') n.running++;
      else {
        n.done++;
        if (view.status === 'Completed') n.completed++;
        else if (view.status === 'Failed') n.failed++;
        else if (view.status === 'Stopped') n.stopped++;
        else n.notLaunched++;
      }
    }
    return n;
  };

  const barLine = (all: JobView[], at: number, width: number): string => {
    const n = counts(all);
    const total = all.length;
    const barWidth = Math.max(5, Math.min(BAR_WIDTH, width - 45));
    const filled = total === 0 ? barWidth : Math.round((n.done / total) * barWidth);
    const bar = `[${c.green('#'.repeat(filled))}${c.dim('-'.repeat(barWidth - filled))}]`;
    const items = (short: boolean): string => {
      const list = [`${n.done}/${total} done`];
      if (n.running > 0) list.push(c.cyan(`${n.running} running`));
      if (n.waiting > 0) list.push(c.yellow(`${n.waiting} ${short ? 'waiting' : 'waiting for quota'}`));
      if (n.failed > 0) list.push(c.red(`${n.failed} failed`));
      if (n.stopped > 0) list.push(c.yellow(`${n.stopped} stopped`));
      if (n.notLaunched > 0) list.push(c.yellow(`${n.notLaunched} not launched`));
      list.push(formatElapsed(((endedAt ?? at) - startedAt) / 1000));
      return list.join(' · ');
    };
    // Narrow: shorter words, then no bar, before anything is cut.
    for (const candidate of [`${bar} ${items(false)}`, `${bar} ${items(true)}`]) if (visibleWidth(candidate) <= width) return candidate;
    return items(true);
  };

  const moreLine = (hidden: JobView[]): string => {
    const n = counts(hidden);
    const parts = [
      n.running > 0 ? `${n.running} running` : '',
      n.waiting > 0 ? `${n.waiting} waiting` : '',
      n.queued > 0 ? `${n.queued} queued` : '',
      n.done > 0 ? `${n.done} done` : '',
    ].filter(Boolean);
    return c.dim(`… ${hidden.length} more (${parts.join(', ')})`);
  };

  /** The lines of the block, each at most `columns - 1` wide. */
  const frame = (): string[] => {
    const at = now();
    const columns = Math.max(1, Math.floor(stream.columns ?? DEFAULT_COLUMNS));
    const rows = Math.max(1, Math.floor(stream.rows ?? DEFAULT_ROWS));
    const width = Math.max(1, columns - 1);
    const all = views();
    // The block stays shorter than the screen: a block that scrolls cannot be gone back over.
    const maxJobLines = rows - 3;
    const shown = all.length <= maxJobLines ? all : choose(all, Math.max(0, maxJobLines - 1));
    for (const view of shown) statusWidth = Math.min(STATUS_WIDTH_MAX, Math.max(statusWidth, label(view)[0].length));
    // On a narrow terminal the name gives way first (shortened in its middle), then the status,
    // so that both and the elapsed time stay in sight.
    const fixed = 2 + 2 + 5;
    const status = Math.min(statusWidth, Math.max(STATUS_WIDTH_MIN, width - fixed - NAME_WIDTH_MIN));
    let name = Math.min(nameWidth, Math.max(NAME_WIDTH_MIN, width - fixed - status));
    if (name + fixed + status > width) name = Math.max(4, width - fixed - status);
    const lines = shown.map((view) => jobLine(view, at, { name, status }, width));
    if (shown.length < all.length && lines.length + 2 < rows) {
      const visible = new Set(shown);
      lines.push(moreLine(all.filter((view) => !visible.has(view))));
    }
    lines.push(barLine(all, at, width));
    return lines.map((line) => cut(line, width));
  };

  /** Moves the cursor back to the first line of the block on screen (nothing when there is none). */
  const backOverBlock = (): string => {
    if (drawn.length === 0) return '';
    const columns = Math.max(1, Math.floor(stream.columns ?? DEFAULT_COLUMNS));
    // A terminal made narrower since may have rewrapped the lines drawn before: count their rows now.
    const up = columns >= drawnColumns ? drawn.length : drawn.reduce((sum, w) => sum + Math.max(1, Math.ceil(w / columns)), 0);
    return `\r${ESC}${up}A`;
  };

  const draw = (before = ''): void => {
    if (pending !== undefined) {
      clearTimeout(pending);
      pending = undefined;
    }
    const lines = frame();
    let out = cursorHidden ? '' : HIDE_CURSOR;
    cursorHidden = true;
    out += backOverBlock();
    // The lines above the block are written over the block (each erased to its end), not after
    // an erase of the screen: tmux and others move a screen erased from its top into the
    // scrollback, which would keep a copy of the block there.
    for (const text of before === '' ? [] : before.replace(/\n$/, '').split('\n')) out += `${text}${ERASE_LINE_END}\n`;
    for (const line of lines) out += `${line}${ERASE_LINE_END}\n`;
    out += ERASE_BELOW;
    drawn = lines.map(visibleWidth);
    drawnColumns = Math.max(1, Math.floor(stream.columns ?? DEFAULT_COLUMNS));
    lastDrawAt = now();
    write(out);
  };

  /** A redraw now, or at most COALESCE_MS after the last one. */
  const requestDraw = (): void => {
    if (finished || pending !== undefined) return;
    const wait = lastDrawAt + COALESCE_MS - now();
    if (wait <= 0) {
      draw();
      return;
    }
    pending = setTimeout(() => {
      pending = undefined;
      if (!finished) draw();
    }, wait);
    (pending as { unref?: () => void }).unref?.();
  };

  const restoreCursor = (): void => {
    if (cursorHidden) {
      cursorHidden = false;
      write(SHOW_CURSOR);
    }
  };
  const resizable = stream as { on?: (event: string, listener: () => void) => unknown; off?: (event: string, listener: () => void) => unknown };
  const onResize = (): void => requestDraw();

  if (live) {
    ticker = setInterval(requestDraw, redrawMs);
    (ticker as { unref?: () => void }).unref?.();
    // A crash or a second Ctrl-C must not leave the terminal without its cursor.
    process.on('exit', restoreCursor);
    if (typeof resizable.on === 'function') resizable.on('resize', onResize);
    draw();
  }

  // ---------------------------------------------------------------- plain: one line per event

  const printed = new Map<string, string>();
  /** Jobs whose end was not printed yet: their result line says it (or finish does). */
  const endPending = new Map<string, SweepEvent & { type: 'ended' }>();
  const line = (text: string): void => write(`${text}\n`);

  const plainEvent = (event: SweepEvent): void => {
    const key = event.jobName;
    const options = { nameWidth };
    switch (event.type) {
      case 'queued': {
        const said = `queued:${event.message}`;
        if (printed.get(key) === said) return;
        printed.set(key, said);
        line(formatSweepEventLine(event, options));
        return;
      }
      case 'status': {
        const said = `status:${event.status}:${event.secondaryStatus ?? ''}`;
        if (printed.get(key) === said) return;
        printed.set(key, said);
        line(formatSweepEventLine(event, options));
        return;
      }
      case 'ended':
        printed.set(key, `ended:${event.status}`);
        // NotLaunched has no result to come; the others are said with their outcome.
        if (event.status === 'NotLaunched') line(formatSweepEventLine(event, options));
        else endPending.set(key, event);
        return;
      case 'result': {
        endPending.delete(key);
        printed.set(key, `result:${event.result.status}`);
        const view = jobs.get(key);
        const seconds = event.result.summary?.trainingSeconds ?? (view?.launchedAt !== undefined && view.endedAt !== undefined ? (view.endedAt - view.launchedAt) / 1000 : undefined);
        line(formatSweepEventLine(event, seconds === undefined ? options : { ...options, seconds }));
        return;
      }
      default:
        printed.set(key, event.type);
        line(formatSweepEventLine(event, options));
    }
  };

  // ---------------------------------------------------------------- the interface

  return {
    onEvent(event: SweepEvent): void {
      if (finished || event === null || typeof event !== 'object' || typeof event.jobName !== 'string') return;
      const changed = apply(event);
      if (live) {
        if (changed) requestDraw();
      } else {
        plainEvent(event);
      }
    },

    note(text: string): void {
      const body = text.endsWith('\n') ? text : `${text}\n`;
      if (live && !finished) draw(body);
      else write(body);
    },

    finish(result?: SweepResult): void {
      if (finished) return;
      const at = now();
      for (const final of result?.jobs ?? []) {
        const view = jobs.get(final.jobName);
        if (view === undefined || !ENDED.has(final.status)) continue;
        end(view, final.status, at);
        view.result = final;
        if (final.failureReason !== undefined) view.reason = final.failureReason;
      }
      if (live) {
        endedAt = at;
        // The last frame stays on screen: its status column is as wide as its own labels, not
        // as the widest one shown while the jobs ran, leaving the outcomes room.
        statusWidth = Math.min(STATUS_WIDTH_MAX, Math.max(0, ...views().map((view) => label(view)[0].length)));
        draw();
        finished = true;
        restoreCursor();
        if (ticker !== undefined) clearInterval(ticker);
        process.off('exit', restoreCursor);
        if (typeof resizable.off === 'function') resizable.off('resize', onResize);
      } else {
        finished = true;
        // An end never followed by its result (a job that ended by itself as the sweep was aborted).
        for (const event of endPending.values()) line(formatSweepEventLine(event, { nameWidth }));
        endPending.clear();
      }
    },
  };
}

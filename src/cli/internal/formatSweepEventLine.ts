/**
 * One plain line per sweep event, for a log that is not a terminal (a pipe, a CI log). Internal.
 */
import { formatDuration } from './formatDuration';
import type { SweepEvent } from '../../index';
import { formatClockTime, oneLine, outcomeParts } from './formatSweepEventParts';

/** Options of {@link formatSweepEventLine}. */
export interface FormatSweepEventLineOptions {
  /** Pad job names to this many characters, so that the lines of a sweep line up. */
  nameWidth?: number;
  /** Seconds the job ran, shown at the end of a `result` line (default: its summary's training time). */
  seconds?: number;
}

/** What an event says, after the time and the job's name. */
function describe(event: SweepEvent, options: FormatSweepEventLineOptions): string {
  switch (event.type) {
    case 'queued':
      return `waiting: ${oneLine(event.message)}`;
    case 'launched':
      return event.resumed ? 'found running (resumed from the journal)' : 'launched';
    case 'status': {
      const text = [event.status, event.secondaryStatus].filter((part) => part !== undefined && part !== '').join(' ');
      return event.message === undefined || event.message === '' ? text : `${text}: ${oneLine(event.message)}`;
    }
    case 'ended':
      return event.failureReason === undefined || event.failureReason === '' ? event.status : `${event.status}  ${oneLine(event.failureReason)}`;
    case 'result': {
      const seconds = options.seconds ?? event.result.summary?.trainingSeconds;
      const parts = [event.result.status, ...outcomeParts(event.result)];
      if (seconds !== undefined && event.result.status !== 'NotLaunched') parts.push(formatDuration(seconds));
      return parts.join('  ');
    }
    case 'stopped':
      return `stopped (${oneLine(event.reason)})`;
    default:
      return (event as { type: string }).type;
  }
}

/**
 * `12:03:04 digits-softmax-m5-b16-e5-r1  launched`: the local time of the event, the job and what
 * happened, with no escape sequence. A `result` line carries the outcome
 * (`Completed  5 epochs  val_accuracy 0.91  $0.00  41s`).
 *
 * @example
 * ```ts
 * runSweep(plan, { clients, onEvent: (event) => console.log(formatSweepEventLine(event)) });
 * ```
 */
export function formatSweepEventLine(event: SweepEvent, options: FormatSweepEventLineOptions = {}): string {
  const name = options.nameWidth === undefined ? event.jobName : event.jobName.padEnd(options.nameWidth);
  return `${formatClockTime(event.at)} ${name}  ${describe(event, options)}`;
}

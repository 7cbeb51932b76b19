/** One line (CloudWatch event or S3 text line) of a training log. */
export interface LogEvent {
  /** The text, without its trailing newline. */
  message: string;
  /** When the line was written, where the source knows it (CloudWatch does, S3 text files do not). */
  timestamp?: Date;
  /** Where it came from: the CloudWatch stream name or the S3 key. */
  source: string;
  /**
   * `true` when this event is a piece of a line longer than the source's line limit
   * (`maxLineBytes`, S3 text logs): the line goes on in the next event of the same source, and
   * its last piece has no `continued`. Joining the pieces without a separator gives the line.
   * Absent on every other event.
   */
  continued?: true;
}

/** Options of {@link LogSource.read}. */
export interface ReadOptions {
  /** Aborting stops the iteration at once and releases sockets and timers. */
  signal?: AbortSignal;
}

/** Options of {@link LogSource.follow}. */
export interface FollowOptions extends ReadOptions {
  /**
   * Called between polls; when it resolves true, the source drains once more and ends.
   * Sources bound to a job default to "the job reached a terminal status".
   */
  until?: () => boolean | Promise<boolean>;
  /** Milliseconds between polls for new lines. */
  pollIntervalMs?: number;
}

/**
 * Anything a training log can be read from. Small on purpose: implement `read` and `follow`
 * and every helper (`readLogText`, `saveLog`) works with it.
 *
 * @example
 * ```ts
 * for await (const event of source.read()) console.log(event.source, event.message);
 * ```
 */
export interface LogSource {
  /** Every event there is now, in order. */
  read(options?: ReadOptions): AsyncIterable<LogEvent>;
  /** Events as the log grows, until `until()` says it is over; then one last drain. */
  follow(options?: FollowOptions): AsyncIterable<LogEvent>;
}

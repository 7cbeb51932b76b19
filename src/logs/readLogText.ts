/**
 * A whole log as one string. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/logs.md#readlogtext | docs/logs.md}.
 *
 * @module
 */
import { LogTooLargeError } from '../errors';
import type { LogSource, ReadOptions } from './LogSource';
import { MAX_STRING_LENGTH } from './internal/LineSplitter';

/** Options of {@link readLogText}. */
export interface ReadLogTextOptions extends ReadOptions {
  /**
   * The longest text to return, in characters (UTF-16 code units, as `string.length` counts
   * them), newlines included: a longer log throws `LogTooLargeError`. A positive integer no
   * larger than V8's maximum string length (2**29 - 24). Default: 256 Mi characters.
   */
  maxChars?: number;
}

/** The default of {@link ReadLogTextOptions.maxChars}. */
const DEFAULT_MAX_CHARS = 256 * 1024 * 1024;

/**
 * Reads every event of `source` (its `read()`, all there is now) and joins the lines with
 * `'\n'`: no newline after the last line, `''` for an empty log. The pieces of a long line
 * (events with `continued: true`) are joined without a separator, so each line is whole again.
 *
 * It holds the whole log in memory: every line as a string (about 1 byte per character for a
 * line of ASCII or Latin-1, 2 for any other) plus the array of lines, and at the end the joined
 * text as much again. When the text would pass `maxChars` it stops reading (the source's
 * iteration is closed, so its sockets are released) and throws `LogTooLargeError`. For a big
 * log, stream it with `for await` or write it to a file with `saveLog`.
 *
 * @example
 * ```ts
 * import { createClients, logSourceForJob, readLogText } from 'sagemaker-bench';
 *
 * const clients = createClients({ region: 'us-east-1' });
 * const text = await readLogText(await logSourceForJob(clients, 'resnet50-p3-gpu4-b512-e2'), { maxChars: 64 * 1024 * 1024 });
 * console.log(text.split('\n').filter((line) => line.includes('val_acc')).at(-1));
 * ```
 */
export async function readLogText(source: LogSource, options: ReadLogTextOptions = {}): Promise<string> {
  const { maxChars = DEFAULT_MAX_CHARS, signal } = options;
  if (!Number.isInteger(maxChars) || maxChars < 1 || maxChars > MAX_STRING_LENGTH) {
    throw new RangeError(
      `maxChars must be a positive integer no larger than ${MAX_STRING_LENGTH} (V8's maximum string length), got ${String(maxChars)}`,
    );
  }
  const lines: string[] = [];
  /** The pieces of the line being read, joined (undefined: not inside a line). */
  let line: string | undefined;
  let chars = 0;
  for await (const event of source.read({ signal })) {
    const { message } = event;
    // A newline before every line but the first.
    chars += line === undefined && lines.length > 0 ? message.length + 1 : message.length;
    if (chars > maxChars) throw new LogTooLargeError({ maxChars, chars });
    line = line === undefined ? message : line + message;
    if (event.continued !== true) {
      lines.push(line);
      line = undefined;
    }
  }
  if (line !== undefined) lines.push(line);
  return lines.join('\n');
}

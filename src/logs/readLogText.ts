/**
 * A whole log as one string. See docs/logs.md.
 *
 * @module
 */
import type { LogSource, ReadOptions } from './LogSource';

/**
 * Reads every event of `source` (its `read()`, all there is now) and joins the messages with
 * `'\n'`: no newline after the last line, `''` for an empty log. Holds the whole log in memory;
 * for a big log, stream it with `for await` or write it to a file with `saveLog`.
 *
 * @example
 * ```ts
 * import { createClients, logSourceForJob, readLogText } from 'sagemaker-bench';
 *
 * const clients = createClients({ region: 'us-east-1' });
 * const text = await readLogText(await logSourceForJob(clients, 'resnet50-p3-gpu4-b512-e2'));
 * console.log(text.split('\n').filter((line) => line.includes('val_acc')).at(-1));
 * ```
 */
export async function readLogText(source: LogSource, options: ReadOptions = {}): Promise<string> {
  const messages: string[] = [];
  for await (const event of source.read(options)) messages.push(event.message);
  return messages.join('\n');
}

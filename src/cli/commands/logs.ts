/**
 * `sagemaker-bench logs <job>`: what replaces get-log.sh. The whole log on stdout exactly as
 * written (instances merged by time; `--host` tags each line), or saved atomically with `-o`;
 * `--follow` until the job ends. In a pipe, `| head` and `| grep -m1` end it quietly.
 */
import { Option } from '@commander-js/extra-typings';
import { describeTrainingJob, LogNotFoundError, logSourceForJob, saveLog } from '../../index';
import type { Clients, LogEvent, LogSource } from '../../index';
import type { Command } from '@commander-js/extra-typings';
import { sleep } from '../../internal/sleep';
import type { Runner } from '../main';
import type { CliContext } from '../internal/CliContext';
import { jobClients, LOCAL_HELP, WORK_DIR_HELP } from '../internal/jobClients';
import { EXIT } from '../internal/reportError';

const TERMINAL = new Set(['Completed', 'Failed', 'Stopped']);

/** `algo-1` out of a CloudWatch stream name (`<job>/algo-1-1700000000`), the file name out of an S3 key. */
export function hostOf(source: string): string {
  const last = source.split('/').at(-1) ?? source;
  const algo = /^(algo-\d+)(-\d+)?$/.exec(last);
  return algo?.[1] ?? last.replace(/\.(log|txt)$/, '');
}

/** The job's log source; with `follow`, waits (polling) for a job that has not written yet. */
export async function sourceFor(ctx: CliContext, clients: Clients, job: string, prefer: 's3' | 'cloudwatch' | undefined, follow: boolean, signal: AbortSignal): Promise<LogSource> {
  let said = false;
  for (;;) {
    try {
      return await logSourceForJob(clients, job, { ...(prefer === undefined ? {} : { prefer }), signal });
    } catch (error) {
      if (!follow || !(error instanceof LogNotFoundError)) throw error;
      const status = (await describeTrainingJob(clients.sagemaker, job)).TrainingJobStatus ?? '';
      if (TERMINAL.has(status)) throw error;
      if (!said) ctx.err(`${job} is ${status} and has no log yet: waiting for its first line (Ctrl-C ends the wait)...`);
      said = true;
      await sleep(5000, signal);
    }
  }
}

/**
 * Writes a log's lines to stdout as written (with backpressure), until it ends or `signal`
 * aborts. With `--json`, one JSON object per event and line (`{ message, source, host,
 * timestamp }`, JSON Lines, for `jq`). `toStderr`: the log is not the command's result (`launch
 * --logs`), so stdout stays for it.
 */
export async function printLog(ctx: CliContext, source: LogSource, options: { follow: boolean; host: boolean; signal: AbortSignal; toStderr?: boolean }): Promise<void> {
  const { signal } = options;
  const events: AsyncIterable<LogEvent> = options.follow ? source.follow({ signal }) : source.read({ signal });
  const json = ctx.json && options.toStderr !== true;
  let atLineStart = true;
  for await (const event of events) {
    const prefix = options.host && atLineStart ? `[${hostOf(event.source)}] ` : '';
    const text = json
      ? `${JSON.stringify({ message: event.message, source: event.source, host: hostOf(event.source), ...(event.timestamp === undefined ? {} : { timestamp: event.timestamp.toISOString() }), ...(event.continued === true ? { continued: true } : {}) })}\n`
      : event.continued === true ? `${prefix}${event.message}` : `${prefix}${event.message}\n`;
    atLineStart = event.continued !== true;
    if (options.toStderr === true) {
      ctx.io.stderr.write(text);
      if (signal.aborted) break;
      continue;
    }
    if (!ctx.raw(text) && ctx.io.stdout.once !== undefined && !signal.aborted) {
      await new Promise<void>((resolve) => {
        ctx.io.stdout.once!('drain', resolve);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    if (signal.aborted) break;
  }
}

export function registerLogs(program: Command, run: Runner): void {
  const command = program.command('logs').argument('<job>', 'training job name')
    .option('--local', LOCAL_HELP)
    .option('--work-dir <dir>', WORK_DIR_HELP)
    .description("a job's whole log, from its S3 text log or its CloudWatch streams")
    .option('-f, --follow', 'keep printing new lines until the job ends')
    .option('-o, --output <file>', 'save the log to a file (written atomically) instead of printing it')
    .addOption(new Option('--source <where>', 'read only the S3 text log or only CloudWatch (default: S3 if there, else CloudWatch)').choices(['s3', 'cloudwatch'] as const))
    .option('--host', 'start each line with the instance that wrote it: [algo-1]')
    .addHelpText(
      'after',
      `
Examples:
  $ sagemaker-bench logs resnet50-p3-gpu4-b512-e5 > job.log
  $ sagemaker-bench logs resnet50-p3-gpu4-b512-e5 --follow | grep -i epoch
  $ sagemaker-bench logs resnet50-p3-gpu4-b512-e5 -o job.log --source s3
`,
    );
  command.action(async (job, flags) =>
    run(command, async (ctx) => {
      const clients = jobClients(ctx, flags);
      const controller = new AbortController();
      let interrupted = false;
      const unsubscribe = ctx.io.onInterrupt(() => {
        interrupted = true;
        controller.abort(new Error('interrupted'));
      });
      const onClosed = (): void => controller.abort(new Error('stdout closed'));
      ctx.io.outputClosed.addEventListener('abort', onClosed, { once: true });
      try {
        const source = await sourceFor(ctx, clients, job, flags.source, flags.follow === true, controller.signal);
        if (flags.output !== undefined) {
          if (flags.follow === true) ctx.err(`Following ${job} into ${flags.output} until it ends...`);
          // With --follow, the lines to save are the followed ones: the file appears (atomically) when the job has ended.
          const saving: LogSource = flags.follow === true ? { read: (options) => source.follow(options), follow: (options) => source.follow(options) } : source;
          const saved = await saveLog(saving, flags.output, { signal: controller.signal });
          if (ctx.json) ctx.printJson({ jobName: job, path: flags.output, ...saved });
          else ctx.err(`${job}: ${saved.lines} lines, ${saved.bytes} bytes written to ${flags.output}`);
          return EXIT.ok;
        }
        await printLog(ctx, source, { follow: flags.follow === true, host: flags.host === true, signal: controller.signal });
        return interrupted ? EXIT.interrupted : EXIT.ok;
      } catch (error) {
        if (ctx.io.outputClosed.aborted) return EXIT.ok; // the reader went away (| head): not an error
        if (interrupted) return EXIT.interrupted;
        throw error;
      } finally {
        unsubscribe();
        ctx.io.outputClosed.removeEventListener('abort', onClosed);
      }
    }),
  );
}

/** `sagemaker-bench metrics <job | log file>`: the epochs table (seconds, steps, every metric) read out of a training log. */
import { createReadStream, statSync } from 'node:fs';
import { describeTrainingJob, logSourceForJob, parseTrainingLog } from '../../index';
import type { TrainingMetrics } from '../../index';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from '@commander-js/extra-typings';
import type { Runner } from '../main';
import type { CliContext } from '../internal/CliContext';
import { formatDuration } from '../internal/formatDuration';
import { UsageError } from '../internal/reportError';
import { jobClients, LOCAL_HELP, WORK_DIR_HELP } from '../internal/jobClients';
import { textTable } from '../../internal/textTable';

/** Whether `arg` names a file here (then it is a log file, not a job name). */
function isFile(ctx: CliContext, arg: string): boolean {
  try {
    return statSync(resolve(ctx.io.cwd, arg)).isFile();
  } catch {
    return false;
  }
}

/** A metric value as the log printed it, near enough: 4 significant digits. */
function formatValue(value: number | undefined): string {
  if (value === undefined) return '';
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** The epochs table of `metrics`, as text lines. */
export function metricsTable(metrics: TrainingMetrics): string[] {
  const names = [...new Set(metrics.epochs.flatMap((epoch) => Object.keys(epoch.metrics)))];
  const rows = metrics.epochs.map((epoch) => [
    String(epoch.epoch),
    epoch.seconds === undefined ? '' : epoch.seconds.toFixed(epoch.seconds < 10 ? 3 : 1),
    epoch.steps === undefined ? '' : String(epoch.steps),
    ...names.map((name) => formatValue(epoch.metrics[name])),
  ]);
  return textTable(['epoch', 'seconds', 'steps', ...names], rows, ['right', 'right', 'right', ...names.map(() => 'right' as const)]);
}

export function registerMetrics(program: Command, run: Runner): void {
  const command = program.command('metrics').argument('<job-or-file>', 'a training job name, or a log file saved before (sagemaker-bench logs -o)')
    .option('--local', LOCAL_HELP)
    .option('--work-dir <dir>', WORK_DIR_HELP)
    .description("the epochs of a job's log or a log file: seconds, steps and every metric it printed")
    .addHelpText('after', '\nExamples:\n  $ sagemaker-bench metrics resnet50-p3-gpu4-b512-e5\n  $ sagemaker-bench metrics job.log --json\n');
  command.action(async (target, flags) =>
    run(command, async (ctx) => {
      let metrics: TrainingMetrics;
      if (isFile(ctx, target)) {
        const lines = createInterface({ input: createReadStream(resolve(ctx.io.cwd, target), { encoding: 'utf8' }), crlfDelay: Infinity });
        metrics = await parseTrainingLog(lines);
      } else {
        // No job name has a '.' or a '/': this was meant as a file, and it is not there.
        if (/[./\\]/.test(target)) throw new UsageError(`no such file: ${resolve(ctx.io.cwd, target)} (and a training job name has no "." or "/")`, 'metrics');
        const clients = jobClients(ctx, flags);
        const description = await describeTrainingJob(clients.sagemaker, target);
        metrics = await parseTrainingLog(await logSourceForJob(clients, target), { job: description });
      }
      if (ctx.json) {
        ctx.printJson(metrics);
        return 0;
      }
      if (metrics.epochs.length === 0) {
        ctx.out(`${target}: no epochs found (format ${metrics.format}).`);
      } else {
        for (const line of metricsTable(metrics)) ctx.out(line);
        ctx.out();
        ctx.out(`${metrics.epochs.length} epochs, ${metrics.format} format${metrics.trainingSeconds === undefined ? '' : `, ${formatDuration(metrics.trainingSeconds)} of training`}`);
      }
      for (const warning of metrics.warnings) ctx.err(ctx.color.err.yellow(`warning: ${warning}`));
      return 0;
    }),
  );
}

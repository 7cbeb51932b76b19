/** `sagemaker-bench status <job>`: a job's summary (phases, times, billed seconds, cost). */
import type { Command } from '@commander-js/extra-typings';
import { describeTrainingJob, summarizeTrainingJob, trainingJobCost } from '../../index';
import type { Runner } from '../main';
import { formatDuration, formatUsd } from '../internal/formatDuration';
import { jobClients, LOCAL_HELP, WORK_DIR_HELP } from '../internal/jobClients';

export function registerStatus(program: Command, run: Runner): void {
  const command = program.command('status').argument('<job>', 'training job name')
    .option('--local', LOCAL_HELP)
    .option('--work-dir <dir>', WORK_DIR_HELP)
    .description("a job's status, phases, times, billed seconds and cost")
    .addHelpText('after', '\nExample:\n  $ sagemaker-bench status resnet50-p3-gpu4-b512-e5 --region us-east-1\n');
  command.action(async (job, flags) =>
    run(command, async (ctx) => {
      const description = await describeTrainingJob(jobClients(ctx, flags).sagemaker, job);
      const summary = summarizeTrainingJob(description);
      const cost = trainingJobCost(description);
      if (ctx.json) {
        ctx.printJson({ summary, cost });
        return 0;
      }
      const c = ctx.color.out;
      const colour = summary.status === 'Completed' ? c.green : summary.status === 'Failed' ? c.red : summary.status === 'InProgress' ? c.cyan : c.yellow;
      const rows: [string, string][] = [
        ['status', `${colour(summary.status)}${summary.secondaryStatus !== undefined && summary.secondaryStatus !== summary.status ? ` (${summary.secondaryStatus})` : ''}`],
        ['instance', `${summary.instanceType ?? '?'} x ${summary.instanceCount}${summary.spot ? ' (spot)' : ''}`],
        ['created', summary.createdAt?.toISOString() ?? '-'],
        ['started', summary.startedAt?.toISOString() ?? '-'],
        ['ended', summary.endedAt?.toISOString() ?? '-'],
        ['training', formatDuration(summary.trainingSeconds)],
        ['billed', summary.billedInstanceSeconds === undefined ? '-' : `${summary.billedInstanceSeconds} instance-seconds`],
        ['cost', cost.usd === undefined ? `- (${cost.reason ?? 'no price'})` : `${formatUsd(cost.usd)}${cost.running ? ' so far' : ''}${cost.usdPerHour === undefined ? '' : ` at ${formatUsd(cost.usdPerHour)}/h`}`],
      ];
      if (summary.spotSavingsPercent !== undefined) rows.push(['spot savings', `${summary.spotSavingsPercent.toFixed(0)}%`]);
      if (summary.failureReason !== undefined) rows.push(['failure', c.red(summary.failureReason)]);
      if (summary.timeLimitExceeded !== undefined) rows.push(['time limit', summary.timeLimitExceeded]);
      if (summary.modelArtifacts !== undefined) rows.push(['model', summary.modelArtifacts]);
      ctx.out(c.bold(summary.jobName));
      for (const [key, value] of rows) ctx.out(`  ${key.padEnd(13)}${value}`);
      if (summary.phases.length > 0) {
        ctx.out('  phases');
        for (const phase of summary.phases) {
          ctx.out(`    ${phase.status.padEnd(22)}${formatDuration(phase.seconds).padStart(9)}${phase.message === undefined ? '' : `  ${c.dim(phase.message)}`}`);
        }
      }
      return 0;
    }),
  );
}

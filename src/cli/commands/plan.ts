/** `sagemaker-bench plan <sweep-file>`: every job of a sweep, its instance, batch, epochs and worst-case dollars; sends nothing. */
import { resolve } from 'node:path';
import { formatPath, loadSweepFile } from '../../index';
import type { SweepPlan } from '../../index';
import type { Command } from '@commander-js/extra-typings';
import type { Runner } from '../main';
import type { CliContext } from '../internal/CliContext';
import { formatUsd } from '../internal/formatDuration';
import { textTable } from '../../internal/textTable';

/** Prints every issue of a plan (job, path, message); resolves whether any is an error. */
export function printPlanIssues(ctx: CliContext, plan: SweepPlan): boolean {
  const c = ctx.color.err;
  for (const issue of plan.issues) {
    const mark = issue.severity === 'error' ? c.red('✖') : c.yellow('⚠');
    ctx.err(`${mark} ${issue.jobName}: ${issue.message} → at ${formatPath(issue.path)}`);
  }
  return plan.issues.some((issue) => issue.severity === 'error');
}

/** The plan's table: one row per job. */
export function planTable(plan: SweepPlan): string[] {
  const rows = plan.jobs.map((job) => [
    job.jobName,
    `${job.cell.instanceType}${job.cell.instanceCount > 1 ? ` x${job.cell.instanceCount}` : ''}`,
    job.cell.batchSize === undefined ? '-' : String(job.cell.batchSize),
    job.cell.epochs === undefined ? '-' : String(job.cell.epochs),
    formatUsd(job.cost.maxUsd),
  ]);
  return textTable(['job', 'instance', 'batch', 'epochs', 'worst case'], rows, ['left', 'left', 'right', 'right', 'right']);
}

export function registerPlan(program: Command, run: Runner): void {
  const command = program
    .command('plan')
    .argument('<sweep-file>', 'a sweep file: .json (see sagemaker-bench/sweep-file.schema.json), or a .mjs/.ts module exporting defineSweep(...)')
    .description("a sweep's jobs (name, instance, batch, epochs, worst-case $) and total, validated; sends nothing")
    .option('--local', 'validate it as local mode runs it (the file\'s "local" settings applied)')
    .addHelpText('after', '\nExamples:\n  $ sagemaker-bench plan sweep.json\n  $ sagemaker-bench plan sweep.ts --json | jq .maxUsd\n');
  command.action(async (file, flags) =>
    run(command, async (ctx) => {
      const { plan } = await loadSweepFile(resolve(ctx.io.cwd, file), { local: flags.local === true });
      const hasErrors = printPlanIssues(ctx, plan);
      if (ctx.json) {
        ctx.printJson({
          name: plan.name,
          region: plan.region,
          maxUsd: plan.maxUsd,
          jobs: plan.jobs.map((job) => ({ jobName: job.jobName, cell: job.cell, maxUsd: job.cost.maxUsd, usdPerHour: job.cost.usdPerHour })),
          issues: plan.issues,
        });
        return hasErrors ? 1 : 0;
      }
      for (const line of planTable(plan)) ctx.out(line);
      ctx.out();
      const errors = plan.issues.filter((issue) => issue.severity === 'error').length;
      ctx.out(
        `${plan.jobs.length} ${plan.jobs.length === 1 ? 'job' : 'jobs'}, worst case ${plan.maxUsd === undefined ? 'unknown (some instance type has no price)' : formatUsd(plan.maxUsd)}` +
          ` (${plan.region} on-demand prices, every job running to its MaxRuntime)${flags.local === true ? '; in local mode, $0' : ''}`,
      );
      if (errors > 0) ctx.err(ctx.color.err.red(`${errors} ${errors === 1 ? 'error' : 'errors'}: fix the sweep file before running it.`));
      return hasErrors ? 1 : 0;
    }),
  );
}

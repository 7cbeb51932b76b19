/** `sagemaker-bench cost <job>`: the billed cost of a job that ended, or what it cost so far and its worst case. */
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { describeTrainingJob, estimateTrainingCost, trainingJobCost } from '../../index';
import type { Command } from '@commander-js/extra-typings';
import type { Runner } from '../main';
import { formatUsd } from '../internal/formatDuration';
import { jobClients, LOCAL_HELP, WORK_DIR_HELP } from '../internal/jobClients';

export function registerCost(program: Command, run: Runner): void {
  const command = program.command('cost').argument('<job>', 'training job name')
    .option('--local', LOCAL_HELP)
    .option('--work-dir <dir>', WORK_DIR_HELP)
    .description("a job's billed dollars (BillableTimeInSeconds x instances x price), or a running job's worst case")
    .addHelpText('after', '\nExample:\n  $ sagemaker-bench cost resnet50-p3-gpu4-b512-e5 --json\n');
  command.action(async (job, flags) =>
    run(command, async (ctx) => {
      const description = await describeTrainingJob(jobClients(ctx, flags).sagemaker, job);
      const cost = trainingJobCost(description);
      // A description holds the request's ResourceConfig, StoppingCondition and spot flag: the worst case of what is left.
      const worst = cost.running
        ? estimateTrainingCost(description as unknown as CreateTrainingJobCommandInput, { region: cost.region })
        : undefined;
      if (ctx.json) {
        ctx.printJson({ jobName: job, cost, ...(worst === undefined ? {} : { worstCase: worst }) });
        return 0;
      }
      if (cost.usd === undefined) ctx.out(`${job}: no price (${cost.reason ?? 'unknown instance type'}); ${cost.billedInstanceSeconds} instance-seconds billed`);
      else if (cost.running) ctx.out(`${job}: ${formatUsd(cost.usd)} so far (${cost.billedInstanceSeconds} instance-seconds, ${cost.instanceType} x ${cost.instanceCount}, ${cost.region})`);
      else ctx.out(`${job}: ${formatUsd(cost.usd)} (${cost.billedInstanceSeconds} instance-seconds, ${cost.instanceType} x ${cost.instanceCount}${cost.spot ? ', spot' : ''}, ${cost.region})`);
      if (cost.spotSavingsUsd !== undefined && cost.spotSavingsUsd > 0) ctx.out(`  spot saved ${formatUsd(cost.spotSavingsUsd)} of ${formatUsd(cost.onDemandUsd)} on demand`);
      if (cost.warmPoolUsd !== undefined && cost.warmPoolUsd > 0) ctx.out(`  warm pool: ${formatUsd(cost.warmPoolUsd)} more`);
      if (worst?.maxUsd !== undefined) ctx.out(`  worst case, if it runs to its MaxRuntime: ${formatUsd(worst.maxUsd)}`);
      return 0;
    }),
  );
}

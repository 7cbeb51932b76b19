/** `sagemaker-bench stop <job>`: stops a job (tried hard; says when it could not). */
import type { Command } from '@commander-js/extra-typings';
import { stopTrainingJob } from '../../index';
import type { Runner } from '../main';
import { jobClients, LOCAL_HELP, WORK_DIR_HELP } from '../internal/jobClients';

export function registerStop(program: Command, run: Runner): void {
  const command = program.command('stop').argument('<job>', 'training job name')
    .option('--local', LOCAL_HELP)
    .option('--work-dir <dir>', WORK_DIR_HELP)
    .description('stop a training job (SIGTERM to its container, as StopTrainingJob does)')
    .addHelpText('after', '\nExample:\n  $ sagemaker-bench stop resnet50-p3-gpu4-b512-e5\n');
  command.action(async (job, flags) =>
    run(command, async (ctx) => {
      await stopTrainingJob(jobClients(ctx, flags).sagemaker, job);
      if (ctx.json) ctx.printJson({ jobName: job, stopRequested: true });
      else ctx.out(`${job}: stop requested (it is Stopping, then Stopped; 'sagemaker-bench wait ${job}' follows it)`);
      return 0;
    }),
  );
}

/**
 * `sagemaker-bench wait <job>`: a line per status change until the job ends; exit 0 Completed,
 * 1 Failed (with the reason), 2 Stopped. Ctrl-C asks whether to stop the job (`--stop-on-exit`
 * stops it without asking); a job left running is said to be.
 */
import type { Command } from '@commander-js/extra-typings';
import { formatStatusEvent, stopTrainingJob, summarizeTrainingJob, TrainingJobFailedError, waitForTrainingJob } from '../../index';
import type { Clients } from '../../index';
import type { Runner } from '../main';
import type { CliContext } from '../internal/CliContext';
import { canAsk, confirm } from '../internal/confirm';
import { wholeNumber } from '../internal/flagParsers';
import { jobClients, LOCAL_HELP, WORK_DIR_HELP } from '../internal/jobClients';
import { EXIT, exitFor } from '../internal/reportError';

/** Exit codes of `wait`, by the job's final status. */
export const WAIT_EXIT = Object.freeze({ Completed: 0, Failed: 1, Stopped: 2 });

export interface FollowJobOptions {
  /** Stop the job on Ctrl-C without asking (the command started it, or --stop-on-exit). */
  stopOnExit: boolean;
  pollSeconds?: number | undefined;
}

/** Waits for `job` with status lines on stderr (stdout with --json gets the summary); resolves with the exit code. */
export async function followJob(ctx: CliContext, clients: Clients, job: string, options: FollowJobOptions): Promise<number> {
  const controller = new AbortController();
  let stopOnAbort = options.stopOnExit;
  let asking: AbortController | undefined;
  let interrupts = 0;
  let signalled: 'SIGINT' | 'SIGTERM' | undefined;
  /** Set once the wait is over: a question still open then is moot. */
  let settled = false;
  const unsubscribe = ctx.io.onInterrupt((signal) => {
    interrupts++;
    signalled ??= signal;
    if (asking !== undefined) {
      asking.abort();
      return;
    }
    if (controller.signal.aborted) {
      if (stopOnAbort) ctx.err(`Still stopping ${job}: the command ends once the stop request is sent.`);
      return;
    }
    if (stopOnAbort) {
      ctx.err(`\nCtrl-C: stopping ${job}...`);
      controller.abort(new Error('interrupted'));
      return;
    }
    if (!canAsk(ctx)) {
      ctx.err(`\nCtrl-C: ${job} is left running (it was running before this command). 'sagemaker-bench stop ${job}' stops it.`);
      controller.abort(new Error('interrupted'));
      return;
    }
    asking = new AbortController();
    void confirm(ctx, `\nStop ${job} too?`, asking.signal).then((yes) => {
      asking = undefined;
      if (settled) return;
      stopOnAbort = yes;
      ctx.err(yes ? `Stopping ${job}...` : `${job} is left running. 'sagemaker-bench stop ${job}' stops it.`);
      controller.abort(new Error('interrupted'));
    });
  });
  try {
    const final = await waitForTrainingJob(clients.sagemaker, job, {
      signal: controller.signal,
      ...(options.pollSeconds === undefined ? {} : { minDelay: options.pollSeconds, maxDelay: Math.max(options.pollSeconds, 60) }),
      onStatus: (event) => ctx.err(formatStatusEvent(event)),
    });
    const summary = summarizeTrainingJob(final);
    if (ctx.json) ctx.printJson(summary);
    const status = summary.status as keyof typeof WAIT_EXIT;
    if (status === 'Stopped' && !ctx.json) ctx.out(`${job}: Stopped${summary.secondaryStatus === 'MaxRuntimeExceeded' ? ' at its MaxRuntime' : ''}`);
    if (status === 'Completed' && !ctx.json) ctx.out(`${job}: Completed`);
    return WAIT_EXIT[status] ?? EXIT.failed;
  } catch (error) {
    if (error instanceof TrainingJobFailedError) {
      if (ctx.json) ctx.printJson(summarizeTrainingJob(error.description));
      else ctx.out(`${job}: Failed: ${error.failureReason ?? 'no reason given'}`);
      return WAIT_EXIT.Failed;
    }
    if (controller.signal.aborted && interrupts > 0) {
      if (stopOnAbort) {
        await stopTrainingJob(clients.sagemaker, job); // tried hard; JobNotStoppedError says when it could not
        ctx.err(`${job}: stop requested (Stopping, then Stopped).`);
      }
      return exitFor(signalled);
    }
    throw error;
  } finally {
    settled = true;
    asking?.abort(); // the job ended while the question was open: close it, so the process can end
    unsubscribe();
  }
}

export function registerWait(program: Command, run: Runner): void {
  const command = program.command('wait').argument('<job>', 'training job name')
    .option('--local', LOCAL_HELP)
    .option('--work-dir <dir>', WORK_DIR_HELP)
    .description('wait for a job to end, a line per status change; exit 0 Completed, 1 Failed, 2 Stopped')
    .option('--stop-on-exit', 'on Ctrl-C, stop the job without asking')
    .option('--poll <seconds>', 'shortest pause between two DescribeTrainingJob calls (default 5)', wholeNumber(1))
    .addHelpText('after', '\nExamples:\n  $ sagemaker-bench wait resnet50-p3-gpu4-b512-e5 && echo done\n  $ sagemaker-bench wait resnet50-p3-gpu4-b512-e5 --stop-on-exit\n');
  command.action(async (job, flags) =>
    run(command, async (ctx) => followJob(ctx, jobClients(ctx, flags), job, { stopOnExit: flags.stopOnExit === true, pollSeconds: flags.poll })),
  );
}

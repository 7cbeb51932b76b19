/**
 * `sagemaker-bench sweep <sweep-file>`: runs a sweep (on SageMaker, or `--local` on this
 * machine) with a live display, a journal it resumes from, and the reports at the end. Ctrl-C
 * stops every job it launched, says so, and exits 130; a second Ctrl-C does not skip that.
 */
import { existsSync } from 'node:fs';
import { loadSweepFile, readSweepJournal, runSweep, sweepReport } from '../../index';
import type { SweepResult } from '../../index';
import { basename, join, resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import type { Runner } from '../main';
import { DEFAULT_CONFIRM_ABOVE_USD, approveSpend } from '../internal/approveSpend';
import { dollars, target, wholeNumber } from '../internal/flagParsers';
import { formatUsd } from '../internal/formatDuration';
import { EXIT, exitFor, UsageError } from '../internal/reportError';
import { regionOf } from '../internal/regionOf';
import { createSweepProgress } from '../internal/SweepProgress';
import { writeReportFiles } from '../internal/writeReportFiles';
import { printPlanIssues } from './plan';

/** One line per status: `4 Completed, 1 Failed, 1 Stopped`. */
function tally(result: SweepResult): string {
  const counts = new Map<string, number>();
  for (const job of result.jobs) counts.set(job.status, (counts.get(job.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
}

export function registerSweep(program: Command, run: Runner): void {
  const command = program
    .command('sweep')
    .argument('<sweep-file>', 'a sweep file: .json, or a .mjs/.ts module exporting defineSweep(...)')
    .description('run a sweep: every job launched within quota and budget, watched, collected, reported')
    .option('--local', 'run it on this machine, in local mode, with the file\'s "local" settings (free)')
    .option('--journal <file>', 'the journal of the run (default: <report dir>/sweep.jsonl, else <name>.sweep.jsonl)')
    .option('--resume', 'go on with the run its journal recorded (nothing is run twice)')
    .option('--max-concurrent <n>', 'jobs running at once (default: as many as quotas allow; 1 in local mode)', wholeNumber(1))
    .option('--budget <usd>', 'refuse to start when the worst case is over this', dollars)
    .option('--report <dir>', 'write report.md, report.csv, report.json, report.html and the SVG charts here')
    .option('--target <metric=value>', 'time and dollars to reach a metric, e.g. val_accuracy=0.9', target)
    .option('-y, --yes', 'do not ask before spending more than --confirm-above')
    .option('--confirm-above <usd>', `ask first when the worst case is over this (default ${DEFAULT_CONFIRM_ABOVE_USD})`, dollars)
    .addHelpText(
      'after',
      `
Examples:
  $ sagemaker-bench sweep examples/sweep/digits.sweep.json --local --report sweep-report
  $ sagemaker-bench sweep resnet.json --budget 200 --report out --target val_accuracy=0.9
  $ sagemaker-bench sweep resnet.json --resume --journal out/sweep.jsonl   # after a kill: nothing runs twice
`,
    );
  command.action(async (file, flags) =>
    run(command, async (ctx) => {
      const local = flags.local === true;
      const reportDir = flags.report === undefined ? undefined : resolve(ctx.io.cwd, flags.report);
      // A rehearsal whose file does not say where its jobs go keeps them with its report (or in
      // .sagemaker-bench/<file>/): runs with different reports never share job names.
      const localBase = reportDir ?? join(ctx.io.cwd, '.sagemaker-bench', basename(file).replace(/(\.sweep)?\.[^.]+$/, ''));
      const sweepFile = await loadSweepFile(resolve(ctx.io.cwd, file), {
        local,
        localDefaults: { workDir: join(localBase, 'work'), outputPath: `${join(localBase, 'output')}/` },
      });
      const { plan } = sweepFile;
      if (printPlanIssues(ctx, plan)) {
        ctx.err(ctx.color.err.red(`The sweep has errors (above): nothing was launched. 'sagemaker-bench plan ${file}' lists them with the jobs.`));
        return EXIT.failed;
      }
      const journal = resolve(ctx.io.cwd, flags.journal ?? (reportDir === undefined ? `${plan.name}.sweep.jsonl` : join(reportDir, 'sweep.jsonl')));
      if (existsSync(journal) && flags.resume !== true) {
        throw new UsageError(`${journal} already holds a run of a sweep: --resume goes on with it (nothing is run twice), or give another --journal (or remove it) for a new run`, 'sweep');
      }

      const controller = new AbortController();
      let interrupts = 0;
      // Made once nothing else is written to stderr: the live block draws itself at once, and a
      // line written past it (the spend question) would be drawn over.
      let progress: ReturnType<typeof createSweepProgress> | undefined;
      const say = (text: string): void => (progress === undefined ? ctx.err(text) : progress.note(text));
      let signalled: 'SIGINT' | 'SIGTERM' | undefined;
      const unsubscribe = ctx.io.onInterrupt((signal) => {
        interrupts++;
        signalled ??= signal;
        if (interrupts === 1) {
          say(`${signal === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'}: stopping every job this sweep launched... (the command ends once they are stopped)`);
          controller.abort(new Error('interrupted'));
        } else if (interrupts === 2) {
          say('Still stopping jobs: Ctrl-C does not skip that, so none is left running. (The journal keeps the run: --resume goes on with it.)');
        }
      });
      try {
        const clients = local ? ctx.localClients({ ...sweepFile.local }) : ctx.clients();
        if (local) ctx.err(`${plan.jobs.length} ${plan.jobs.length === 1 ? 'job' : 'jobs'} in local mode: $0 here (on SageMaker, at most ${formatUsd(plan.maxUsd)})`);
        else {
          // The worst case shown must be the one of the region the jobs go to.
          const region = await regionOf(clients.sagemaker);
          if (region !== plan.region) {
            throw new UsageError(
              `the sweep is priced for ${plan.region} (its file's "region", or the default) but the jobs would go to ${region}: add "region": "${region}" to the sweep file, or pass --region ${plan.region}`,
              'sweep',
            );
          }
          const go = await approveSpend(ctx, {
            what: `${plan.jobs.length} ${plan.jobs.length === 1 ? 'job' : 'jobs'} of sweep ${plan.name} (${region})`,
            maxUsd: plan.maxUsd,
            yes: flags.yes === true,
            confirmAboveUsd: flags.confirmAbove ?? DEFAULT_CONFIRM_ABOVE_USD,
            signal: controller.signal,
          });
          if (!go) return interrupts > 0 ? exitFor(signalled) : EXIT.failed;
        }
        // Resumed: the jobs that ended before show as ended from the start.
        const previous = flags.resume === true && existsSync(journal) ? await readSweepJournal(journal) : undefined;
        progress = createSweepProgress(plan, {
          stream: ctx.io.stderr,
          live: ctx.io.stderr.isTTY === true && !ctx.json,
          color: ctx.colorOn.err,
          ...(previous === undefined ? {} : { previous }),
        });
        const shown = progress;
        const budgetUsd = flags.budget ?? sweepFile.budgetUsd;
        const maxConcurrent = flags.maxConcurrent ?? sweepFile.maxConcurrent;
        const result = await runSweep(plan, {
          clients,
          journal,
          signal: controller.signal,
          onEvent: (event) => shown.onEvent(event),
          ...(budgetUsd === undefined ? {} : { budgetUsd }),
          ...(maxConcurrent === undefined ? {} : { maxConcurrent }),
        });
        shown.finish(result);
        const written = reportDir === undefined ? [] : await writeReportFiles(reportDir, result, { target: flags.target });
        if (ctx.json) ctx.printJson(JSON.parse(sweepReport(result, { format: 'json', ...(flags.target === undefined ? {} : { target: flags.target }) })));
        else ctx.raw(sweepReport(result, { format: 'markdown', ...(flags.target === undefined ? {} : { target: flags.target }) }).replace(/\n?$/, '\n'));
        ctx.err(`${result.aborted ? 'Interrupted' : 'Done'}: ${tally(result)}.${written.length > 0 ? ` Report: ${written.find((f) => f.endsWith('.html'))}` : ''}`);
        if (result.aborted) {
          const left = result.jobs.filter((job) => job.status === 'NotLaunched').length;
          ctx.err(
            left > 0
              ? `The journal ${journal} keeps the run: the same command with --resume launches the ${left} ${left === 1 ? 'job' : 'jobs'} not launched yet (jobs that ended stay as they are).`
              : `The journal ${journal} keeps the run (every job of it ended: --resume has nothing left to launch).`,
          );
        }
        if (result.aborted) return exitFor(signalled);
        return result.jobs.every((job) => job.status === 'Completed') ? EXIT.ok : EXIT.failed;
      } finally {
        progress?.finish();
        unsubscribe();
      }
    }),
  );
}


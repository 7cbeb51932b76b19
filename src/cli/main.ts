/**
 * The `sagemaker-bench` command: the seed's bash workflow (create-training-job, a wait loop,
 * get-log.sh, sweep loops) as one tool. A thin layer over the public API: every command calls
 * the library and owns only the terminal output. `runCli` runs one command line in-process (the
 * bin and the tests both call it).
 *
 * @module
 */
import { Command, CommanderError, Option } from '@commander-js/extra-typings';
import { CliContext } from './internal/CliContext';
import type { GlobalOptions } from './internal/CliContext';
import type { CliIo } from './internal/CliIo';
import { packageVersion } from './internal/packageVersion';
import { EXIT, reportError } from './internal/reportError';
import { registerCost } from './commands/cost';
import { registerLaunch } from './commands/launch';
import { registerLogs } from './commands/logs';
import { registerMetrics } from './commands/metrics';
import { registerPlan } from './commands/plan';
import { registerReport } from './commands/report';
import { registerStatus } from './commands/status';
import { registerStop } from './commands/stop';
import { registerSweep } from './commands/sweep';
import { registerWait } from './commands/wait';

/** Runs an action with its context; what it returns (or the error it throws, reported) is the exit code. */
export type Runner = (command: { optsWithGlobals(): object }, action: (ctx: CliContext) => Promise<number>) => Promise<void>;

/** The program and its subcommands, wired to `io`; `state.exitCode` is set by the action that ran. */
function buildProgram(io: CliIo, state: { exitCode: number }): Command {
  const program = new Command('sagemaker-bench')
    .description('Plan, run, watch and report SageMaker training jobs and benchmark sweeps, on AWS or on this machine.')
    .version(packageVersion(), '--version', 'print the version and exit')
    .helpOption('-h, --help', 'show help (every command has its own: sagemaker-bench <command> --help)')
    .addOption(new Option('--region <region>', 'AWS region, e.g. us-east-1 (default: AWS_REGION, AWS_DEFAULT_REGION, then the profile)'))
    .addOption(new Option('--profile <name>', 'a profile of ~/.aws/config (default: AWS_PROFILE, then default)'))
    .addOption(new Option('--endpoint-url <url>', 'send every request here, e.g. http://127.0.0.1:5000 (default: AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>)'))
    .option('--json', 'machine-readable output on stdout (and nothing else there)')
    .option('--no-color', 'no colours (also NO_COLOR=1, and whenever the output is not a terminal)')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
    })
    .addHelpText(
      'after',
      `
Examples:
  $ sagemaker-bench plan sweep.json                         # every job, its worst-case dollars; sends nothing
  $ sagemaker-bench sweep sweep.json --local --report out   # rehearse on this machine, for free
  $ sagemaker-bench sweep sweep.json --budget 50 --report out
  $ sagemaker-bench logs resnet50-p3-gpu4-b512-e5 > job.log # what get-log.sh did
  $ sagemaker-bench wait resnet50-p3-gpu4-b512-e5 && sagemaker-bench metrics resnet50-p3-gpu4-b512-e5
`,
    );

  const run: Runner = async (command, action) => {
    const ctx = new CliContext(io, command.optsWithGlobals() as GlobalOptions);
    try {
      state.exitCode = await action(ctx);
    } catch (error) {
      state.exitCode = reportError(ctx, error);
    }
  };

  registerPlan(program, run);
  registerSweep(program, run);
  registerReport(program, run);
  registerLaunch(program, run);
  registerWait(program, run);
  registerStatus(program, run);
  registerStop(program, run);
  registerLogs(program, run);
  registerMetrics(program, run);
  registerCost(program, run);
  return program as unknown as Command;
}

/**
 * Runs one `sagemaker-bench` command line and resolves with its exit code: 0 done, 1 failed
 * (the message says why), 2 a wrong command line, 130 interrupted; `wait` also 1 Failed and
 * 2 Stopped.
 *
 * @example
 * ```ts
 * import { runCli } from 'sagemaker-bench/cli';
 * const code = await runCli(['plan', 'sweep.json'], nodeIo()); // as `sagemaker-bench plan sweep.json`
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const state = { exitCode: EXIT.ok as number };
  const program = buildProgram(io, state);
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw error;
  }
  return state.exitCode;
}

/**
 * How the command tells the user that something went wrong: one message (the library's own,
 * which says what to do), never a stack trace unless `--debug`; with `--json`, also the error
 * as a JSON object on stdout. Internal.
 */
import type { CliContext } from './CliContext';
import { formatIssues, SageMakerBenchError, SweepFileError, ValidationError } from '../../index';

/** A wrong command line (a flag value, a missing file): exit code 2, with a hint at `--help`. */
export class UsageError extends Error {
  /** The command whose `--help` helps, e.g. `'launch'`. */
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

/** Exit codes of the command. */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2, interrupted: 130, terminated: 143 });

/** The exit code of a command ended by a signal: 130 for Ctrl-C (SIGINT), 143 for SIGTERM. */
export function exitFor(signal: 'SIGINT' | 'SIGTERM' | undefined): number {
  return signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
}

/** A sweep file that is not there (or not a sweep file by its name): a mistake of the command line, exit 2. */
function isWrongFileArgument(error: unknown): boolean {
  return error instanceof SweepFileError && error.issues.length > 0 && error.issues.every((issue) => issue.code === 'file_not_found' || issue.code === 'unsupported_extension');
}

/** The fields of an error that say what it is about (jobName, path, ...), for `--json`. */
function fieldsOf(error: Error): Record<string, unknown> {
  const out: Record<string, unknown> = { name: error.name, message: error.message };
  for (const [key, value] of Object.entries(error)) {
    if (key === 'cause' || key === 'description' || key === 'stack') continue;
    if (value === undefined || typeof value === 'function') continue;
    out[key] = value;
  }
  return out;
}

/** The message of an error that is not ours: an SDK service error keeps its code. */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof ValidationError) {
    const errors = error.issues.filter((issue) => issue.severity === 'error');
    return `the request is not valid (${errors.length} ${errors.length === 1 ? 'error' : 'errors'}):\n${formatIssues(errors)}`;
  }
  if (error instanceof SageMakerBenchError || error instanceof UsageError) return error.message;
  const name = error.name !== 'Error' ? `${error.name}: ` : '';
  return `${name}${error.message}`;
}

/** Every `cause` of an error, outermost first (for --debug). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current instanceof Error && current.cause !== undefined && chain.length < 8) {
    current = current.cause;
    chain.push(current);
  }
  return chain;
}

/**
 * Prints `error` for the person at the terminal and returns the exit code.
 *
 * @example
 * ```ts
 * try { return await command(ctx); } catch (error) { return reportError(ctx, error); }
 * ```
 */
export function reportError(ctx: CliContext, error: unknown): number {
  const red = ctx.color.err.red;
  const message = messageOf(error);
  ctx.err(`${red('error:')} ${message}`);
  if (error instanceof UsageError) {
    ctx.err(`Run 'sagemaker-bench ${error.command === undefined ? '' : `${error.command} `}--help' for usage.`);
  } else if (ctx.globals.debug !== true) {
    if (!(error instanceof SageMakerBenchError)) ctx.err(ctx.color.err.dim('(--debug shows the stack trace)'));
  }
  if (ctx.globals.debug === true) {
    if (error instanceof Error && error.stack !== undefined) ctx.err(error.stack);
    for (const cause of causes(error)) ctx.err(`caused by: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`);
  }
  if (ctx.json) ctx.printJson({ error: error instanceof Error ? fieldsOf(error) : { message: String(error) } });
  return error instanceof UsageError || isWrongFileArgument(error) ? EXIT.usage : EXIT.failed;
}

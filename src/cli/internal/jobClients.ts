/** The `--local` / `--work-dir` options of the commands about one job, and the clients they choose. Internal. */
import type { CliContext } from './CliContext';
import type { Clients } from '../../index';
import { DEFAULT_LOCAL_WORK_DIR } from './CliContext';

/** What `--local` and `--work-dir` give. */
export interface LocalFlags {
  local?: boolean | undefined;
  workDir?: string | undefined;
}

/** Help of the `--local` and `--work-dir` options of the commands about one job. */
export const LOCAL_HELP = 'the job ran (or runs) on this machine, in local mode';
export const WORK_DIR_HELP = `local mode's folder of jobs (default ${DEFAULT_LOCAL_WORK_DIR})`;

/** Local-mode clients with `--local`, else the AWS clients of the global options. */
export function jobClients(ctx: CliContext, flags: LocalFlags, extra: { command?: readonly string[] } = {}): Clients {
  if (flags.local !== true) return ctx.clients();
  return ctx.localClients({ workDir: flags.workDir, runtime: extra.command === undefined ? 'auto' : 'process', ...(extra.command === undefined ? {} : { command: extra.command }) });
}

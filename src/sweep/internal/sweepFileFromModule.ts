/**
 * A sweep module's exports as a {@link SweepFile}: the default export's plan, checked by shape,
 * re-validated for the mode it is loaded for, and the named exports `local`, `budgetUsd` and
 * `maxConcurrent` checked as the JSON form's fields are. Internal.
 *
 * @module
 */
import { validateCreateTrainingJob } from '../../builder/validateCreateTrainingJob';
import { SweepFileError } from '../../errors';
import { deepFreeze } from '../../internal/deepFreeze';
import type { SweepFile, SweepFileLocalDefaults } from '../SweepFile';
import type { SweepIssue, SweepPlan } from '../SweepPlan';
import { checkBudget, checkMaxConcurrent } from './checkSweepFileJson';
import { Issues } from './fieldChecks';
import { planShapeProblem } from './planShape';
import { channelNames, checkLocal, checkLocalChannels, resolveLocal, withLocalPaths } from './sweepFileLocal';

export interface FromModuleOptions {
  /** The path as given (for errors). */
  path: string;
  absolutePath: string;
  baseDir: string;
  local: boolean;
  localDefaults?: SweepFileLocalDefaults | undefined;
}

/**
 * The SweepFile of a module's exports. The plan's jobs are validated again for the mode asked
 * for (`file:///` URIs valid only in local mode), after `local.outputPath` and `local.channels`
 * are put in place in local mode; everything else of the plan (names, cells, costs) is kept.
 */
export function sweepFileFromModule(exports: Readonly<Record<string, unknown>>, options: FromModuleOptions): SweepFile {
  const issues = new Issues();
  const problem = planShapeProblem(exports['default']);
  if (problem !== undefined) issues.add(['default'], 'not_a_plan', problem);
  if (exports['budgetUsd'] !== undefined) checkBudget(issues, exports['budgetUsd'], ['budgetUsd']);
  if (exports['maxConcurrent'] !== undefined) checkMaxConcurrent(issues, exports['maxConcurrent'], ['maxConcurrent']);
  const local = exports['local'] === undefined ? undefined : checkLocal(issues, exports['local'], ['local']);
  if (issues.size > 0) throw new SweepFileError(options.path, issues.list);

  const given = structuredClone(exports['default']) as SweepPlan;
  const defaults = options.local ? options.localDefaults : undefined;
  const resolved = local === undefined && defaults === undefined ? undefined : resolveLocal(local ?? {}, options.baseDir, undefined, defaults);
  if (local !== undefined) {
    const names = [...new Set(given.jobs.flatMap((job) => channelNames(job.request)))];
    checkLocalChannels(issues, names, local.channels, ['local']);
    if (issues.size > 0) throw new SweepFileError(options.path, issues.list);
  }
  const rewrite = options.local && resolved !== undefined && (resolved.outputPath !== undefined || resolved.channels !== undefined);
  const jobs = given.jobs.map((job) => (rewrite ? { ...job, request: withLocalPaths(job.request, resolved!) } : job));
  const planIssues: SweepIssue[] = jobs.flatMap((job) =>
    validateCreateTrainingJob(job.request, { allowFileUris: options.local }).map((issue) => ({ ...issue, jobName: job.jobName })),
  );
  const plan: SweepPlan = { ...given, jobs, issues: planIssues };

  const out: SweepFile = { path: options.absolutePath, plan };
  if (resolved !== undefined) out.local = resolved.options;
  if (exports['budgetUsd'] !== undefined) out.budgetUsd = exports['budgetUsd'] as number;
  if (exports['maxConcurrent'] !== undefined) out.maxConcurrent = structuredClone(exports['maxConcurrent']) as SweepFile['maxConcurrent'] & object;
  return deepFreeze(out);
}

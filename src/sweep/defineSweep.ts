/**
 * A sweep's plan: the matrix of jobs, named, validated and priced before anything is sent.
 *
 * @module
 */
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import { TrainingJobBuilder } from '../builder/TrainingJobBuilder';
import { BATCH_SIZE_KEYS, countHyperParameter, EPOCHS_KEYS, jobName, namePrefixPart } from '../builder/jobName';
import { instancesOf } from '../builder/internal/instanceGroups';
import { estimateTrainingCost } from '../cost/estimateTrainingCost';
import type { CostEstimate } from '../cost/estimateTrainingCost';
import { DEFAULT_PRICE_REGION } from '../cost/instancePrice';
import type { PriceCatalog } from '../cost/PriceCatalog';
import { roundUsd } from '../cost/internal/roundUsd';
import { deepFreeze } from '../internal/deepFreeze';
import { shortHash } from './internal/shortHash';
import type { SweepCell, SweepIssue, SweepJob, SweepPlan } from './SweepPlan';

/** The axes of a sweep: every combination of their values is a cell. An axis left out keeps the base's value. */
export interface SweepMatrix {
  /** Instance types to try. */
  instanceType?: readonly string[];
  /** Instance counts to try. */
  instanceCount?: readonly number[];
  /** Batch sizes to try: each sets the hyperparameter the base uses for it (`batch-size` when it has none). */
  batchSize?: readonly number[];
  /** Epochs to try: each sets the hyperparameter the base uses for it (`epochs` when it has none). */
  epochs?: readonly number[];
  /** Any other hyperparameter: each key an axis of its own. */
  hyperParameters?: Readonly<Record<string, readonly (string | number | boolean)[]>>;
}

/** Options of {@link defineSweep}. */
export interface DefineSweepOptions {
  /** The sweep's id: 1-24 lowercase letters, digits and hyphens; the start of every job name, and what resumes it. */
  name: string;
  /** The model, for job names: `resnet50`, `cnn`, `fcn`. */
  model: string;
  /** The job every cell is branched from (a preset, or any builder). */
  base: TrainingJobBuilder;
  /** The axes: every combination of their values is a cell. */
  matrix: SweepMatrix;
  /** Runs of every cell (default 1). */
  repeats?: number;
  /** Drops the cells it returns `true` for. */
  exclude?: (cell: SweepCell) => boolean;
  /** Region of the cost estimates (default us-east-1, the built-in prices' region). */
  region?: string;
  /** Prices for the estimates (default: the built-in catalog; see `fetchTrainingPrices`). */
  prices?: PriceCatalog;
  /** Validate for local mode: `file://` URIs stand for S3 URIs (see `createLocalClients`). */
  local?: boolean;
}

const WHERE = 'defineSweep';

function fail(message: string): never {
  throw new TypeError(`${WHERE}: ${message}`);
}

function axis<T>(name: string, values: readonly T[] | undefined, check: (value: T) => boolean, what: string): readonly T[] | undefined {
  if (values === undefined) return undefined;
  if (!Array.isArray(values) || values.length === 0) fail(`matrix.${name} must be a non-empty array of ${what}`);
  const seen = new Set<string>();
  for (const value of values) {
    if (!check(value)) fail(`matrix.${name} must hold ${what}, got ${JSON.stringify(value)}`);
    const key = String(value);
    if (seen.has(key)) fail(`matrix.${name} lists ${JSON.stringify(value)} twice`);
    seen.add(key);
  }
  return values;
}

const isWhole = (value: unknown): boolean => typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
const isText = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';
const isHyperValue = (value: unknown): boolean =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

function checkOptions(options: DefineSweepOptions): void {
  if (options === null || typeof options !== 'object') fail('expected { name, model, base, matrix, repeats?, exclude? }');
  if (typeof options.name !== 'string' || !/^[a-z0-9](-?[a-z0-9])*$/.test(options.name) || options.name.length > 24) {
    // The name starts every job name as it is: two sweeps' names never clean to the same jobs.
    fail(`name must be 1-24 lowercase letters, digits and single hyphens, starting and ending with a letter or digit (e.g. 'resnet-p3'), got ${JSON.stringify(options.name)}`);
  }
  if (typeof options.model !== 'string') fail(`model must be a string, got ${typeof options.model}`);
  if (!(options.base instanceof TrainingJobBuilder)) fail('base must be a TrainingJobBuilder (a preset such as cifarResnet50({...}), or new TrainingJobBuilder()...)');
  if (options.matrix === null || typeof options.matrix !== 'object') fail('matrix must be an object of axes, e.g. { instanceType: [...], batchSize: [...] }');
  const known = new Set(['instanceType', 'instanceCount', 'batchSize', 'epochs', 'hyperParameters']);
  for (const key of Object.keys(options.matrix)) if (!known.has(key)) fail(`matrix.${key} is not an axis (axes: ${[...known].join(', ')})`);
  if (options.repeats !== undefined && !isWhole(options.repeats)) fail(`repeats must be a whole number >= 1, got ${JSON.stringify(options.repeats)}`);
  if (options.exclude !== undefined && typeof options.exclude !== 'function') fail('exclude must be a function (cell) => boolean');
}

/** The hyperparameter the base uses for a count (the first of `keys` it holds, else the first key), and its value. */
function hyper(request: CreateTrainingJobCommandInput, keys: readonly string[]): { key: string; value: number | undefined } {
  const found = countHyperParameter(request.HyperParameters, keys);
  return found ?? { key: keys[0]!, value: undefined };
}

/** Every combination of the axes, the first axis varying slowest. */
function product(axes: readonly (readonly unknown[])[]): unknown[][] {
  let rows: unknown[][] = [[]];
  for (const values of axes) rows = rows.flatMap((row) => values.map((value) => [...row, value]));
  return rows;
}

/**
 * Plans a sweep: the cartesian product of the matrix's axes (instance type, instance count,
 * batch size, epochs, any hyperparameter) times `repeats`, minus the cells `exclude` drops, each
 * cell a request branched from `base`. An axis changes only its own field: an instance-type axis
 * keeps the base's count, volume and keep-alive; a batch-size axis sets the hyperparameter the
 * base uses for it (`batch-size` when it has none).
 *
 * Job names are read off each cell's request (`jobName({ model, job, prefix: name, repeat })`),
 * so a name says what its job runs on; cells the seed's convention cannot tell apart (other
 * hyperparameters, `ml.g5.xlarge` vs `ml.g5.2xlarge`, both one GPU) get a short hash of what
 * differs. Names are valid, unique and the same every time for the same definition: that is what
 * lets `runSweep` resume from its journal.
 *
 * Nothing is sent. Every request is validated (`plan.issues`: every problem, with its job) and
 * priced (`job.cost`, `plan.maxUsd`: the sweep's worst case). A malformed definition (a matrix
 * axis that is not an array of the right values, ...) throws a TypeError.
 *
 * @example
 * ```ts
 * import { cifarResnet50, defineSweep } from 'sagemaker-bench';
 *
 * const plan = defineSweep({
 *   name: 'resnet-p3',
 *   model: 'resnet50',
 *   base: cifarResnet50({ image, role, outputPath: 's3://my-bucket/', epochs: 5 }),
 *   matrix: { instanceType: ['ml.p3.2xlarge', 'ml.p3.8xlarge'], batchSize: [256, 512] },
 *   repeats: 2,
 * });
 * plan.jobs.map((job) => job.jobName); // ['resnet-p3-resnet50-p3-gpu1-b256-e5-r1', ...]
 * plan.maxUsd; // the worst case of all 8 jobs, in USD
 * ```
 */
export function defineSweep(options: DefineSweepOptions): SweepPlan {
  checkOptions(options);
  const { matrix, base } = options;
  const repeats = options.repeats ?? 1;
  const region = options.region ?? DEFAULT_PRICE_REGION;
  const baseRequest = base.toJSON();

  const types = axis('instanceType', matrix.instanceType, isText, 'instance types (strings)');
  const counts = axis('instanceCount', matrix.instanceCount, isWhole, 'whole numbers >= 1');
  const batches = axis('batchSize', matrix.batchSize, isWhole, 'whole numbers >= 1');
  const epochsAxis = axis('epochs', matrix.epochs, isWhole, 'whole numbers >= 1');
  const hyperAxes = Object.entries(matrix.hyperParameters ?? {});
  if (matrix.hyperParameters !== undefined && (matrix.hyperParameters === null || typeof matrix.hyperParameters !== 'object')) {
    fail('matrix.hyperParameters must be an object of axes, e.g. { "learning-rate": [0.1, 0.01] }');
  }
  const reserved = new Set<string>([...BATCH_SIZE_KEYS, ...EPOCHS_KEYS]);
  for (const [key, values] of hyperAxes) {
    if (reserved.has(key)) fail(`matrix.hyperParameters.${key}: use the ${BATCH_SIZE_KEYS.includes(key as never) ? 'batchSize' : 'epochs'} axis`);
    axis(`hyperParameters.${key}`, values, isHyperValue, 'strings, numbers or booleans');
  }

  // Heterogeneous instance groups: the cell shows the first group's type and every instance.
  const { instanceType: baseType, instanceCount: baseCount } = instancesOf(baseRequest.ResourceConfig);
  const batchKey = hyper(baseRequest, BATCH_SIZE_KEYS);
  const epochsKey = hyper(baseRequest, EPOCHS_KEYS);

  const cellAxes = [
    types ?? [baseType ?? ''],
    counts ?? [baseCount],
    batches ?? [batchKey.value],
    epochsAxis ?? [epochsKey.value],
    ...hyperAxes.map(([, values]) => values.map(String)),
  ];
  const combos = product(cellAxes);

  interface Draft { cell: SweepCell; builder: TrainingJobBuilder; request: CreateTrainingJobCommandInput; name: string; identity: string }
  const drafts: Draft[] = [];
  for (let repeat = 1; repeat <= repeats; repeat++) {
    for (const combo of combos) {
      const [instanceType, instanceCount, batchSize, epochs, ...hyperValues] = combo as [string, number, number | undefined, number | undefined, ...string[]];
      const cell: SweepCell = { instanceType, instanceCount, hyperParameters: {}, repeat };
      if (batchSize !== undefined) cell.batchSize = batchSize;
      if (epochs !== undefined) cell.epochs = epochs;
      hyperAxes.forEach(([key], i) => (cell.hyperParameters[key] = hyperValues[i]!));
      if (options.exclude?.(deepFreeze(structuredClone(cell))) === true) continue;

      let builder = base;
      if (types !== undefined || counts !== undefined) builder = builder.instance(instanceType, { count: instanceCount });
      const values: Record<string, string> = { ...cell.hyperParameters };
      if (batches !== undefined) values[batchKey.key] = String(batchSize);
      if (epochsAxis !== undefined) values[epochsKey.key] = String(epochs);
      if (Object.keys(values).length > 0) builder = builder.hyperParameters(values);
      const request = builder.toJSON();
      // What tells this cell apart from the others of its repeat.
      const identity = JSON.stringify([instanceType, instanceCount, batchSize ?? null, epochs ?? null, hyperValues]);
      const variant = hyperAxes.length > 0 ? shortHash(JSON.stringify(hyperValues)) : undefined;
      let name: string;
      try {
        name = jobName({ model: options.model, job: request, prefix: options.name, repeat, ...(variant ? { variant } : {}) });
      } catch (error) {
        // No instance type, a batch size that is not a number, ...: the validation below says so.
        name = jobName({ model: options.model, instanceType: instanceType || 'unknown', prefix: options.name, repeat, variant: shortHash(identity) });
        void error;
      }
      drafts.push({ cell, builder, request, name, identity });
    }
  }

  // Cells the convention cannot tell apart get a hash of the whole cell.
  const byName = new Map<string, Draft[]>();
  for (const draft of drafts) byName.set(draft.name, [...(byName.get(draft.name) ?? []), draft]);
  for (const [, same] of byName) {
    if (same.length < 2) continue;
    for (const draft of same) {
      const variant = shortHash(draft.identity);
      draft.name = jobName({ model: options.model, job: draft.request, prefix: options.name, repeat: draft.cell.repeat, variant });
    }
  }
  const names = new Set<string>();
  for (const draft of drafts) {
    if (names.has(draft.name)) throw new Error(`${WHERE}: two cells were named ${draft.name}; please report this`);
    names.add(draft.name);
  }

  const jobs: SweepJob[] = [];
  const issues: SweepIssue[] = [];
  let maxUsd: number | undefined = 0;
  for (const draft of drafts) {
    const named = draft.builder.name(draft.name);
    const request = named.toJSON();
    // The builder's own validate(): a preset's issues (epochs: 0) included.
    for (const issue of named.validate({ allowFileUris: options.local === true })) {
      issues.push({ ...issue, jobName: draft.name });
    }
    const cost: CostEstimate = estimateTrainingCost(request, { region, ...(options.prices ? { prices: options.prices } : {}) });
    maxUsd = maxUsd === undefined || cost.maxUsd === undefined ? undefined : maxUsd + cost.maxUsd;
    jobs.push({ jobName: draft.name, cell: draft.cell, request, cost });
  }

  const namePrefix = `${namePrefixPart(options.name)}-`;
  const plan: SweepPlan = { name: options.name, model: options.model, jobs, issues, region, namePrefix };
  if (maxUsd !== undefined) plan.maxUsd = roundUsd(maxUsd);
  return deepFreeze(plan);
}

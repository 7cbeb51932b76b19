/**
 * The shape checks of a JSON sweep file: every field's type, range and pattern, unknown fields,
 * and `preset` + `options` against `request`. What schema/sweep-file.schema.json says, in code,
 * with messages that name what was expected and what was got. Internal.
 *
 * @module
 */
import type { SweepFileJson, SweepFilePreset } from '../SweepFile';
import {
  checkArray,
  checkEnum,
  checkKeys,
  checkNonNegative,
  checkObject,
  checkString,
  checkWhole,
  got,
  isObject,
  type Issues,
  type Json,
  type Path,
} from './fieldChecks';
import { closestKey } from './closestKey';
import { checkLocal } from './sweepFileLocal';
import {
  EXCLUDE_FIELDS,
  MATRIX_AXES,
  NOT_BLANK,
  PRESET_OPTION_FIELDS,
  REGION_PATTERN,
  REQUIRED_PRESET_OPTIONS,
  RESERVED_HYPERPARAMETERS,
  SWEEP_FILE_PRESETS,
  SWEEP_NAME_MAX_LENGTH,
  SWEEP_NAME_PATTERN,
  TOP_LEVEL_FIELDS,
  WHOLE_PRESET_OPTIONS,
} from './sweepFileRules';

const has = (object: Json, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** Where a top-level field that belongs elsewhere goes. */
function topLevelHint(key: string): string | undefined {
  if (closestKey(key, TOP_LEVEL_FIELDS) !== undefined) return undefined;
  if (key === 'hyperParameters') return 'hyperparameter axes go in "matrix": { "hyperParameters": { ... } }; fixed ones in "request" (HyperParameters)';
  if ((MATRIX_AXES as readonly string[]).includes(key) && (PRESET_OPTION_FIELDS as readonly string[]).includes(key)) {
    return `did you mean "matrix": { ${JSON.stringify(key)}: [...] } (an axis), or "options": { ${JSON.stringify(key)}: ... } (a preset's value)?`;
  }
  if ((MATRIX_AXES as readonly string[]).includes(key)) return `did you mean "matrix": { ${JSON.stringify(key)}: [...] }?`;
  if ((PRESET_OPTION_FIELDS as readonly string[]).includes(key) || key === 'trainingData') return `did you mean "options": { ${JSON.stringify(key)}: ... }?`;
  return undefined;
}

/** The duplicates of `values` (by their string, as SageMaker takes hyperparameters): one issue per repeat. */
function checkUnique(issues: Issues, values: readonly unknown[], path: Path): void {
  const first = new Map<string, number>();
  values.forEach((value, i) => {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return;
    const key = String(value);
    const at = first.get(key);
    if (at === undefined) first.set(key, i);
    else issues.add([...path, i], 'duplicate', `${JSON.stringify(value)} is listed twice (also at [${at}])`, value);
  });
}

type ItemCheck = (issues: Issues, value: unknown, path: Path) => boolean;

const instanceTypeItem: ItemCheck = (issues, value, path) =>
  checkString(issues, value, path, { pattern: NOT_BLANK, rule: 'an instance type such as "ml.p3.2xlarge"' });
const wholeItem: ItemCheck = (issues, value, path) => checkWhole(issues, value, path);
const hyperValue: ItemCheck = (issues, value, path) => {
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return true;
  issues.add(path, 'invalid_type', `expected a string, a number or a boolean, got ${got(value)}`, value);
  return false;
};

function checkAxis(issues: Issues, value: unknown, path: Path, item: ItemCheck, example: string): void {
  if (!checkArray(issues, value, path, `a non-empty array of values, e.g. ${example}`)) return;
  if (value.length === 0) issues.add(path, 'min_items', `expected at least one value, e.g. ${example} (leave the axis out to keep the base's value)`, value);
  value.forEach((v, i) => item(issues, v, [...path, i]));
  checkUnique(issues, value, path);
}

function checkMatrix(issues: Issues, value: unknown): void {
  const path = ['matrix'];
  if (!checkObject(issues, value, path, 'an object of axes, e.g. { "instanceType": ["ml.p3.2xlarge"], "batchSize": [256, 512] }')) return;
  checkKeys(issues, value, path, MATRIX_AXES, (key) =>
    closestKey(key, MATRIX_AXES) === undefined ? `hyperparameter axes go in "hyperParameters": { ${JSON.stringify(key)}: [...] }` : undefined,
  );
  if (has(value, 'instanceType')) checkAxis(issues, value['instanceType'], [...path, 'instanceType'], instanceTypeItem, '["ml.p3.2xlarge", "ml.g5.2xlarge"]');
  if (has(value, 'instanceCount')) checkAxis(issues, value['instanceCount'], [...path, 'instanceCount'], wholeItem, '[1, 2]');
  if (has(value, 'batchSize')) checkAxis(issues, value['batchSize'], [...path, 'batchSize'], wholeItem, '[256, 512]');
  if (has(value, 'epochs')) checkAxis(issues, value['epochs'], [...path, 'epochs'], wholeItem, '[5, 10]');
  if (has(value, 'hyperParameters')) {
    const hyper = value['hyperParameters'];
    const at = [...path, 'hyperParameters'];
    if (checkObject(issues, hyper, at, 'an object of hyperparameter axes, e.g. { "learning-rate": [0.1, 0.01] }')) {
      for (const [key, values] of Object.entries(hyper)) {
        if (RESERVED_HYPERPARAMETERS.includes(key)) {
          const axis = /epoch/.test(key) ? 'epochs' : 'batchSize';
          issues.add([...at, key], 'reserved_key', `${JSON.stringify(key)} has an axis of its own: use "matrix": { "${axis}": [...] }`);
          continue;
        }
        checkAxis(issues, values, [...at, key], hyperValue, '[0.1, 0.01]');
      }
    }
  }
}

function checkExclude(issues: Issues, value: unknown): void {
  if (!checkArray(issues, value, ['exclude'], 'an array of partial cells, e.g. [{ "instanceType": "ml.g5.2xlarge", "batchSize": 512 }]')) return;
  value.forEach((entry, i) => {
    const path: Path = ['exclude', i];
    if (!checkObject(issues, entry, path, 'a partial cell, e.g. { "instanceType": "ml.g5.2xlarge", "batchSize": 512 }')) return;
    checkKeys(issues, entry, path, EXCLUDE_FIELDS);
    if (Object.keys(entry).length === 0) {
      issues.add(path, 'required', 'an exclude entry names at least one field of the cells it drops, e.g. { "batchSize": 512 } (an empty one would drop every cell)');
    }
    if (has(entry, 'instanceType')) checkString(issues, entry['instanceType'], [...path, 'instanceType'], { rule: 'an instance type' });
    for (const key of ['instanceCount', 'batchSize', 'epochs'] as const) if (has(entry, key)) checkWhole(issues, entry[key], [...path, key]);
    if (has(entry, 'hyperParameters') && checkObject(issues, entry['hyperParameters'], [...path, 'hyperParameters'], 'an object of hyperparameter values, e.g. { "learning-rate": 0.1 }')) {
      for (const [key, v] of Object.entries(entry['hyperParameters'])) hyperValue(issues, v, [...path, 'hyperParameters', key]);
    }
  });
}

function checkPresetOptions(issues: Issues, value: unknown, preset: SweepFilePreset | undefined): void {
  const path = ['options'];
  if (!checkObject(issues, value, path, 'an object of the preset\'s options { "image", "role", "outputPath", "batchSize"?, "epochs"?, ... }')) return;
  const seismic = preset === 'seismicFcn' || preset === undefined;
  const known: string[] = [...PRESET_OPTION_FIELDS, ...(seismic ? ['trainingData'] : [])];
  checkKeys(issues, value, path, known, (key) => {
    if (key === 'name') return 'the sweep names its jobs (from its "name" and each cell)';
    if (key === 'trainingData') return 'it is an option of the seismicFcn preset only';
    if (key === 'hyperParameters') return 'give "request" instead of a preset for other hyperparameters, or make them axes in "matrix": { "hyperParameters": { ... } }';
    return undefined;
  });
  const required: string[] = [...REQUIRED_PRESET_OPTIONS, ...(preset === 'seismicFcn' ? ['trainingData'] : [])];
  for (const key of required) {
    if (!has(value, key)) issues.add([...path, key], 'required', `${preset ?? 'the preset'} needs ${JSON.stringify(key)}`);
  }
  for (const key of ['image', 'role', 'outputPath', 'instanceType', ...(seismic ? ['trainingData'] : [])]) {
    if (has(value, key)) checkString(issues, value[key], [...path, key]);
  }
  for (const key of WHOLE_PRESET_OPTIONS) if (has(value, key)) checkWhole(issues, value[key], [...path, key]);
}

/** `budgetUsd` (number >= 0) at `path`. */
export function checkBudget(issues: Issues, value: unknown, path: Path): void {
  checkNonNegative(issues, value, path, 'USD');
}

/** `maxConcurrent`: a whole number >= 1, or `{ [instanceType]: whole number >= 1 }`, at `path`. */
export function checkMaxConcurrent(issues: Issues, value: unknown, path: Path): void {
  if (typeof value === 'number') checkWhole(issues, value, path);
  else if (isObject(value)) for (const [type, n] of Object.entries(value)) checkWhole(issues, n, [...path, type]);
  else issues.add(path, 'invalid_type', `expected a whole number >= 1, or an object of instance type to a whole number (e.g. { "ml.p3.2xlarge": 2 }), got ${got(value)}`, value);
}

/**
 * Adds every shape issue of `json` as a JSON sweep file to `issues`; returns the file typed
 * when it has none.
 */
export function checkSweepFileJson(issues: Issues, json: unknown): SweepFileJson | undefined {
  const before = issues.size;
  if (!checkObject(issues, json, [], 'a JSON object { "name", "model", "preset" + "options" or "request", "matrix", ... }')) return undefined;
  checkKeys(issues, json, [], TOP_LEVEL_FIELDS, topLevelHint);

  if (has(json, '$schema')) checkString(issues, json['$schema'], ['$schema'], { rule: 'the path or URL of the JSON Schema' });
  if (!has(json, 'name')) issues.add(['name'], 'required', 'a sweep file needs "name": the sweep\'s id, e.g. "resnet-p3"');
  else {
    checkString(issues, json['name'], ['name'], {
      pattern: SWEEP_NAME_PATTERN,
      maxLength: SWEEP_NAME_MAX_LENGTH,
      rule: `1-${SWEEP_NAME_MAX_LENGTH} lowercase letters, digits and single hyphens, starting and ending with a letter or digit, e.g. "resnet-p3"`,
    });
  }
  if (!has(json, 'model')) issues.add(['model'], 'required', 'a sweep file needs "model": the model, for job names, e.g. "resnet50"');
  else checkString(issues, json['model'], ['model'], { rule: 'the model, for job names, e.g. "resnet50"' });

  const hasPreset = has(json, 'preset');
  const hasOptions = has(json, 'options');
  const hasRequest = has(json, 'request');
  if (hasPreset && hasRequest) issues.add(['request'], 'conflict', 'give either "preset" with "options", or "request", not both');
  if (!hasPreset && !hasRequest) {
    issues.add(['preset'], 'required', 'a sweep file needs "preset" with "options" (a preset and its settings), or "request" (a CreateTrainingJob request)');
  }
  let preset: SweepFilePreset | undefined;
  if (hasPreset && checkEnum(issues, json['preset'], ['preset'], SWEEP_FILE_PRESETS)) preset = json['preset'];
  if (hasPreset && !hasOptions) issues.add(['options'], 'required', '"preset" needs "options": { "image", "role", "outputPath", ... }');
  if (hasOptions && !hasPreset && hasRequest) {
    issues.add(['options'], 'conflict', '"options" go with "preset"; with "request", put these settings in the request itself');
  }
  if (hasOptions) checkPresetOptions(issues, json['options'], preset);
  if (hasRequest) checkObject(issues, json['request'], ['request'], 'a CreateTrainingJob request object { "AlgorithmSpecification", "RoleArn", "ResourceConfig", ... }');

  if (!has(json, 'matrix')) issues.add(['matrix'], 'required', 'a sweep file needs "matrix": its axes, e.g. { "batchSize": [256, 512] } ({} for repeats of the base only)');
  else checkMatrix(issues, json['matrix']);
  if (has(json, 'repeats')) checkWhole(issues, json['repeats'], ['repeats']);
  if (has(json, 'exclude')) checkExclude(issues, json['exclude']);
  if (has(json, 'region')) checkString(issues, json['region'], ['region'], { pattern: REGION_PATTERN, rule: 'an AWS region code such as "us-east-1"' });
  if (has(json, 'budgetUsd')) checkBudget(issues, json['budgetUsd'], ['budgetUsd']);
  if (has(json, 'maxConcurrent')) checkMaxConcurrent(issues, json['maxConcurrent'], ['maxConcurrent']);
  if (has(json, 'local')) checkLocal(issues, json['local'], ['local']);
  return issues.size === before ? (json as unknown as SweepFileJson) : undefined;
}

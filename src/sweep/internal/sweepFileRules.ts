/**
 * The rules of a sweep file's fields that both its checks (parseSweepFile) and its JSON Schema
 * (schema/sweep-file.schema.json) state: one place, so a test can hold the schema to them. Internal.
 *
 * @module
 */
import { BATCH_SIZE_KEYS, EPOCHS_KEYS } from '../../builder/jobName';

/** defineSweep's rule for a sweep name. */
export const SWEEP_NAME_PATTERN = /^[a-z0-9](-?[a-z0-9])*$/;
export const SWEEP_NAME_MAX_LENGTH = 24;

/** A region code such as `us-east-1` (the cost layer's rule). */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** A local path: a plain path (no `scheme://`), or a `file:///` URI. */
export const LOCAL_PATH_PATTERN = /^(?![A-Za-z][A-Za-z0-9+.-]*:\/\/)|^file:\/\/\//;

/** Something that is not only whitespace (defineSweep's rule for instance types). */
export const NOT_BLANK = /\S/;

export const SWEEP_FILE_PRESETS = ['mnistCnn', 'cifarResnet50', 'seismicFcn'] as const;

export const TOP_LEVEL_FIELDS = [
  '$schema',
  'name',
  'model',
  'preset',
  'options',
  'request',
  'matrix',
  'repeats',
  'exclude',
  'region',
  'budgetUsd',
  'maxConcurrent',
  'local',
] as const;

/** PresetOptions a sweep file may give (no `name`: the sweep names its jobs). */
export const PRESET_OPTION_FIELDS = [
  'image',
  'role',
  'outputPath',
  'batchSize',
  'epochs',
  'instanceType',
  'instanceCount',
  'volumeSizeInGB',
  'maxRuntimeSeconds',
] as const;
export const REQUIRED_PRESET_OPTIONS = ['image', 'role', 'outputPath'] as const;
/** Options that are whole numbers >= 1. */
export const WHOLE_PRESET_OPTIONS = ['batchSize', 'epochs', 'instanceCount', 'volumeSizeInGB', 'maxRuntimeSeconds'] as const;

export const MATRIX_AXES = ['instanceType', 'instanceCount', 'batchSize', 'epochs', 'hyperParameters'] as const;
export const EXCLUDE_FIELDS = MATRIX_AXES;
export const LOCAL_FIELDS = ['command', 'runtime', 'stopGraceSeconds', 'workDir', 'outputPath', 'channels'] as const;
export const LOCAL_RUNTIMES = ['auto', 'process', 'docker'] as const;

/** Hyperparameters that have axes of their own (batchSize, epochs): not hyperParameters axes. */
export const RESERVED_HYPERPARAMETERS: readonly string[] = [...BATCH_SIZE_KEYS, ...EPOCHS_KEYS];

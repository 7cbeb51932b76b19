/**
 * A sweep file's `local` settings: their checks, their paths resolved against the file's
 * directory, and the output path and channels they put in place of a job's S3 URIs. Internal.
 *
 * @module
 */
import { statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CreateTrainingJobCommandInput } from '@aws-sdk/client-sagemaker';
import type { LocalSweepOptions, SweepFileLocal, SweepFileLocalDefaults as LocalDefaults } from '../SweepFile';
import { closestKey } from './closestKey';
import { checkArray, checkEnum, checkKeys, checkNonNegative, checkObject, checkString, type Issues, type Path } from './fieldChecks';
import { LOCAL_FIELDS, LOCAL_PATH_PATTERN, LOCAL_RUNTIMES } from './sweepFileRules';

const PATH_RULE = 'a path relative to the sweep file, or a file:/// URI';

/** Checks `value` as a `local` object; returns it when it has no issue. */
export function checkLocal(issues: Issues, value: unknown, path: Path): SweepFileLocal | undefined {
  const before = issues.size;
  if (!checkObject(issues, value, path, 'an object { command, runtime?, stopGraceSeconds?, workDir?, outputPath?, channels? }')) return undefined;
  checkKeys(issues, value, path, LOCAL_FIELDS);
  const { command, runtime, stopGraceSeconds, workDir, outputPath, channels } = value;
  if (command !== undefined && checkArray(issues, command, [...path, 'command'], 'an array of strings, e.g. ["python3", "train.py"]')) {
    if (command.length === 0) issues.add([...path, 'command'], 'min_items', 'expected at least one item (the program to run), e.g. ["python3", "train.py"]', command);
    command.forEach((part, i) => checkString(issues, part, [...path, 'command', i], { minLength: 1, rule: 'an argument' }));
  }
  if (runtime !== undefined) checkEnum(issues, runtime, [...path, 'runtime'], LOCAL_RUNTIMES);
  if (runtime === 'process' && command === undefined) {
    issues.add([...path, 'command'], 'required', 'the process runtime needs a command, e.g. "command": ["python3", "train.py"]');
  }
  if (stopGraceSeconds !== undefined) checkNonNegative(issues, stopGraceSeconds, [...path, 'stopGraceSeconds'], 'seconds');
  if (workDir !== undefined) checkString(issues, workDir, [...path, 'workDir'], { minLength: 1, rule: 'a directory path' });
  if (outputPath !== undefined) checkString(issues, outputPath, [...path, 'outputPath'], { minLength: 1, pattern: LOCAL_PATH_PATTERN, rule: PATH_RULE });
  if (channels !== undefined && checkObject(issues, channels, [...path, 'channels'], 'an object of channel name to path, e.g. { "training": "data/" }')) {
    for (const [name, uri] of Object.entries(channels)) {
      checkString(issues, uri, [...path, 'channels', name], { minLength: 1, pattern: LOCAL_PATH_PATTERN, rule: PATH_RULE });
    }
  }
  return issues.size === before ? (value as SweepFileLocal) : undefined;
}

/** A local path or `file:///` URI as a `file:///` URI; a path keeps its trailing slash (a prefix, as `s3://bucket/dir/`). */
export function toFileUri(value: string, baseDir: string): string {
  if (value.startsWith('file://')) return value;
  const absolute = resolve(baseDir, value);
  const href = pathToFileURL(absolute).href;
  const directory = value.endsWith('/') || value.endsWith(sep);
  return directory && !href.endsWith('/') ? `${href}/` : href;
}

const isFileOnDisk = (path: string): boolean => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/** Local settings resolved against `baseDir`: what createLocalClients takes, and the URIs that replace the jobs' S3 ones. */
export interface ResolvedLocal {
  options: LocalSweepOptions;
  outputPath?: string;
  channels?: Record<string, string>;
}

/**
 * Resolves `local` against `baseDir`: arguments of `command` that name an existing file there
 * become absolute (`../local/train.py`), `workDir` becomes absolute, `outputPath` and `channels`
 * become `file:///` URIs.
 */
export function resolveLocal(local: SweepFileLocal, baseDir: string, isFile: (path: string) => boolean = isFileOnDisk, defaults: LocalDefaults = {}): ResolvedLocal {
  const options: LocalSweepOptions = {};
  if (local.command !== undefined) {
    options.command = local.command.map((part) => {
      if (part.startsWith('-') || isAbsolute(part) || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(part)) return part;
      const candidate = resolve(baseDir, part);
      return isFile(candidate) ? candidate : part;
    });
  }
  if (local.runtime !== undefined) options.runtime = local.runtime;
  if (local.stopGraceSeconds !== undefined) options.stopGraceSeconds = local.stopGraceSeconds;
  if (local.workDir !== undefined) options.workDir = resolve(baseDir, local.workDir);
  else if (defaults.workDir !== undefined) options.workDir = resolve(defaults.workDir);
  const resolved: ResolvedLocal = { options };
  if (local.outputPath !== undefined) resolved.outputPath = toFileUri(local.outputPath, baseDir);
  else if (defaults.outputPath !== undefined) resolved.outputPath = toFileUri(defaults.outputPath, process.cwd());
  if (local.channels !== undefined) {
    resolved.channels = Object.fromEntries(Object.entries(local.channels).map(([name, uri]) => [name, toFileUri(uri, baseDir)]));
  }
  return resolved;
}

/** The channel names of a request (those that are strings). */
export function channelNames(request: CreateTrainingJobCommandInput): string[] {
  const channels = (request as { InputDataConfig?: unknown }).InputDataConfig;
  if (!Array.isArray(channels)) return [];
  return channels.flatMap((c: unknown) => {
    const name = (c as { ChannelName?: unknown } | null)?.ChannelName;
    return typeof name === 'string' ? [name] : [];
  });
}

/** An `unknown_channel` issue for each channel of `local.channels` that no job has. */
export function checkLocalChannels(issues: Issues, names: readonly string[], channels: Readonly<Record<string, unknown>> | undefined, path: Path): void {
  for (const name of Object.keys(channels ?? {})) {
    if (names.includes(name)) continue;
    const near = closestKey(name, names);
    const have = names.length === 0 ? 'the jobs have no input channel' : `the jobs' channels are ${names.map((n) => JSON.stringify(n)).join(', ')}`;
    issues.add([...path, 'channels', name], 'unknown_channel', `no job has a channel ${JSON.stringify(name)}; ${near ? `did you mean ${JSON.stringify(near)}?` : have}`);
  }
}

/** `request` with local mode's output path and channel URIs in place of its own (a copy; the rest untouched). */
export function withLocalPaths(request: CreateTrainingJobCommandInput, local: Pick<ResolvedLocal, 'outputPath' | 'channels'>): CreateTrainingJobCommandInput {
  const out = structuredClone(request);
  if (local.outputPath !== undefined) out.OutputDataConfig = { ...out.OutputDataConfig, S3OutputPath: local.outputPath };
  if (local.channels !== undefined && Array.isArray(out.InputDataConfig)) {
    for (const channel of out.InputDataConfig) {
      const uri = channel?.ChannelName === undefined ? undefined : local.channels[channel.ChannelName];
      if (uri === undefined) continue;
      const s3 = channel.DataSource?.S3DataSource;
      if (s3 !== undefined) s3.S3Uri = uri;
      // A file-system channel (EFS, FSx) becomes a prefix of this machine's files.
      else channel.DataSource = { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: uri } };
    }
  }
  return out;
}

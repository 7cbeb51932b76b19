/**
 * Every error sagemaker-bench throws on purpose. One small hierarchy, shared by all layers:
 * data lives in typed fields (never only in the message), the underlying SDK error is kept as
 * `cause`, and `name` is set so `err.name === 'TrainingJobFailedError'` works across bundles.
 *
 * @example
 * ```ts
 * import { TrainingJobFailedError, waitForTrainingJob } from 'sagemaker-bench';
 *
 * try {
 *   await waitForTrainingJob(client, 'resnet50-p3-gpu4-b512-e2');
 * } catch (err) {
 *   if (err instanceof TrainingJobFailedError) console.error(err.jobName, err.failureReason);
 *   else throw err;
 * }
 * ```
 * @module
 */
import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';

/** One problem found in a CreateTrainingJob request. */
export interface ValidationIssue {
  /** Where the problem is, starting at the top-level member: `['ResourceConfig', 'InstanceType']`. */
  path: (string | number)[];
  /** A stable machine-readable code, e.g. `required`, `pattern`, `max_length`, `unknown_member`. */
  code: string;
  /** A human-readable sentence. */
  message: string;
  /** `error` blocks `build()`; `warning` is reported but does not. */
  severity: 'error' | 'warning';
  /** The offending value, when there is one. */
  value?: unknown;
}

/** The options every sagemaker-bench error's constructor takes, as `Error`'s own. */
export interface ErrorOptionsWithCause {
  /** The error that led to this one, kept as the error's `cause`. */
  cause?: unknown;
}

/** `1 attempt`, `3 attempts`. */
function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Base class of every error thrown by sagemaker-bench. */
export class SageMakerBenchError extends Error {
  /**
   * Creates the error.
   *
   * @param message - The error's message.
   * @param options - `cause`: the error that led to this one.
   */
  constructor(message: string, options?: ErrorOptionsWithCause) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Renders a path the way a reader of the request would write it: `Channels[0].DataSource`.
 *
 * @example
 * ```ts
 * import { formatPath } from 'sagemaker-bench';
 *
 * formatPath(['Channels', 0, 'DataSource']); // 'Channels[0].DataSource'
 * formatPath([]); // '(request)'
 * ```
 */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(request)' : out;
}

/** Shortens a value for an error message: strings quoted and cut at 60 characters. */
export function shortValue(value: unknown, max = 60): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) return 'undefined';
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Formats issues one per line: `✖ message → at Path.To.Member (got "value")`.
 *
 * @example
 * ```ts
 * import { formatIssues, mnistCnn } from 'sagemaker-bench';
 *
 * const result = mnistCnn({ image, role, outputPath: 'my-bucket/out' }).name('mnist-1').safeBuild();
 * if (!result.success) console.error(formatIssues(result.issues));
 * // ✖ S3OutputPath must match the pattern ... → at OutputDataConfig.S3OutputPath (got "my-bucket/out")
 * ```
 */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues
    .map((issue) => {
      const mark = issue.severity === 'error' ? '✖' : '⚠';
      const got = 'value' in issue ? ` (got ${shortValue(issue.value)})` : '';
      return `${mark} ${issue.message} → at ${formatPath(issue.path)}${got}`;
    })
    .join('\n');
}

/**
 * Thrown by `build()` and `launchTrainingJob` when a request has errors. Carries every issue
 * (errors and warnings), not just the first.
 */
export class ValidationError extends SageMakerBenchError {
  /** Every issue found, errors and warnings, each with its `path`, `code` and `severity`. */
  readonly issues: ValidationIssue[];

  /**
   * Creates the error.
   *
   * @param issues - The issues found; the message lists the errors among them.
   * @param options - `cause`: the error that led to this one.
   */
  constructor(issues: ValidationIssue[], options?: ErrorOptionsWithCause) {
    const errors = issues.filter((i) => i.severity === 'error');
    super(
      `Invalid CreateTrainingJob request: ${plural(errors.length, 'error')}\n${formatIssues(errors)}`,
      options,
    );
    this.issues = issues;
  }
}

/** A training job ended in `Failed`. */
export class TrainingJobFailedError extends SageMakerBenchError {
  /** The training job that failed. */
  readonly jobName: string;
  /** SageMaker's `FailureReason` for the job, when it gives one. */
  readonly failureReason: string | undefined;
  /** The job's DescribeTrainingJob response, as last read. */
  readonly description: DescribeTrainingJobCommandOutput;

  /**
   * Creates the error.
   *
   * @param jobName - The training job.
   * @param description - Its DescribeTrainingJob response (`FailureReason` goes into the message).
   * @param options - `cause`: the error that led to this one.
   */
  constructor(jobName: string, description: DescribeTrainingJobCommandOutput, options?: ErrorOptionsWithCause) {
    const reason = description.FailureReason;
    super(`Training job ${jobName} failed${reason ? `: ${reason}` : ''}`, options);
    this.jobName = jobName;
    this.failureReason = reason;
    this.description = description;
  }
}

/** A training job was `Stopped` and the caller asked for that to be an error. */
export class TrainingJobStoppedError extends SageMakerBenchError {
  /** The training job that was stopped. */
  readonly jobName: string;
  /** The job's DescribeTrainingJob response, as last read. */
  readonly description: DescribeTrainingJobCommandOutput;

  /**
   * Creates the error.
   *
   * @param jobName - The training job.
   * @param description - Its DescribeTrainingJob response.
   * @param options - `cause`: the error that led to this one.
   */
  constructor(jobName: string, description: DescribeTrainingJobCommandOutput, options?: ErrorOptionsWithCause) {
    super(`Training job ${jobName} was stopped${description.FailureReason ? `: ${description.FailureReason}` : ''}`, options);
    this.jobName = jobName;
    this.description = description;
  }
}

/**
 * Waiting for a job took longer than `maxWaitTime` (or the job's own limits, by default). The
 * job may still be running: `stopped` says whether it was stopped (`stopOnTimeout`), and
 * `stopError` why not when the stop was asked for and failed.
 */
export class WaitTimeoutError extends SageMakerBenchError {
  /** The training job waited for. */
  readonly jobName: string;
  /** Seconds waited before giving up. */
  readonly waitedSeconds: number;
  /** The job's last `TrainingJobStatus` seen, when one was read. */
  readonly lastStatus: string | undefined;
  /** True when StopTrainingJob was called and accepted because of the timeout (`stopOnTimeout`). */
  readonly stopped: boolean;
  /** With `stopOnTimeout`, when the stop failed: a {@link JobNotStoppedError} saying why. */
  readonly stopError: unknown;

  /**
   * Creates the error.
   *
   * @param jobName - The training job.
   * @param details - Seconds waited, the last status seen, and whether the job was stopped (`stopped`) or why the stop failed (`stopError`).
   * @param options - `cause`: the error that led to this one.
   */
  constructor(
    jobName: string,
    details: { waitedSeconds: number; lastStatus?: string | undefined; stopped?: boolean; stopError?: unknown },
    options?: ErrorOptionsWithCause,
  ) {
    super(
      `Gave up waiting for training job ${jobName} after ${Math.round(details.waitedSeconds)} s` +
        `${details.lastStatus ? ` (last status ${details.lastStatus})` : ''}` +
        (details.stopped
          ? '; StopTrainingJob was called'
          : details.stopError !== undefined
            ? '; StopTrainingJob failed: the job may still be running'
            : '; the job may still be running: stop it with stopTrainingJob'),
      options,
    );
    this.jobName = jobName;
    this.waitedSeconds = details.waitedSeconds;
    this.lastStatus = details.lastStatus;
    this.stopped = details.stopped ?? false;
    this.stopError = details.stopError;
  }
}

/** DescribeTrainingJob (or another call) found no job of that name. */
export class TrainingJobNotFoundError extends SageMakerBenchError {
  /** The training job name that was not found. */
  readonly jobName: string;

  /**
   * Creates the error.
   *
   * @param jobName - The training job name.
   * @param options - `cause`: the service's error.
   */
  constructor(jobName: string, options?: ErrorOptionsWithCause) {
    super(`Training job ${jobName} does not exist (in this account and region)`, options);
    this.jobName = jobName;
  }
}

/** The service refused to create a training job. Subclasses say why. */
export class LaunchError extends SageMakerBenchError {
  /** The training job that could not be created. */
  readonly jobName: string;

  /**
   * Creates the error.
   *
   * @param jobName - The training job.
   * @param message - The error's message.
   * @param options - `cause`: the service's error.
   */
  constructor(jobName: string, message: string, options?: ErrorOptionsWithCause) {
    super(message, options);
    this.jobName = jobName;
  }
}

/** ResourceInUse: the name is taken. Names stay taken forever, even after the job ends. */
export class JobNameInUseError extends LaunchError {
  /**
   * Creates the error.
   *
   * @param jobName - The name that is taken.
   * @param options - `cause`: the service's error.
   */
  constructor(jobName: string, options?: ErrorOptionsWithCause) {
    super(
      jobName,
      `A training job named ${jobName} already exists; names stay taken forever, even after a job ends. ` +
        `Pick a new name, e.g. jobName({ ..., unique: true }).`,
      options,
    );
  }
}

/** ResourceLimitExceeded: an account quota (usually instances of one type) is used up. */
export class ResourceLimitError extends LaunchError {
  /** The instance type whose quota is used up, when known. */
  readonly instanceType: string | undefined;
  /** The service's own words, when it gave any. */
  readonly serviceMessage: string | undefined;

  /**
   * Creates the error.
   *
   * @param jobName - The training job.
   * @param details - The instance type and the service's message, when known.
   * @param options - `cause`: the service's error.
   */
  constructor(
    jobName: string,
    details: { instanceType?: string | undefined; serviceMessage?: string | undefined },
    options?: ErrorOptionsWithCause,
  ) {
    super(
      jobName,
      `Cannot launch ${jobName}: a SageMaker quota is exhausted` +
        `${details.instanceType ? ` for ${details.instanceType} training instances` : ''}. ` +
        `Wait for running jobs to end, use another instance type, or request a quota increase ` +
        `(Service Quotas, "${details.instanceType ?? '<instance type>'} for training job usage").` +
        `${details.serviceMessage ? ` Service said: ${details.serviceMessage}` : ''}`,
      options,
    );
    this.instanceType = details.instanceType;
    this.serviceMessage = details.serviceMessage;
  }
}

/** AccessDenied: the caller's credentials, or the job's execution role, lack a permission. */
export class AccessDeniedError extends LaunchError {
  /** The job's execution role, when the request named one. */
  readonly roleArn: string | undefined;
  /** The service's own words, when it gave any. */
  readonly serviceMessage: string | undefined;
  /**
   * The IAM action that was denied: the one the service names (`iam:PassRole` when the role
   * cannot be passed), else `sagemaker:CreateTrainingJob`.
   */
  readonly action: string;

  /**
   * Creates the error.
   *
   * @param jobName - The training job.
   * @param details - The role, the service's message and the denied action, when known.
   * @param options - `cause`: the service's error.
   */
  constructor(
    jobName: string,
    details: { roleArn?: string | undefined; serviceMessage?: string | undefined; action?: string | undefined },
    options?: ErrorOptionsWithCause,
  ) {
    super(
      jobName,
      `Access denied launching ${jobName}: check that your credentials may call sagemaker:CreateTrainingJob ` +
        `and iam:PassRole on ${details.roleArn ?? 'the execution role'}, and that the role trusts sagemaker.amazonaws.com.` +
        `${details.serviceMessage ? ` Service said: ${details.serviceMessage}` : ''}`,
      options,
    );
    this.roleArn = details.roleArn;
    this.serviceMessage = details.serviceMessage;
    this.action = details.action ?? 'sagemaker:CreateTrainingJob';
  }
}

/** The service's own ValidationException on CreateTrainingJob (a rule the local checks do not know). */
export class ServiceValidationError extends LaunchError {
  /** The service's own words: what it found wrong with the request. */
  readonly serviceMessage: string;

  /**
   * Creates the error.
   *
   * @param jobName - The training job.
   * @param serviceMessage - The service's message.
   * @param options - `cause`: the service's error.
   */
  constructor(jobName: string, serviceMessage: string, options?: ErrorOptionsWithCause) {
    super(jobName, `SageMaker rejected ${jobName}: ${serviceMessage}`, options);
    this.serviceMessage = serviceMessage;
  }
}

/** An `s3://bucket/key` URI could not be parsed. */
export class InvalidS3UriError extends SageMakerBenchError {
  /** The URI given. */
  readonly uri: string;
  /**
   * The bucket naming rule broken, when the bucket name is at fault: `bucket_name_too_short`,
   * `bucket_name_characters`, ... (the codes the builder's validation reports for the same name).
   */
  readonly code: string | undefined;

  /**
   * Creates the error.
   *
   * @param uri - The URI given.
   * @param reason - What is wrong with it.
   * @param options - `cause`: the error that led to this one; `code`: the bucket naming rule broken, when that is the problem.
   */
  constructor(uri: string, reason: string, options?: ErrorOptionsWithCause & { code?: string | undefined }) {
    super(`Invalid S3 URI ${JSON.stringify(uri)}: ${reason} (expected s3://bucket/key or s3://bucket/prefix/)`, options);
    this.uri = uri;
    this.code = options?.code;
  }
}

/** No log was found where one was looked for. `where` lists each place that was searched. */
export class LogNotFoundError extends SageMakerBenchError {
  /** Every place that was searched, in words (an `s3://` URI, a log group and its streams). */
  readonly where: string[];
  /** The training job whose log was looked for, when there is one. */
  readonly jobName: string | undefined;

  /**
   * Creates the error.
   *
   * @param message - What was not found.
   * @param details - The places searched (`where`) and the job, when there is one.
   * @param options - `cause`: the error that led to this one.
   */
  constructor(message: string, details: { where: string[]; jobName?: string | undefined }, options?: ErrorOptionsWithCause) {
    super(`${message} (looked in: ${details.where.join(', ')})`, options);
    this.where = details.where;
    this.jobName = details.jobName;
  }
}

/**
 * An S3 log location does not exist: the bucket (`NoSuchBucket`), the object (`NoSuchKey`), or
 * any `.txt`/`.log` object under the prefix (`NoLogObjects`). `where` holds the `s3://` URI.
 */
export class S3LogNotFoundError extends LogNotFoundError {
  /** The bucket looked in. */
  readonly bucket: string;
  /** The object looked for, when the URI named one. */
  readonly key: string | undefined;
  /** The prefix looked under, when the URI ended with `/`. */
  readonly prefix: string | undefined;
  /** What is missing: the bucket, the object, or any log object under the prefix. */
  readonly reason: 'NoSuchBucket' | 'NoSuchKey' | 'NoLogObjects';

  /**
   * Creates the error.
   *
   * @param details - The bucket, the key or prefix, what is missing (`reason`), the job, and extra words for the message (`detail`).
   * @param options - `cause`: the service's error.
   */
  constructor(
    details: {
      bucket: string;
      key?: string | undefined;
      prefix?: string | undefined;
      reason: 'NoSuchBucket' | 'NoSuchKey' | 'NoLogObjects';
      jobName?: string | undefined;
      /** Extra words for the message, e.g. what else was under the prefix. */
      detail?: string | undefined;
    },
    options?: ErrorOptionsWithCause,
  ) {
    const uri = `s3://${details.bucket}/${details.key ?? details.prefix ?? ''}`;
    const what =
      details.reason === 'NoSuchBucket'
        ? `S3 bucket ${details.bucket} does not exist`
        : details.reason === 'NoSuchKey'
          ? `S3 object ${details.key ?? ''} does not exist in bucket ${details.bucket}`
          : `No .txt or .log object under ${uri}`;
    super(`${what}${details.detail ? ` (${details.detail})` : ''}`, { where: [uri], jobName: details.jobName }, options);
    this.bucket = details.bucket;
    this.key = details.key;
    this.prefix = details.prefix;
    this.reason = details.reason;
  }
}

/**
 * A CloudWatch log does not exist: the log group (`NoLogGroup`), a stream named in
 * `logStreamNames` (`NoSuchStream`), or any stream of the job (`NoStreams`: nothing named
 * `<job>/...` in the group). `where` names the group and the prefix or the streams looked for.
 */
export class CloudWatchLogNotFoundError extends LogNotFoundError {
  /** The log group looked in. */
  readonly logGroupName: string;
  /** The prefix looked under (`<job>/`), when streams were looked for by job. */
  readonly logStreamNamePrefix: string | undefined;
  /** The streams looked for (and not found, for `NoSuchStream`), when streams were named. */
  readonly logStreamNames: string[] | undefined;
  /** What is missing: the log group, any stream of the job, or a stream named in `logStreamNames`. */
  readonly reason: 'NoLogGroup' | 'NoStreams' | 'NoSuchStream';

  /**
   * Creates the error.
   *
   * @param details - The log group, the prefix or the streams looked for, what is missing (`reason`) and the job.
   * @param options - `cause`: the service's error.
   */
  constructor(
    details: {
      logGroupName: string;
      logStreamNamePrefix?: string | undefined;
      logStreamNames?: string[] | undefined;
      reason: 'NoLogGroup' | 'NoStreams' | 'NoSuchStream';
      jobName?: string | undefined;
    },
    options?: ErrorOptionsWithCause,
  ) {
    const { logGroupName: group, logStreamNamePrefix: prefix, logStreamNames: names } = details;
    const streams =
      prefix !== undefined ? `streams ${prefix}*` : `stream${names?.length === 1 ? '' : 's'} ${(names ?? []).join(', ')}`;
    const what =
      details.reason === 'NoLogGroup'
        ? `CloudWatch log group ${group} does not exist`
        : details.reason === 'NoStreams'
          ? `No CloudWatch log stream named ${prefix ?? ''}* in log group ${group}` +
            (details.jobName !== undefined ? ` (training job ${details.jobName} has not written any log there)` : '')
          : `CloudWatch log ${streams} not found in log group ${group}`;
    super(what, { where: [`CloudWatch Logs ${group}, ${streams}`], jobName: details.jobName }, options);
    this.logGroupName = group;
    this.logStreamNamePrefix = prefix;
    this.logStreamNames = names;
    this.reason = details.reason;
  }
}

/**
 * A request got no answer, or its answer stopped coming, within the time allowed, on every
 * attempt. `phase` says which: `response` (no status line and headers within
 * `timeouts.firstByteMs`) or `body` (no byte of the body for `timeouts.idleMs`). Each attempt
 * that times out is retried like a dropped connection; this is what is thrown when the
 * retries run out.
 */
export class RequestTimeoutError extends SageMakerBenchError {
  /** The API operation, e.g. `GetObject`, `GetLogEvents`, `DescribeTrainingJob`. */
  readonly operation: string;
  /** What was being read or asked for, e.g. `s3://bucket/key`, a log stream, a training job. */
  readonly resource: string;
  /** Which wait ran out: `response` (no status line and headers in time) or `body` (the body stopped coming). */
  readonly phase: 'response' | 'body';
  /** The limit that was reached, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * Creates the error.
   *
   * @param details - The operation, the resource, the phase that timed out and the limit in milliseconds.
   * @param options - `cause`: the last attempt's error.
   */
  constructor(
    details: { operation: string; resource: string; phase: 'response' | 'body'; timeoutMs: number },
    options?: ErrorOptionsWithCause,
  ) {
    super(
      `${details.operation} of ${details.resource}: ` +
        (details.phase === 'response'
          ? `no response within ${details.timeoutMs} ms`
          : `the response body stopped: nothing received for ${details.timeoutMs} ms`),
      options,
    );
    this.operation = details.operation;
    this.resource = details.resource;
    this.phase = details.phase;
    this.timeoutMs = details.timeoutMs;
  }
}

/**
 * StopTrainingJob could not be done: every attempt failed, the time allowed ran out, or the
 * service refused. The job may still be running, and billing: `jobName` names it. `cause` is
 * the last error.
 */
export class JobNotStoppedError extends SageMakerBenchError {
  /** The training job that may still be running. */
  readonly jobName: string;
  /** Always false: the job was not (confirmed) stopped. */
  readonly stopped = false as const;
  /** Attempts made (each one a StopTrainingJob call, the SDK client's own retries included). */
  readonly attempts: number;
  /** Seconds spent trying. */
  readonly elapsedSeconds: number;

  /**
   * Creates the error.
   *
   * @param jobName - The training job.
   * @param details - Attempts made, seconds spent, and why it did not succeed (`why`, for the message).
   * @param options - `cause`: the last error.
   */
  constructor(jobName: string, details: { attempts: number; elapsedSeconds: number; why: string }, options?: ErrorOptionsWithCause) {
    super(
      `Training job ${jobName} may still be running: StopTrainingJob did not succeed (${details.why}; ` +
        `${plural(details.attempts, 'attempt')} in ${Math.round(details.elapsedSeconds)} s${errorCauseText(options?.cause)}). ` +
        `Stop it with stopTrainingJob, \`aws sagemaker stop-training-job --training-job-name ${jobName}\`, or the console.`,
      options,
    );
    this.jobName = jobName;
    this.attempts = details.attempts;
    this.elapsedSeconds = details.elapsedSeconds;
  }
}

/**
 * `waitForTrainingJob` could not learn the job's status for too long: every DescribeTrainingJob
 * failed (throttling, 5xx, network errors, timeouts) for `failingSeconds` in a row, past the
 * wait's `maxFailureTime`. A {@link WaitTimeoutError}: the wait gave up, and `stopped` says
 * whether the job was stopped (`stopOnTimeout`).
 */
export class JobUnreachableError extends WaitTimeoutError {
  /** DescribeTrainingJob calls that failed in a row. */
  readonly failures: number;
  /** Seconds from the first of those failures to the last. */
  readonly failingSeconds: number;

  /**
   * Creates the error.
   *
   * @param jobName - The training job.
   * @param details - Seconds waited, the failed calls in a row and the seconds they span, the last status seen, and the stop's outcome.
   * @param options - `cause`: the last DescribeTrainingJob error.
   */
  constructor(
    jobName: string,
    details: {
      waitedSeconds: number;
      failures: number;
      failingSeconds: number;
      lastStatus?: string | undefined;
      stopped?: boolean;
      stopError?: unknown;
    },
    options?: ErrorOptionsWithCause,
  ) {
    super(jobName, details, options);
    this.message =
      `Gave up waiting for training job ${jobName}: its status could not be read for ${Math.round(details.failingSeconds)} s ` +
      `(${details.failures} DescribeTrainingJob calls failed in a row${errorCauseText(options?.cause)})` +
      `${details.lastStatus ? `; last status seen ${details.lastStatus}` : ''}` +
      (details.stopped
        ? '; StopTrainingJob was called'
        : details.stopError !== undefined
          ? '; StopTrainingJob failed: the job may still be running'
          : '; the job may still be running: stop it with stopTrainingJob');
    this.failures = details.failures;
    this.failingSeconds = details.failingSeconds;
  }
}

function errorCauseText(cause: unknown): string {
  if (typeof cause !== 'object' || cause === null) return '';
  const { name, message } = cause as { name?: unknown; message?: unknown };
  const text = [typeof name === 'string' ? name : '', typeof message === 'string' ? message : ''].filter((s) => s !== '').join(': ');
  return text === '' ? '' : `; last: ${text.length > 160 ? `${text.slice(0, 159)}…` : text}`;
}

/**
 * An S3 log object was replaced by a different text while it was being read (or followed),
 * after some of its lines had been handed out: reading on would stitch two versions together.
 * (A new version that only appends to what was read is not a change: reading goes on.)
 */
export class S3ObjectChangedError extends SageMakerBenchError {
  /** The bucket of the object. */
  readonly bucket: string;
  /** The key of the object. */
  readonly key: string;
  /** The ETag of the version that was being read. */
  readonly etag: string | undefined;
  /** The ETag of the version found instead, when known. */
  readonly newEtag: string | undefined;
  /** Bytes of text of the old version read before the change was found (decompressed bytes, for `.gz`). */
  readonly offset: number;

  /**
   * Creates the error.
   *
   * @param details - The object, the old and new ETags, the offset reached, and how many times in a row it changed (`times`, for the message).
   * @param options - `cause`: the error that led to this one.
   */
  constructor(
    details: { bucket: string; key: string; etag?: string | undefined; newEtag?: string | undefined; offset: number; times?: number },
    options?: ErrorOptionsWithCause,
  ) {
    super(
      `s3://${details.bucket}/${details.key} was replaced by a different text while it was being read ` +
        `(after byte ${details.offset}; ETag ${details.etag ?? '?'} -> ${details.newEtag ?? '?'}` +
        `${details.times !== undefined ? `; replaced ${details.times} times in a row` : ''}); ` +
        `its lines so far belong to the old version. Read it again to get the new one.`,
      options,
    );
    this.bucket = details.bucket;
    this.key = details.key;
    this.etag = details.etag;
    this.newEtag = details.newEtag;
    this.offset = details.offset;
  }
}

/**
 * An S3 object's body kept ending before its size (a clean end, no error, short of the
 * Content-Length or Content-Range the server announced), on every resume.
 */
export class IncompleteObjectError extends SageMakerBenchError {
  /** The bucket of the object. */
  readonly bucket: string;
  /** The key of the object. */
  readonly key: string;
  /** `s3://bucket/key`. */
  readonly uri: string;
  /** Bytes received. */
  readonly offset: number;
  /** The size the server announced, when it did. */
  readonly size: number | undefined;

  /**
   * Creates the error.
   *
   * @param details - The object, the bytes received, the announced size, and the attempts made (for the message).
   * @param options - `cause`: the error that led to this one.
   */
  constructor(details: { bucket: string; key: string; offset: number; size: number | undefined; attempts: number }, options?: ErrorOptionsWithCause) {
    const uri = `s3://${details.bucket}/${details.key}`;
    super(
      `The body of ${uri} kept ending early: at byte ${details.offset} of ${details.size ?? '?'}, ` +
        `${plural(details.attempts, 'time')} in a row`,
      options,
    );
    this.bucket = details.bucket;
    this.key = details.key;
    this.uri = uri;
    this.offset = details.offset;
    this.size = details.size;
  }
}

/** A log object could not be decoded: a corrupt, truncated or not-really-gzip `.gz` object. */
export class LogDecodeError extends SageMakerBenchError {
  /** The bucket of the object. */
  readonly bucket: string;
  /** The key of the object. */
  readonly key: string;
  /** `s3://bucket/key`. */
  readonly uri: string;

  /**
   * Creates the error.
   *
   * @param details - The object and why it cannot be decoded (`reason`, for the message).
   * @param options - `cause`: the decompressor's error.
   */
  constructor(details: { bucket: string; key: string; reason: string }, options?: ErrorOptionsWithCause) {
    const uri = `s3://${details.bucket}/${details.key}`;
    super(`Cannot decompress ${uri}: ${details.reason}`, options);
    this.bucket = details.bucket;
    this.key = details.key;
    this.uri = uri;
  }
}

/** `readLogText`: the log holds more text than the limit set for one string in memory. */
export class LogTooLargeError extends SageMakerBenchError {
  /** The limit, in characters (UTF-16 code units, as JavaScript counts a string's length). */
  readonly maxChars: number;
  /** Characters read when the limit was passed. */
  readonly chars: number;

  /**
   * Creates the error.
   *
   * @param details - The limit and the characters read when it was passed.
   * @param options - `cause`: the error that led to this one.
   */
  constructor(details: { maxChars: number; chars: number }, options?: ErrorOptionsWithCause) {
    super(
      `The log is too large to hold as one string: more than ${details.maxChars} characters ` +
        `(readLogText keeps the whole text in memory). Stream it with for await, or write it to a file with saveLog.`,
      options,
    );
    this.maxChars = details.maxChars;
    this.chars = details.chars;
  }
}

/** A training job name that SageMaker could never accept, refused before any request is sent. */
export class InvalidJobNameError extends SageMakerBenchError {
  /** What was given (converted to a string). */
  readonly jobName: string;

  /**
   * Creates the error.
   *
   * @param jobName - What was given.
   * @param reason - What is wrong with it.
   * @param options - `cause`: the error that led to this one.
   */
  constructor(jobName: unknown, reason: string, options?: ErrorOptionsWithCause) {
    super(
      `Invalid training job name ${shortValue(typeof jobName === 'string' ? jobName : String(jobName))}: ${reason} ` +
        `(1-63 letters, digits and hyphens, starting and ending with a letter or a digit)`,
      options,
    );
    this.jobName = typeof jobName === 'string' ? jobName : String(jobName);
  }
}

/**
 * A feature needs a package that only some users install (an optional peer dependency of
 * sagemaker-bench, such as `@aws-sdk/client-pricing`), and it is not installed.
 */
export class MissingPeerDependencyError extends SageMakerBenchError {
  /** The npm package to install, e.g. `'@aws-sdk/client-pricing'`. */
  readonly packageName: string;
  /** What needed it, e.g. `'fetchTrainingPrices'`. */
  readonly feature: string;
  /**
   * Creates the error.
   *
   * @param packageName - The npm package to install.
   * @param feature - What needed it.
   * @param options - `cause`: the error loading the package gave.
   */
  constructor(packageName: string, feature: string, options?: ErrorOptionsWithCause) {
    super(`${feature} needs the optional package ${packageName}, which is not installed: npm install ${packageName}`, options);
    this.packageName = packageName;
    this.feature = feature;
  }
}

/**
 * Local mode cannot do what was asked: a command LocalSageMakerClient does not answer
 * (`commandName` set), or a job it cannot run here (no docker daemon and no `command`).
 */
export class LocalModeError extends SageMakerBenchError {
  /** The SDK command that is not supported locally, e.g. `'CreateEndpointCommand'`, when that is the problem. */
  readonly commandName: string | undefined;
  /**
   * Creates the error.
   *
   * @param message - What cannot be done locally.
   * @param details - The unsupported SDK command, when that is the problem.
   * @param options - `cause`: the error that led to this one.
   */
  constructor(message: string, details: { commandName?: string } = {}, options?: ErrorOptionsWithCause) {
    super(message, options);
    this.commandName = details.commandName;
  }
}

/**
 * A sweep's worst case is over the budget it was given (or cannot be priced, `maxUsd`
 * undefined: some job's instance type has no price). Thrown by `runSweep` before anything is
 * sent.
 */
export class BudgetExceededError extends SageMakerBenchError {
  /** The sweep's worst case in USD; undefined when a job has no price. */
  readonly maxUsd: number | undefined;
  /** The budget given (`budgetUsd`). */
  readonly budgetUsd: number;
  /** Jobs without a price, when that is why (`maxUsd` undefined). */
  readonly unpricedJobs: readonly string[];
  /**
   * Creates the error.
   *
   * @param details - The worst case in USD (undefined when a job has no price), the budget, and the jobs without a price.
   * @param options - `cause`: the error that led to this one.
   */
  constructor(details: { maxUsd: number | undefined; budgetUsd: number; unpricedJobs?: readonly string[] }, options?: ErrorOptionsWithCause) {
    const unpriced = details.unpricedJobs ?? [];
    super(
      details.maxUsd === undefined
        ? `The sweep's worst case cannot be checked against the budget of $${details.budgetUsd}: ` +
            `${unpriced.length} ${unpriced.length === 1 ? 'job has' : 'jobs have'} no price (${unpriced.slice(0, 3).join(', ')}${unpriced.length > 3 ? ', ...' : ''}). ` +
            `Pass prices to defineSweep ({ prices: await fetchTrainingPrices(...) }).`
        : `The sweep's worst case is $${details.maxUsd.toFixed(2)}, over the budget of $${details.budgetUsd}: ` +
            `nothing was launched. Lower MaxRuntime, drop cells, or raise budgetUsd.`,
      options,
    );
    this.maxUsd = details.maxUsd;
    this.budgetUsd = details.budgetUsd;
    this.unpricedJobs = unpriced;
  }
}

/**
 * A sweep journal that cannot be used: it belongs to another plan (a different name or other
 * jobs: `reason` says what differs), or a record in it is not one the journal writes.
 */
export class SweepJournalError extends SageMakerBenchError {
  /** The journal file. */
  readonly path: string;
  /** 1-based line of the record at fault, when one is. */
  readonly line: number | undefined;
  /**
   * Creates the error.
   *
   * @param path - The journal file.
   * @param message - What is wrong with it.
   * @param details - The 1-based line of the record at fault, when one is.
   * @param options - `cause`: the error that led to this one.
   */
  constructor(path: string, message: string, details: { line?: number } = {}, options?: ErrorOptionsWithCause) {
    super(`Sweep journal ${path}${details.line === undefined ? '' : ` (line ${details.line})`}: ${message}`, options);
    this.path = path;
    this.line = details.line;
  }
}

/**
 * A sweep file (the JSON form of a sweep, or a module whose default export is a plan) that
 * cannot be used: every issue at once, each with the path of the field at fault.
 */
export class SweepFileError extends SageMakerBenchError {
  /** The sweep file, as given. */
  readonly path: string;
  /** Every issue found, each with `path` (the field, e.g. `['matrix', 'batchSize', 1]`) and `code`. */
  readonly issues: ValidationIssue[];
  /**
   * Creates the error.
   *
   * @param path - The sweep file, as given.
   * @param issues - Every issue found.
   * @param options - `cause`: the error that led to this one.
   */
  constructor(path: string, issues: readonly ValidationIssue[], options?: ErrorOptionsWithCause) {
    // An issue of the whole file (not there, not JSON) has no field to point at.
    const lines = issues.map((issue) => (issue.path.length === 0 ? `${issue.severity === 'error' ? '✖' : '⚠'} ${issue.message}` : formatIssues([issue])));
    super(`Sweep file ${path}: ${issues.length === 1 ? 'one issue' : `${issues.length} issues`}\n${lines.join('\n')}`, options);
    this.path = path;
    this.issues = [...issues];
  }
}

/**
 * A client option that cannot work, found before anything is sent: `option` says which and
 * `value` holds what was given. `createClients` throws it for a malformed region
 * (`'us east 1'`, `'US-EAST-1'`, `''`), an endpoint without a scheme (`'127.0.0.1:5000'`) or
 * not an http(s) URL, a profile name that cannot be one, and a time limit of `timeouts` that is
 * not a number of milliseconds above 0 (`option: 'timeouts'`). The first request throws it when
 * no region is configured anywhere (`option: 'region'`, `value` undefined), and when the
 * profile asked for does not exist and so gives no region (`option: 'profile'`).
 * `suggestion`, when there is one, is the value that was probably meant (`'us-east-1'`,
 * `'http://127.0.0.1:5000'`).
 *
 * @example
 * ```ts
 * try {
 *   createClients({ endpoint: '127.0.0.1:5000' });
 * } catch (err) {
 *   if (err instanceof ClientConfigError) console.error(err.message); // ... did you mean http://127.0.0.1:5000?
 * }
 * ```
 */
export class ClientConfigError extends SageMakerBenchError {
  /** The option at fault. */
  readonly option: 'region' | 'endpoint' | 'profile' | 'timeouts';
  /** What was given (undefined: nothing was, e.g. no region anywhere). */
  readonly value: unknown;
  /** The value that was probably meant, when one is clear. */
  readonly suggestion: string | undefined;

  /**
   * Creates the error.
   *
   * @param option - The option at fault.
   * @param value - What was given.
   * @param message - The error's message.
   * @param details - The value that was probably meant, when one is clear.
   * @param options - `cause`: the error that led to this one.
   */
  constructor(
    option: 'region' | 'endpoint' | 'profile' | 'timeouts',
    value: unknown,
    message: string,
    details: { suggestion?: string | undefined } = {},
    options?: ErrorOptionsWithCause,
  ) {
    super(message, options);
    this.option = option;
    this.value = value;
    this.suggestion = details.suggestion;
  }
}

/** Why an endpoint did not give an AWS answer. */
export type EndpointErrorReason = 'unresolved' | 'refused' | 'not-aws';

/**
 * A request found no AWS API at the other end: its host name does not resolve (`unresolved`,
 * ENOTFOUND), the connection was refused (`refused`, ECONNREFUSED), or what answered is not an
 * AWS API (`not-aws`: an HTML page, a body no AWS protocol reads, and no AWS request id).
 * `endpoint` is the URL given with `endpoint` (or the host the SDK chose, `https://...`), and
 * `knownRegion` whether `region` is one the AWS SDK knows: a region it does not know
 * (`us-east-7`) is named in the message, with the nearest known one (`suggestedRegion`).
 *
 * Connection failures may be passing (a local server still starting), so retrying callers
 * (`waitForTrainingJob`, the log readers) keep retrying them like any network error; an answer
 * that is not AWS's is not retried.
 *
 * @example
 * ```ts
 * try {
 *   await describeTrainingJob(createClients({ region: 'us-east-7' }).sagemaker, 'my-job');
 * } catch (err) {
 *   if (err instanceof EndpointError && err.knownRegion === false) console.error(`no region ${err.region}; ${err.suggestedRegion}?`);
 * }
 * ```
 */
export class EndpointError extends SageMakerBenchError {
  /** The endpoint URL, when known: the one given, or `https://<host>` of the AWS endpoint the SDK chose. */
  readonly endpoint: string | undefined;
  /** The client's region, when it has one. */
  readonly region: string | undefined;
  /** Why there was no AWS answer: the host does not resolve, the connection was refused, or what answered is not AWS. */
  readonly reason: EndpointErrorReason;
  /** The service, as the SDK names it: `SageMaker`, `S3`, `CloudWatch Logs`, ... */
  readonly service: string;
  /** The API operation, e.g. `DescribeTrainingJob`. */
  readonly operation: string;
  /** Whether the AWS SDK knows `region`; undefined when that could not be told. */
  readonly knownRegion: boolean | undefined;
  /** The known region nearest to an unknown one (`us-east-1` for `us-east-7`). */
  readonly suggestedRegion: string | undefined;

  /**
   * Creates the error.
   *
   * @param details - What happened (`reason`, `detail`), the call (`service`, `operation`), the endpoint, and the region and what the SDK knows of it.
   * @param options - `cause`: the network or SDK error.
   */
  constructor(
    details: {
      reason: EndpointErrorReason;
      service: string;
      operation: string;
      endpoint?: string | undefined;
      /** True when the endpoint was given (`endpoint` option, AWS_ENDPOINT_URL), not chosen by the SDK. */
      custom?: boolean | undefined;
      region?: string | undefined;
      knownRegion?: boolean | undefined;
      suggestedRegion?: string | undefined;
      /** What happened, in the words of the system: `ENOTFOUND api.sagemaker.us-east-7.amazonaws.com`, `HTTP 200, text/html`. */
      detail: string;
    },
    options?: ErrorOptionsWithCause,
  ) {
    super(endpointErrorMessage(details), options);
    this.endpoint = details.endpoint;
    this.region = details.region;
    this.reason = details.reason;
    this.service = details.service;
    this.operation = details.operation;
    this.knownRegion = details.knownRegion;
    this.suggestedRegion = details.suggestedRegion;
  }
}

function endpointErrorMessage(d: ConstructorParameters<typeof EndpointError>[0]): string {
  const call = `${d.service} ${d.operation}`;
  if (d.custom === true) {
    const at = `Endpoint ${d.endpoint ?? '(custom)'}`;
    if (d.reason === 'unresolved') return `${at} does not resolve (${d.detail}): check the host name in the endpoint URL (endpoint option, --endpoint-url, AWS_ENDPOINT_URL).`;
    if (d.reason === 'refused') return `${at} refused the connection (${d.detail}): is the server (moto, LocalStack, a proxy) running and listening on that port?`;
    return (
      `${at} answered ${call} with something that is not an AWS API response (${d.detail}): ` +
      `check that the URL points at an AWS-compatible service (moto, LocalStack), not at a web page or a proxy.`
    );
  }
  const region = d.region === undefined || d.region === '' ? 'the configured region' : `region ${d.region}`;
  const happened =
    d.reason === 'unresolved'
      ? `${d.endpoint ?? `the ${d.service} endpoint`} does not resolve (${d.detail})`
      : d.reason === 'refused'
        ? `${d.endpoint ?? `the ${d.service} endpoint`} refused the connection (${d.detail})`
        : `the answer to ${call} is not from AWS (${d.detail})`;
  if (d.knownRegion === false) {
    return (
      `Unknown region ${d.region ?? ''}${d.suggestedRegion !== undefined ? ` (did you mean ${d.suggestedRegion}?)` : ''}: ${happened}. ` +
      `Use a region AWS has, e.g. us-east-1 (region option, --region, AWS_REGION or the profile's region).`
    );
  }
  if (d.reason === 'not-aws') {
    return `${capitalize(happened)} in ${region}: a proxy, firewall or captive portal may be in the way; check your network and proxy settings (HTTPS_PROXY).`;
  }
  return (
    `${capitalize(happened)} for ${call} in ${region}: check your network, DNS and proxy settings` +
    `${d.reason === 'unresolved' ? `; ${d.service} may also not be offered in ${region}` : ''}.`
  );
}

function capitalize(text: string): string {
  return text === '' ? text : text[0]!.toUpperCase() + text.slice(1);
}

/**
 * No AWS credentials could be found (the SDK's "Could not load credentials from any
 * providers"), or the profile asked for gives none. `reason` says which: `none` (nothing
 * configured anywhere: no environment variables, no profile, no instance role),
 * `profile-not-found` (`profile` is in neither ~/.aws/config nor ~/.aws/credentials;
 * `knownProfiles` lists those there), `profile-unusable` (the profile is there but gives no
 * credentials: none in it, or an SSO session that has expired). Thrown by the first request.
 *
 * @example
 * ```ts
 * try {
 *   await describeTrainingJob(createClients({ profile: 'research' }).sagemaker, 'my-job');
 * } catch (err) {
 *   if (err instanceof NoCredentialsError) console.error(err.message); // names aws configure / aws sso login
 * }
 * ```
 */
export class NoCredentialsError extends SageMakerBenchError {
  /** The profile asked for (option, or AWS_PROFILE), when one was. */
  readonly profile: string | undefined;
  /**
   * Why: nothing configured (`none`), the profile does not exist (`profile-not-found`), or it gives no credentials (`profile-unusable`).
   */
  readonly reason: 'none' | 'profile-not-found' | 'profile-unusable';
  /** The profiles of the shared config and credentials files, for `profile-not-found`. */
  readonly knownProfiles: readonly string[];

  /**
   * Creates the error.
   *
   * @param details - Why (`reason`), the profile asked for and those known, and for the message the files looked in and what the provider said.
   * @param options - `cause`: the SDK's credential provider error.
   */
  constructor(
    details: {
      reason: 'none' | 'profile-not-found' | 'profile-unusable';
      profile?: string | undefined;
      knownProfiles?: readonly string[] | undefined;
      /** The files looked in, for the message (default `~/.aws/config` and `~/.aws/credentials`). */
      files?: readonly string[] | undefined;
      /** What the SDK's credential provider said, when it said more than "none found". */
      providerMessage?: string | undefined;
    },
    options?: ErrorOptionsWithCause,
  ) {
    const profile = details.profile;
    const known = details.knownProfiles ?? [];
    const files = (details.files ?? ['~/.aws/config', '~/.aws/credentials']).join(' or ');
    const said = details.providerMessage ? ` (${details.providerMessage})` : '';
    let message: string;
    if (details.reason === 'profile-not-found' && profile !== undefined) {
      message =
        `AWS profile ${profile} is not in ${files}` +
        (known.length > 0 ? ` (profiles there: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', ...' : ''})` : ' (no profile is configured)') +
        `: create it with \`aws configure --profile ${profile}\` (or \`aws configure sso\`), or use another (--profile, AWS_PROFILE).`;
    } else if (details.reason === 'profile-unusable' && profile !== undefined) {
      message =
        `AWS profile ${profile} gives no credentials${said}: run \`aws sso login --profile ${profile}\` for an SSO profile, ` +
        `or \`aws configure --profile ${profile}\`; or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`;
    } else {
      message =
        `No AWS credentials found${said}: run \`aws configure\` (or \`aws sso login\`), set AWS_PROFILE to a configured profile, ` +
        `or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`;
    }
    super(message, options);
    this.profile = profile;
    this.reason = details.reason;
    this.knownProfiles = [...known];
  }
}

/**
 * The service refused a call for want of a permission (AccessDeniedException, AccessDenied,
 * UnauthorizedOperation, an S3 403): `action` is the IAM action to allow
 * (`sagemaker:DescribeTrainingJob`, `s3:GetObject`, `logs:GetLogEvents`,
 * `servicequotas:ListServiceQuotas`, ...; the one the service names when it names one),
 * `resource` what it was called on (the ARN the service names, or the job, object or log
 * asked for). CreateTrainingJob's own refusal is {@link AccessDeniedError} (a `LaunchError`).
 *
 * @example
 * ```ts
 * try {
 *   await readLogText(await logSourceForJob(clients, 'my-job'));
 * } catch (err) {
 *   if (err instanceof NotAuthorizedError) console.error(`ask for ${err.action} on ${err.resource}`);
 * }
 * ```
 */
export class NotAuthorizedError extends SageMakerBenchError {
  /** The IAM action that was denied, e.g. `logs:GetLogEvents`. */
  readonly action: string;
  /** What it was called on: an ARN, `s3://bucket/key`, `training job <name>`, ... */
  readonly resource: string;
  /** The service's own words, when it gave any. */
  readonly serviceMessage: string | undefined;
  /** The API operation, e.g. `GetLogEvents`. */
  readonly operation: string;
  /** The service's error code, e.g. `AccessDeniedException`. */
  readonly errorCode: string;

  /**
   * Creates the error.
   *
   * @param details - The denied action, the resource, the operation, the service's error code and message, and for the message other actions needed and the profile in use.
   * @param options - `cause`: the service's error.
   */
  constructor(
    details: {
      action: string;
      resource: string;
      operation: string;
      errorCode: string;
      serviceMessage?: string | undefined;
      /** Other actions the same feature needs, named in the message. */
      alsoNeeded?: readonly string[] | undefined;
      /** The profile in use, named in the message. */
      profile?: string | undefined;
    },
    options?: ErrorOptionsWithCause,
  ) {
    const also = details.alsoNeeded !== undefined && details.alsoNeeded.length > 0 ? ` (it also needs ${details.alsoNeeded.join(', ')})` : '';
    super(
      `Not authorized to call ${details.action} on ${details.resource}${also}: ` +
        `the credentials in use${details.profile !== undefined ? ` (profile ${details.profile})` : ''} need an IAM policy that allows it.` +
        `${details.serviceMessage ? ` Service said: ${details.serviceMessage}` : ''}`,
      options,
    );
    this.action = details.action;
    this.resource = details.resource;
    this.serviceMessage = details.serviceMessage;
    this.operation = details.operation;
    this.errorCode = details.errorCode;
  }
}

/**
 * moto, the local AWS emulator that `sagemaker-bench/testing` starts (`python3 -m moto.server`),
 * cannot be run here: the Python interpreter is missing or has no `moto[server]`. Thrown by
 * `startMoto()`; `motoAvailable()` gives the same `reason` without throwing, to skip tests.
 *
 * @example
 * ```ts
 * import { MotoNotAvailableError, startMoto } from 'sagemaker-bench/testing';
 *
 * try {
 *   await startMoto();
 * } catch (err) {
 *   if (err instanceof MotoNotAvailableError) console.error(`${err.python}: ${err.reason}`);
 *   else throw err;
 * }
 * ```
 */
export class MotoNotAvailableError extends SageMakerBenchError {
  /** The Python interpreter that was tried (`python3`, or `SAGEMAKER_BENCH_PYTHON`, or the `python` option). */
  readonly python: string;
  /** What is missing and how to install it (it names `pip install "moto[server]"`). */
  readonly reason: string;
  /**
   * Creates the error.
   *
   * @param python - The Python interpreter that was tried.
   * @param reason - What is missing and how to install it.
   * @param options - `cause`: the error running Python gave, if any.
   */
  constructor(python: string, reason: string, options?: ErrorOptionsWithCause) {
    super(`moto is not available: ${reason}`, options);
    this.python = python;
    this.reason = reason;
  }
}

/**
 * A moto server started by `sagemaker-bench/testing` did not do what was asked: it exited or
 * never answered while starting, found no free port, or refused a reset. `stderr` is the end
 * of the server's own output (a Python traceback, say).
 *
 * @example
 * ```ts
 * import { MotoServerError, startMoto } from 'sagemaker-bench/testing';
 *
 * const moto = await startMoto().catch((err: unknown) => {
 *   if (err instanceof MotoServerError) console.error(err.reason, err.stderr);
 *   throw err;
 * });
 * ```
 */
export class MotoServerError extends SageMakerBenchError {
  /**
   * `exited`: the process ended before answering; `no-answer`: it did not answer within the
   * start timeout (it was stopped); `no-free-port`: every port tried was taken; `reset-failed`:
   * `POST /moto-api/reset` was refused.
   */
  readonly reason: 'exited' | 'no-answer' | 'no-free-port' | 'reset-failed';
  /** The port the server was started on. */
  readonly port: number;
  /** The last part (at most 16 KiB) of the server's stderr; `''` when it wrote nothing. */
  readonly stderr: string;
  /** The process's exit code, when it exited by itself. */
  readonly exitCode: number | null;
  /**
   * Creates the error.
   *
   * @param message - The error's message.
   * @param details - What went wrong (`reason`), the port, and the end of the server's stderr and its exit code, when known.
   * @param options - `cause`: the error that led to this one.
   */
  constructor(
    message: string,
    details: { reason: MotoServerError['reason']; port: number; stderr?: string; exitCode?: number | null },
    options?: ErrorOptionsWithCause,
  ) {
    super(message, options);
    this.reason = details.reason;
    this.port = details.port;
    this.stderr = details.stderr ?? '';
    this.exitCode = details.exitCode ?? null;
  }
}

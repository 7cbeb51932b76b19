/**
 * sagemaker-bench: typed, validated SageMaker training jobs from TypeScript.
 *
 * Importing this module loads no AWS client: the builder and presets are pure, and the code that
 * talks to AWS loads the SDK when it first runs.
 *
 * @example
 * ```ts
 * import { cifarResnet50, jobName } from 'sagemaker-bench';
 *
 * const request = cifarResnet50({ image, role, outputPath: 's3://my-bucket/', batchSize: 512, epochs: 5 })
 *   .name(jobName({ model: 'resnet50', instanceType: 'ml.p3.8xlarge', batchSize: 512, epochs: 5, unique: true }))
 *   .build();
 * ```
 * @module sagemaker-bench
 */

// builder
export {
  TrainingJobBuilder,
  type ChannelOptions,
  type CreateTrainingJobRequest,
  type InputMode,
  type InstanceOptions,
  type OutputOptions,
  type SafeBuildResult,
  type SpotOptions,
  type VpcOptions,
} from './builder/TrainingJobBuilder';
export {
  MAX_RUNTIME_LIMIT_SECONDS,
  VALIDATION_ISSUE_CODES,
  validateCreateTrainingJob,
  type ValidateOptions,
  type ValidationIssueCode,
} from './builder/validateCreateTrainingJob';
export { BOTOCORE_VERSION, TRAINING_INSTANCE_TYPES } from './builder/generated/createTrainingJobModel';
export { jobName, type JobNameConfig, type JobNameFromJobConfig, type NamedJob } from './builder/jobName';
export { toAwsCliCommand, type AwsCliCommandFormat, type AwsCliCommandOptions } from './builder/toAwsCliCommand';
export { getInstanceSpec, instanceCatalog, type AcceleratorSpec, type InstanceSpec } from './builder/instanceCatalog';

// presets
export { cifarResnet50, mnistCnn, seismicFcn, type PresetOptions, type SeismicFcnOptions } from './presets/index';
/**
 * The presets as one object: `presets.cifarResnet50`, `presets.mnistCnn`, `presets.seismicFcn`.
 *
 * @example
 * ```ts
 * import { presets } from 'sagemaker-bench';
 *
 * const builder = presets.mnistCnn({ image, role, outputPath: 's3://my-bucket/' });
 * ```
 */
export * as presets from './presets/index';

// jobs
export type { Clients } from './jobs/Clients';
export { createClients, type ClientTimeouts, type CreateClientsOptions, type CredentialsOption } from './jobs/createClients';
export { launchTrainingJob, type BuildsCreateTrainingJob, type LaunchedTrainingJob, type LaunchOptions } from './jobs/launchTrainingJob';
export { describeTrainingJob, type DescribeOptions } from './jobs/describeTrainingJob';
export { stopTrainingJob, type StopOptions } from './jobs/stopTrainingJob';
export { waitForTrainingJob, type TrainingJobPollErrorEvent, type WaitOptions } from './jobs/waitForTrainingJob';
export type { RequestTimeouts } from './internal/requestTimeouts';
export type { RetryOptions } from './internal/withRetry';
export { summarizeTrainingJob, type TrainingJobPhase, type TrainingJobSummary } from './jobs/summarizeTrainingJob';
export { formatStatusEvent, type TrainingJobStatusEvent } from './jobs/TrainingJobStatusEvent';

// logs
export type { FollowOptions, LogEvent, LogSource, ReadOptions } from './logs/LogSource';
export { CloudWatchLogSource, type CloudWatchLogSourceOptions } from './logs/CloudWatchLogSource';
export { RateLimiter, type RateLimiterOptions } from './logs/RateLimiter';
export { S3TextLogSource, type S3TextLogSourceOptions } from './logs/S3TextLogSource';
export { logSourceForJob, type LogSourceForJobOptions } from './logs/logSourceForJob';
export { readLogText, type ReadLogTextOptions } from './logs/readLogText';
export { saveLog, type SaveLogOptions, type SaveLogResult } from './logs/saveLog';
export { parseS3Uri, type S3Location, type S3ObjectLocation, type S3PrefixLocation } from './logs/parseS3Uri';

// metrics
export { parseTrainingLog, type JobWithMetricDefinitions, type ParseTrainingLogOptions, type TrainingLogInput } from './metrics/parseTrainingLog';
export { TrainingLogParser, type MetricDefinition, type TrainingLogParserOptions } from './metrics/TrainingLogParser';
export type { EpochMetrics, MetricPoint, TrainingLogFormat, TrainingMetrics } from './metrics/TrainingMetrics';

// cost
export type { InstancePrice, PriceCatalog } from './cost/PriceCatalog';
export { BUILT_IN_PRICES_AS_OF, UNPRICED_INSTANCE_TYPES, builtInTrainingPrices } from './cost/builtInTrainingPrices';
export { instancePrice, type InstancePriceOptions } from './cost/instancePrice';
export {
  estimateTrainingCost,
  SERVICE_DEFAULT_MAX_RUNTIME_SECONDS,
  type CostedJob,
  type CostEstimate,
  type CostEstimateGroup,
  type EstimateTrainingCostOptions,
} from './cost/estimateTrainingCost';
export { trainingJobCost, type TrainingJobCost, type TrainingJobCostOptions } from './cost/trainingJobCost';
export { fetchTrainingPrices, type FetchTrainingPricesOptions } from './cost/fetchTrainingPrices';

// local
export { LocalSageMakerClient, type LocalSageMakerClientOptions } from './local/LocalSageMakerClient';
export { createLocalClients } from './local/createLocalClients';

// sweep
export { defineSweep, type DefineSweepOptions, type SweepMatrix } from './sweep/defineSweep';
export type { SweepCell, SweepIssue, SweepJob, SweepPlan } from './sweep/SweepPlan';
export { runSweep, type RunSweepOptions } from './sweep/runSweep';
export { readSweepJournal } from './sweep/readSweepJournal';
export type { SweepJobResult, SweepJobStatus, SweepResult } from './sweep/SweepResult';
export type { SweepEvent, SweepEventType } from './sweep/SweepEvent';
export { fetchTrainingQuotas, type FetchTrainingQuotasOptions } from './sweep/fetchTrainingQuotas';
export { loadSweepFile, type LoadSweepFileOptions } from './sweep/loadSweepFile';
export { parseSweepFile, SWEEP_FILE_ISSUE_CODES, type ParseSweepFileOptions, type SweepFileIssueCode } from './sweep/parseSweepFile';
export type {
  LocalSweepOptions,
  SweepFile,
  SweepFileExclude,
  SweepFileJson,
  SweepFileLocal,
  SweepFileLocalDefaults,
  SweepFilePreset,
  SweepFilePresetOptions,
} from './sweep/SweepFile';

// report
export { sweepReport, type SweepReportFormat, type SweepReportOptions } from './report/sweepReport';
export { SWEEP_CHART_KINDS, sweepChart, type SweepChartKind, type SweepChartOptions } from './report/sweepChart';
export { sweepTable, type SweepTableOptions } from './report/sweepTable';
export { SWEEP_CSV_COLUMNS, type SweepCsvColumn } from './report/sweepCsvColumns';
export type {
  SweepReportJson,
  SweepReportJsonConfiguration,
  SweepReportJsonJob,
  SweepReportJsonNumber,
  SweepReportJsonSpread,
  SweepReportJsonSweep,
} from './report/SweepReportJson';
export type {
  ConfigurationTargetOutcome,
  JobTargetOutcome,
  ResolvedSweepTarget,
  SecondsPerEpochSource,
  SpreadStats,
  SweepConfigurationRow,
  SweepJobRow,
  SweepTarget,
} from './report/SweepTableRow';

// errors
export {
  AccessDeniedError,
  BudgetExceededError,
  ClientConfigError,
  CloudWatchLogNotFoundError,
  EndpointError,
  IncompleteObjectError,
  InvalidJobNameError,
  InvalidS3UriError,
  JobNameInUseError,
  JobNotStoppedError,
  JobUnreachableError,
  LaunchError,
  LogDecodeError,
  LogNotFoundError,
  LocalModeError,
  LogTooLargeError,
  MissingPeerDependencyError,
  MotoNotAvailableError,
  MotoServerError,
  NoCredentialsError,
  NotAuthorizedError,
  RequestTimeoutError,
  ResourceLimitError,
  S3LogNotFoundError,
  S3ObjectChangedError,
  SageMakerBenchError,
  SweepFileError,
  SweepJournalError,
  ServiceValidationError,
  TrainingJobFailedError,
  TrainingJobNotFoundError,
  TrainingJobStoppedError,
  ValidationError,
  WaitTimeoutError,
  formatIssues,
  formatPath,
  type EndpointErrorReason,
  type ErrorOptionsWithCause,
  type ValidationIssue,
} from './errors';

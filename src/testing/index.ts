/**
 * `sagemaker-bench/testing`: test your own scripts the way sagemaker-bench tests itself, with
 * the real AWS SDK clients against local servers on 127.0.0.1, never AWS. Works with any test
 * runner (vitest, jest, node:test): nothing here imports one.
 *
 * - {@link startMoto} / {@link motoAvailable}: moto (`pip install "moto[server]"`), a local
 *   S3, CloudWatch Logs and SageMaker, with ready {@link MotoServer.clients}.
 * - {@link seedTrainingJob}, {@link seedBucket}, {@link seedLogStream}: a finished training job
 *   and the logs it wrote, for `logSourceForJob`, `readLogText`, `parseTrainingLog`, ...
 * - {@link startFaultProxy} with {@link tenPercentFaults} / {@link faultMix}: throttling, 5xx,
 *   connection resets, silent servers and rate quotas between your code and moto, seeded.
 *
 * Importing `sagemaker-bench` never loads this module. See {@link https://github.com/sagemaker-bench/sagemaker-bench/blob/main/docs/testing.md | docs/testing.md}.
 *
 * @example
 * ```ts
 * import { logSourceForJob, readLogText } from 'sagemaker-bench';
 * import { seedTrainingJob, startMoto } from 'sagemaker-bench/testing';
 *
 * const moto = await startMoto();
 * await seedTrainingJob(moto.clients, {
 *   TrainingJobName: 'my-job',
 *   AlgorithmSpecification: { TrainingImage: 'my-image:latest', TrainingInputMode: 'File' },
 *   RoleArn: 'arn:aws:iam::123456789012:role/SageMakerRole',
 *   OutputDataConfig: { S3OutputPath: 's3://my-bucket/' },
 *   ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 10 },
 *   StoppingCondition: { MaxRuntimeInSeconds: 3600 },
 * }, { s3Log: 'epoch 1\nepoch 2\n' });
 * console.log(await readLogText(await logSourceForJob(moto.clients, 'my-job'))); // 'epoch 1\nepoch 2'
 * await moto.stop();
 * ```
 * @module sagemaker-bench/testing
 */

// moto
export { motoAvailable, type MotoAvailability, type MotoAvailableOptions } from './motoAvailable';
export { startMoto, type StartMotoOptions } from './startMoto';
export type { MotoServer } from './MotoServer';
export { clientsFor, type ClientsForOptions } from './clientsFor';
export { fakeCredentials } from './fakeCredentials';

// seeding
export { seedBucket } from './seedBucket';
export { seedLogStream, type SeedLogEvent, type SeedLogLines, type SeedLogStreamOptions, type SeededLogStream } from './seedLogStream';
export { seedTrainingJob, type SeededTrainingJob, type SeedTrainingJobOptions } from './seedTrainingJob';

// faults
export { startFaultProxy, type FaultProxyOptions } from './startFaultProxy';
export type { FaultProxy, FaultProxyStats } from './FaultProxy';
export type { FaultInfo, FaultKind, FaultRule, QuotaRule } from './FaultRule';
export { faultMix, tenPercentFaults, type FaultRates } from './faultMixes';

// errors
export { MotoNotAvailableError, MotoServerError } from '../index';

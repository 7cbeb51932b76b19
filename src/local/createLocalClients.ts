/**
 * The {@link Clients} of local mode.
 *
 * @module
 */
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Clients } from '../jobs/Clients';
import { logsSdk, s3Sdk } from '../internal/sdk';
import { LocalSageMakerClient, type LocalSageMakerClientOptions } from './LocalSageMakerClient';

/**
 * {@link Clients} whose `sagemaker` is a {@link LocalSageMakerClient}: hand them to the same code
 * that runs jobs on SageMaker (`launchTrainingJob`, `waitForTrainingJob`, `logSourceForJob`, a
 * sweep) and the jobs run on this machine. `s3` is `options.s3` when given (for `s3://`
 * channels and outputs, e.g. a client of moto or of your bucket), else a default S3 client that
 * is only used if a job names an `s3://` URI; `logs` is a CloudWatch Logs client that local
 * jobs never call (their log is captured locally).
 *
 * @example
 * ```ts
 * import { createLocalClients, logSourceForJob, readLogText } from 'sagemaker-bench';
 *
 * const clients = createLocalClients({ command: ['python3', 'examples/local/train.py'] });
 * const log = await readLogText(await logSourceForJob(clients, 'mnist-local-1'));
 * ```
 */
export function createLocalClients(options: LocalSageMakerClientOptions = {}): Clients & { sagemaker: SageMakerClient } {
  const s3 = options.s3 ?? new (s3Sdk().S3Client)({});
  const local = new LocalSageMakerClient({ ...options, s3 });
  return {
    sagemaker: local as unknown as SageMakerClient,
    s3,
    logs: new (logsSdk().CloudWatchLogsClient)({}),
  };
}

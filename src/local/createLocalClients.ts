/**
 * The {@link Clients} of local mode.
 *
 * @module
 */
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Clients } from '../jobs/Clients';
import { logsSdk, s3Sdk } from '../internal/sdk';
import { printableClients } from '../jobs/internal/printableClients';
import { LocalSageMakerClient, type LocalSageMakerClientOptions } from './LocalSageMakerClient';

/**
 * {@link Clients} whose `sagemaker` is a {@link LocalSageMakerClient}: hand them to the same code
 * that runs jobs on SageMaker (`launchTrainingJob`, `waitForTrainingJob`, `logSourceForJob`, a
 * sweep) and the jobs run on this machine. `s3` is `options.s3` when given (for `s3://`
 * channels and outputs, e.g. a client of moto or of your bucket), else a default S3 client that
 * is only used if a job names an `s3://` URI; `logs` is a CloudWatch Logs client that local
 * jobs never call (their log is captured locally). In a REPL or a notebook the object prints as
 * one line: `Clients(local, runtime process, command python3 train.py, work dir ...) { ... }`.
 *
 * @example
 * ```ts
 * import { createLocalClients, logSourceForJob, readLogText } from 'sagemaker-bench';
 *
 * const clients = createLocalClients({ command: ['python3', 'examples/local/train.py'] });
 * const log = await readLogText(await logSourceForJob(clients, 'mnist-local-1'));
 * ```
 */
export function createLocalClients(options: LocalSageMakerClientOptions = {}): Clients {
  const s3 = options.s3 ?? new (s3Sdk().S3Client)({});
  const local = new LocalSageMakerClient({ ...options, s3 });
  const clients = {
    sagemaker: local as unknown as SageMakerClient,
    s3,
    logs: new (logsSdk().CloudWatchLogsClient)({}),
  };
  // One line in a REPL or a notebook (util.inspect, String()); still a plain { sagemaker, s3, logs }.
  return printableClients(clients, localClientsLine(options, local.workDir));
}

/** `Clients(local, runtime process, command python3 train.py, work dir /tmp/w) { sagemaker: LocalSageMakerClient, s3, logs }`. */
function localClientsLine(options: LocalSageMakerClientOptions, workDir: string): string {
  const parts = ['local', `runtime ${options.runtime ?? 'auto'}`];
  if (options.command !== undefined) parts.push(`command ${options.command.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ')}`);
  parts.push(`work dir ${workDir}`);
  if (options.s3 !== undefined) parts.push('s3 client given');
  return `Clients(${parts.join(', ')}) { sagemaker: LocalSageMakerClient, s3, logs }`;
}

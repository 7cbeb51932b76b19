import type { DescribeTrainingJobCommandOutput } from '@aws-sdk/client-sagemaker';
import { formatSeconds } from '../internal/formatSeconds';

/**
 * What `waitForTrainingJob` tells `onStatus` each time it sees the job's status or secondary
 * status change (and once for the status it first sees).
 */
export interface TrainingJobStatusEvent {
  /** The training job. */
  jobName: string;
  /** `InProgress`, `Completed`, `Failed`, `Stopping` or `Stopped`. */
  status: string;
  /**
   * The phase: `Starting`, `Downloading`, `Training`, `Uploading`, then `Completed`, `Failed`,
   * `Stopping`, `Stopped`, `MaxRuntimeExceeded` (the service stopped the job at its
   * MaxRuntimeInSeconds: status `Stopped`, the work unfinished) or `MaxWaitTimeExceeded` (spot).
   */
  secondaryStatus: string;
  /** The service's message for this phase (e.g. "Downloading input data"), or the failure reason. */
  statusMessage?: string;
  /** When the job entered this phase, by the service's clock (the time the waiter saw it if the service does not say). */
  time: Date;
  /** Seconds from the job's creation to `time`. */
  secondsSinceCreation?: number;
  /** The DescribeTrainingJob output the change was seen in. */
  description: DescribeTrainingJobCommandOutput;
}

/**
 * One status line for an event: `14:02:11 resnet50-p3-gpu4-b512-e2 InProgress/Training +4m12s Training image download completed. Training in progress.`
 * (time in UTC).
 *
 * @example
 * ```ts
 * import { formatStatusEvent, waitForTrainingJob } from 'sagemaker-bench';
 *
 * await waitForTrainingJob(sagemaker, name, { onStatus: (e) => console.log(formatStatusEvent(e)) });
 * ```
 */
export function formatStatusEvent(event: TrainingJobStatusEvent): string {
  const clock = event.time.toISOString().slice(11, 19);
  const since = event.secondsSinceCreation === undefined ? '' : ` +${formatSeconds(event.secondsSinceCreation)}`;
  const message = event.statusMessage ? ` ${event.statusMessage}` : '';
  return `${clock} ${event.jobName} ${event.status}/${event.secondaryStatus}${since}${message}`;
}

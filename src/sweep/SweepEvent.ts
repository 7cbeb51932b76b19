/**
 * The progress events of a running sweep. Types only.
 *
 * @module
 */
import type { SweepJobResult, SweepJobStatus } from './SweepResult';

/**
 * What {@link runSweep} tells its `onEvent` callback, one event at a time:
 *
 * - `queued`: a job waits for a slot: `reason` says which limit (`quota`: the account's limit
 *   for its instance type was reached; `concurrency`: `maxConcurrent`; `throttled`: its create
 *   was throttled past every retry and is tried again later).
 * - `launched`: CreateTrainingJob succeeded (`resumed`: the job was found running from a journal).
 * - `status`: the job's status or phase changed.
 * - `ended`: the job reached Completed, Failed or Stopped (or could not be launched).
 * - `result`: its log, metrics and cost were collected.
 * - `stopped`: the sweep asked SageMaker to stop it (on abort).
 */
export type SweepEvent =
  | {
      /** The job waits for a slot. */
      type: 'queued';
      /** The job the event is about. */
      jobName: string;
      /** When it happened. */
      at: Date;
      /** Which limit: the account's quota for its instance type, `maxConcurrent`, or throttling past every retry. */
      reason: 'quota' | 'concurrency' | 'throttled';
      /** The job's instance type. */
      instanceType: string;
      /** The wait, in words. */
      message: string;
    }
  | {
      /** CreateTrainingJob succeeded (or the job was found running). */
      type: 'launched';
      /** The job the event is about. */
      jobName: string;
      /** When it happened. */
      at: Date;
      /** The job's ARN. */
      arn: string;
      /** The job was found running from a journal, not created now. */
      resumed: boolean;
    }
  | {
      /** The job's status or phase changed. */
      type: 'status';
      /** The job the event is about. */
      jobName: string;
      /** When it happened. */
      at: Date;
      /** TrainingJobStatus: `InProgress`, `Completed`, `Failed`, `Stopping` or `Stopped`. */
      status: string;
      /** SecondaryStatus: the phase (`Starting`, `Downloading`, `Training`, ...). */
      secondaryStatus?: string;
      /** The service's message for the phase. */
      message?: string;
    }
  | {
      /** The job reached Completed, Failed or Stopped (or could not be launched). */
      type: 'ended';
      /** The job the event is about. */
      jobName: string;
      /** When it happened. */
      at: Date;
      /** Where it ended. */
      status: SweepJobStatus;
      /** Why it failed, was stopped, or was not launched. */
      failureReason?: string;
    }
  | {
      /** The job's log, metrics and cost were collected. */
      type: 'result';
      /** The job the event is about. */
      jobName: string;
      /** When it happened. */
      at: Date;
      /** The job's result, as it will be in the sweep's. */
      result: SweepJobResult;
    }
  | {
      /** The sweep asked SageMaker to stop the job (on abort). */
      type: 'stopped';
      /** The job the event is about. */
      jobName: string;
      /** When it happened. */
      at: Date;
      /** Why the sweep stopped it. */
      reason: string;
    };

/** The `type` of a {@link SweepEvent}. */
export type SweepEventType = SweepEvent['type'];

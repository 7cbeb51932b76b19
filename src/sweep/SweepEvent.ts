/**
 * The progress events of a running sweep. Types only.
 *
 * @module
 */
import type { SweepJobResult, SweepJobStatus } from './SweepResult';

interface EventBase {
  jobName: string;
  /** When it happened. */
  at: Date;
}

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
  | (EventBase & { type: 'queued'; reason: 'quota' | 'concurrency' | 'throttled'; instanceType: string; message: string })
  | (EventBase & { type: 'launched'; arn: string; resumed: boolean })
  | (EventBase & { type: 'status'; status: string; secondaryStatus?: string; message?: string })
  | (EventBase & { type: 'ended'; status: SweepJobStatus; failureReason?: string })
  | (EventBase & { type: 'result'; result: SweepJobResult })
  | (EventBase & { type: 'stopped'; reason: string });

/** The `type` of a {@link SweepEvent}. */
export type SweepEventType = SweepEvent['type'];

import { describe, expect, it } from 'vitest';
import { formatStatusEvent, type TrainingJobStatusEvent } from '../../src/jobs/TrainingJobStatusEvent';
import { createdAt, describedAfter, jobName, phases } from './fixtures';

function event(overrides: Partial<TrainingJobStatusEvent>): TrainingJobStatusEvent {
  return {
    jobName,
    status: 'InProgress',
    secondaryStatus: 'Training',
    time: new Date(createdAt.getTime() + 252_000),
    secondsSinceCreation: 252,
    statusMessage: 'Training image download completed. Training in progress.',
    description: describedAfter(phases.training),
    ...overrides,
  };
}

describe('formatStatusEvent', () => {
  it('writes the UTC time, the job, both statuses, the time since creation and the message on one line', () => {
    expect(formatStatusEvent(event({}))).toBe(
      `09:04:12 ${jobName} InProgress/Training +4m12s Training image download completed. Training in progress.`,
    );
  });

  it('writes hours for long jobs and leaves out what the event lacks', () => {
    const line = formatStatusEvent(
      event({ status: 'Completed', secondaryStatus: 'Completed', secondsSinceCreation: 3 * 3600 + 65, statusMessage: undefined }),
    );

    expect(line).toBe(`09:04:12 ${jobName} Completed/Completed +3h01m05s`);
  });

  it('omits the elapsed time when the creation time is unknown', () => {
    expect(formatStatusEvent(event({ secondsSinceCreation: undefined, statusMessage: undefined }))).toBe(
      `09:04:12 ${jobName} InProgress/Training`,
    );
  });
});

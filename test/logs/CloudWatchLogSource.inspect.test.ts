/** How a CloudWatchLogSource prints in a REPL or a notebook (util.inspect, String()). */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CloudWatchLogSource } from '../../src/logs/CloudWatchLogSource';
import { FakeCloudWatchLogs, makeEvents } from './fakeCloudWatchLogs';

const GROUP = '/aws/sagemaker/TrainingJobs';
const fast = { requestsPerSecond: Infinity, retry: { baseDelayMs: 1, maxDelayMs: 2 } } as const;

describe('CloudWatchLogSource in a REPL', () => {
  it("says the group and the job's streams it reads, and sends nothing to say it", () => {
    const fake = new FakeCloudWatchLogs();
    const source = new CloudWatchLogSource({ client: fake.asClient(), jobName: 'resnet50-p3-gpu4-b512-e2' });
    expect(inspect(source)).toBe('CloudWatchLogSource(/aws/sagemaker/TrainingJobs, resnet50-p3-gpu4-b512-e2/*)');
    expect(String(source)).toBe(inspect(source));
    expect(fake.calls).toHaveLength(0);
  });

  it('adds how many streams it found once a read has listed them', async () => {
    const fake = new FakeCloudWatchLogs();
    for (const host of [1, 2, 3]) fake.put(GROUP, `job-a/algo-${host}-1700000000`, makeEvents(`job-a/algo-${host}-1700000000`, 2));
    const source = new CloudWatchLogSource({ client: fake.asClient(), jobName: 'job-a', ...fast });
    let events = 0;
    for await (const _event of source.read()) events++;
    expect(events).toBe(6);
    expect(String(source)).toBe('CloudWatchLogSource(/aws/sagemaker/TrainingJobs, job-a/*, 3 streams)');
  });

  it('names the streams it was given, the first two of many', () => {
    const client = new FakeCloudWatchLogs().asClient();
    expect(String(new CloudWatchLogSource({ client, logStreamNames: ['j/algo-1-1'], logGroupName: '/my/group' }))).toBe('CloudWatchLogSource(/my/group, 1 stream: j/algo-1-1)');
    const many = new CloudWatchLogSource({ client, logStreamNames: ['j/algo-1-1', 'j/algo-2-1', 'j/algo-3-1', 'j/algo-4-1'] });
    expect(inspect(many)).toBe('CloudWatchLogSource(/aws/sagemaker/TrainingJobs, 4 streams: j/algo-1-1, j/algo-2-1, ...)');
  });

  it('prints in one line inside other values', () => {
    const source = new CloudWatchLogSource({ client: new FakeCloudWatchLogs().asClient(), jobName: 'job-a' });
    expect(inspect({ source })).toBe('{ source: CloudWatchLogSource(/aws/sagemaker/TrainingJobs, job-a/*) }');
  });
});

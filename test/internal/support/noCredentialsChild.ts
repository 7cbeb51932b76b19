/**
 * One DescribeTrainingJob through createClients, in a process of its own (its environment is
 * the test's to set: HOME, AWS_*), and what it failed with as one JSON line on stdout:
 * `{ name, message, reason, option, profile, ms }`, `ms` from the call to the failure.
 *
 *   tsx test/internal/support/noCredentialsChild.ts <endpoint> '<createClients options as JSON>'
 */
import { createClients } from '../../../src/jobs/createClients';
import { describeTrainingJob } from '../../../src/jobs/describeTrainingJob';

const [endpoint, optionsJson = '{}'] = process.argv.slice(2);
const options = JSON.parse(optionsJson) as { region?: string; profile?: string };
const { sagemaker } = createClients({ endpoint, ...options });
const started = performance.now();
try {
  await describeTrainingJob(sagemaker, 'my-job');
  process.stdout.write(`${JSON.stringify({ name: 'none', ms: performance.now() - started })}\n`);
} catch (error) {
  const e = error as { name?: string; message?: string; reason?: string; option?: string; profile?: string };
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ name: e.name, message: e.message, reason: e.reason, option: e.option, profile: e.profile, ms })}\n`);
}
sagemaker.destroy();

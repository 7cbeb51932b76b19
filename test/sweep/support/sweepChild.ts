/**
 * A sweep in a child process, for the kill-and-resume tests: runs the fixture plan on the
 * journal given, against the endpoints given, printing each event as a JSON line.
 *
 *   tsx test/sweep/support/sweepChild.ts <sagemaker-endpoint> <moto-endpoint> <journal> [plan-options-json]
 *
 * Exits 0 when the sweep settles; SIGTERM aborts it (the sweep stops its jobs, then exits 0).
 */
import { runSweep } from '../../../src/sweep/runSweep';
import { fixtureClients, fixturePlan } from './sweepFixture';

const [sagemakerEndpoint, motoEndpoint, journal, planOptions] = process.argv.slice(2);
if (!sagemakerEndpoint || !motoEndpoint || !journal) {
  console.error('usage: sweepChild.ts <sagemaker-endpoint> <moto-endpoint> <journal> [plan-options-json]');
  process.exit(2);
}
const controller = new AbortController();
process.on('SIGTERM', () => controller.abort());
const plan = fixturePlan(planOptions ? JSON.parse(planOptions) : {});
const result = await runSweep(plan, {
  clients: fixtureClients(sagemakerEndpoint, motoEndpoint),
  journal,
  seed: 7,
  pollSeconds: 0.1,
  signal: controller.signal,
  onEvent: (event) => process.stdout.write(`${JSON.stringify({ type: event.type, jobName: event.jobName })}\n`),
});
process.stdout.write(`${JSON.stringify({ type: 'done', aborted: result.aborted, jobs: result.jobs.length })}\n`);

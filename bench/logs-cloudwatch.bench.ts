/**
 * CloudWatch log throughput: two training logs seeded into moto, a 2-instance job (2 streams x
 * 100,000 events) and a 1-instance job (1 stream x 200,000 events), of realistic 80-120 byte
 * lines with increasing timestamps, read through the fault proxy with 250 ms added to every
 * request (about what a full 1 MB GetLogEvents page costs over the internet), by:
 *
 * - CloudWatchLogSource.read() (default options: 10 requests/s, 6 in flight). It plans its time
 *   slices from the first page of each stream and DescribeLogStreams' first/last event times,
 *   never from `storedBytes` (moto fills it, AWS reports 0), so this is the path AWS takes;
 * - baseline (a): a plain sequential GetLogEvents loop with the SDK, stream after stream,
 *   stopping when the same token comes back (after one DescribeLogStreams to find the streams);
 * - baseline (b): the seed's way, one `aws logs get-log-events` CLI call per page from a bash
 *   loop (jq for the token), where `aws` is installed. It takes over a second per page, so it
 *   runs over the first pages of each stream only and the table says so; its rate is projected
 *   to the whole log, no more.
 *
 * Every run is a fresh plain-node child process (its peak RSS is its own) on an esbuild bundle of
 * the source; runs are interleaved (each reader as often early as late); best and median are
 * reported. Each run counts events and UTF-8 bytes (message + newline, what saveLog writes) and
 * checks them, and an order-independent checksum, against the seeded log; the source's output
 * is also checked to be in timestamp order. Seeding goes straight to moto (not through the
 * proxy). moto and the proxy are stopped at the end, the bundle removed.
 *
 * BENCH_CW_ROUNDS sets the rounds (default 3), BENCH_CW_CLI_PAGES the CLI's pages per stream
 * (default 3, 0 to skip it).
 */
import { spawn, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prng } from '../test/support/prng';
import { bundleForChild } from './support/bundleForChild';

const MB = 1024 * 1024;
const LATENCY_MS = 250;
const GROUP = '/aws/sagemaker/TrainingJobs';
const CHILD_TIMEOUT_MS = 150_000;

type Reader = 'source' | 'sdk';

interface RunResult {
  reader: Reader;
  events: number;
  bytes: number;
  checksum: number;
  ordered: boolean;
  ms: number;
  cpuMs: number;
  maxRssMB: number;
  requests?: number;
}

interface Log {
  label: string;
  job: string;
  streams: string[];
  eventsPerStream: number;
  /** Filled while seeding. */
  events: number;
  bytes: number;
  checksum: number;
}

// ---------------------------------------------------------------------------------------------
// Child: one read in a fresh plain `node` process, then a JSON line on stdout.
// ---------------------------------------------------------------------------------------------

const RUNNER = `
import { CloudWatchLogsClient, DescribeLogStreamsCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
const [reader, endpoint, group, job, bundle] = process.argv.slice(2);
const client = new CloudWatchLogsClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const hash = (s) => { let h = 0x811c9dc5; for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619); return h >>> 0; };
let events = 0, bytes = 0, checksum = 0, ordered = true, last = -Infinity;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
if (reader === 'sdk') {
  const streams = [];
  let nextToken;
  do {
    const page = await client.send(new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: job + '/', nextToken }));
    for (const s of page.logStreams ?? []) streams.push(s.logStreamName);
    nextToken = page.nextToken;
  } while (nextToken);
  for (const logStreamName of streams) {
    let token;
    for (;;) {
      const page = await client.send(new GetLogEventsCommand({ logGroupName: group, logStreamName, startFromHead: true, nextToken: token }));
      for (const e of page.events ?? []) { events++; bytes += Buffer.byteLength(e.message) + 1; checksum = (checksum + hash(e.message)) >>> 0; }
      if (page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
  }
} else {
  const { CloudWatchLogSource } = await import(bundle);
  for await (const e of new CloudWatchLogSource({ client, jobName: job }).read()) {
    events++; bytes += Buffer.byteLength(e.message) + 1; checksum = (checksum + hash(e.message)) >>> 0;
    const ts = e.timestamp.getTime(); if (ts < last) ordered = false; last = ts;
  }
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
client.destroy();
process.stdout.write(JSON.stringify({ reader, events, bytes, checksum, ordered, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\\n');
`;

/** The seed's way: one `aws logs get-log-events` per page, the token taken out with jq. */
const CLI_LOOP = `#!/usr/bin/env bash
# usage: cli-loop.sh ENDPOINT GROUP MAX_PAGES STREAM...   prints the messages, one per line
set -euo pipefail
endpoint=$1 group=$2 max=$3; shift 3
for stream in "$@"; do
  token="" pages=0
  while :; do
    if [ -z "$token" ]; then
      out=$(aws logs get-log-events --endpoint-url "$endpoint" --log-group-name "$group" --log-stream-name "$stream" --start-from-head --output json)
    else
      out=$(aws logs get-log-events --endpoint-url "$endpoint" --log-group-name "$group" --log-stream-name "$stream" --start-from-head --next-token "$token" --output json)
    fi
    printf '%s' "$out" | jq -r '.events[].message'
    next=$(printf '%s' "$out" | jq -r '.nextForwardToken')
    pages=$((pages + 1))
    if [ "$next" = "$token" ] || [ "$pages" -ge "$max" ]; then break; fi
    token=$next
  done
done
`;

// ---------------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------------


function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A training log of one instance: Keras progress, INFO lines with learning rate and throughput, tqdm bars, warnings (80-120 bytes each). */
function* trainingLines(instance: number, count: number): Generator<string> {
  const random = prng(instance * 7919);
  const steps = 1250;
  for (let i = 0; i < count; i++) {
    const epoch = 1 + Math.floor(i / steps);
    const step = (i % steps) + 1;
    const loss = (2.3 * Math.exp(-i / 40_000) + random() * 0.05).toFixed(4);
    const acc = (1 - Number(loss) / 2.5).toFixed(4);
    const r = random();
    let line: string;
    if (r < 0.55) {
      const done = Math.floor((step / steps) * 20);
      line = `${step}/${steps} [${'='.repeat(done)}>${'.'.repeat(20 - done)}] - ETA: ${Math.floor(random() * 300)}s - loss: ${loss} - accuracy: ${acc}`;
    } else if (r < 0.85) {
      line = `[1,${instance - 1}]<stdout>:INFO epoch=${epoch} step=${step} lr=${(1e-3 * 0.95 ** epoch).toExponential(3)} loss=${loss} throughput=${(900 + random() * 200).toFixed(1)} img/s`;
    } else if (r < 0.97) {
      line = `train: ${String(Math.floor((step / steps) * 100)).padStart(3)}%|${'█'.repeat(Math.floor((step / steps) * 10)).padEnd(10)}| ${step}/${steps} [${Math.floor(step / 30)}s, 30.1it/s, loss=${loss}]`;
    } else {
      line = `[algo-${instance}] WARNING GPU 0 memory ${(14 + random() * 2).toFixed(2)} GiB / 16.00 GiB - données chargées: ${Math.floor(random() * 1e6)}`;
    }
    yield line.length < 80 ? line.padEnd(80, ' ') : line;
  }
}

async function seed(endpoint: string, logs: Log[]): Promise<void> {
  const sdk = await import('@aws-sdk/client-cloudwatch-logs');
  const client = new sdk.CloudWatchLogsClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  try {
    await client.send(new sdk.CreateLogGroupCommand({ logGroupName: GROUP }));
    // Timestamps within the last two hours (moto drops events older than 14 days or in the future).
    const start = Date.now() - 2 * 3_600_000;
    for (const log of logs) {
      for (const [index, stream] of log.streams.entries()) {
        await client.send(new sdk.CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream }));
        const random = prng(1000 + index);
        let ts = start + index * 1500;
        let batch: { timestamp: number; message: string }[] = [];
        for (const message of trainingLines(index + 1, log.eventsPerStream)) {
          ts += Math.floor(random() * (3_600_000 / log.eventsPerStream) * 2);
          batch.push({ timestamp: ts, message });
          log.events++;
          log.bytes += Buffer.byteLength(message) + 1;
          log.checksum = (log.checksum + fnv(message)) >>> 0;
          if (batch.length === 10_000) {
            await client.send(new sdk.PutLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, logEvents: batch }));
            batch = [];
          }
        }
        if (batch.length > 0) await client.send(new sdk.PutLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, logEvents: batch }));
      }
    }
  } finally {
    client.destroy();
  }
}

// ---------------------------------------------------------------------------------------------
// Children
// ---------------------------------------------------------------------------------------------

async function prepare(): Promise<{ runner: string; bundle: string; cliLoop: string; dir: string }> {
  const { dir, runner, bundle } = await bundleForChild(
    'sagemaker-bench-logs-cloudwatch',
    { './src/logs/CloudWatchLogSource': ['CloudWatchLogSource'] },
    RUNNER,
  );
  const cliLoop = join(dir, 'cli-loop.sh');
  writeFileSync(cliLoop, CLI_LOOP, { mode: 0o755 });
  return { runner, bundle, cliLoop, dir };
}

function runChild(files: { runner: string; bundle: string }, reader: Reader, endpoint: string, job: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [files.runner, reader, endpoint, GROUP, job, pathToFileURL(files.bundle).href], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_NO_WARNINGS: '1' },
    });
    const timer = setTimeout(() => proc.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    let out = '';
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) reject(new Error(`${reader} run on ${job} exited with ${code ?? signal}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as RunResult);
    });
  });
}

interface CliResult {
  events: number;
  bytes: number;
  pages: number;
  ms: number;
  maxRssMB: number;
}

/**
 * The bash loop over the first `pages` pages of each stream, under a python wrapper that reports
 * the children's peak RSS. Spawned asynchronously (the proxy runs in this process) in its own
 * process group, which is killed whole if it overruns.
 */
function runCli(cliLoop: string, endpoint: string, streams: string[], pages: number): Promise<CliResult> {
  const wrapper =
    'import resource, subprocess, sys, time\n' +
    't0 = time.perf_counter()\n' +
    'out = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, check=True).stdout\n' +
    'ms = (time.perf_counter() - t0) * 1000\n' +
    'lines = out.split(b"\\n")[:-1]\n' +
    'sys.stdout.write("%d %d %.1f %d\\n" % (len(lines), len(out), ms, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n';
  return new Promise((resolve, reject) => {
    const proc = spawn('python3', ['-c', wrapper, 'bash', cliLoop, endpoint, GROUP, String(pages), ...streams], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' },
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-proc.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, CHILD_TIMEOUT_MS);
    let out = '';
    let err = '';
    proc.stdout.setEncoding('utf8');
    proc.stderr.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      out += chunk;
    });
    proc.stderr.on('data', (chunk: string) => {
      err = (err + chunk).slice(-2000);
    });
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`CLI loop exited with ${code ?? signal}: ${err}`));
        return;
      }
      const [events, bytes, ms, rssKB] = out.trim().split(' ').map(Number) as [number, number, number, number];
      resolve({ events, bytes, pages: pages * streams.length, ms, maxRssMB: rssKB / 1024 });
    });
  });
}

function cliAvailable(): boolean {
  const aws = spawnSync('aws', ['--version'], { encoding: 'utf8' });
  const jq = spawnSync('jq', ['--version'], { encoding: 'utf8' });
  return aws.status === 0 && jq.status === 0;
}

// ---------------------------------------------------------------------------------------------
// Parent
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { startMoto } = await import('../test/support/moto');
  const { startFaultProxy } = await import('../test/support/faultProxy');
  const rounds = Number(process.env.BENCH_CW_ROUNDS ?? 3);
  const cliPages = Number(process.env.BENCH_CW_CLI_PAGES ?? 3);
  const logs: Log[] = [
    {
      label: '2-instance log (2 streams x 100,000 events)',
      job: 'resnet50-p3-gpu4-b512-e2',
      streams: ['resnet50-p3-gpu4-b512-e2/algo-1-1714557600', 'resnet50-p3-gpu4-b512-e2/algo-2-1714557600'],
      eventsPerStream: 100_000,
      events: 0,
      bytes: 0,
      checksum: 0,
    },
    {
      label: '1-instance log (1 stream x 200,000 events)',
      job: 'fcn-seismic-p3-2xlarge-b16-e30',
      streams: ['fcn-seismic-p3-2xlarge-b16-e30/algo-1-1714557600'],
      eventsPerStream: 200_000,
      events: 0,
      bytes: 0,
      checksum: 0,
    },
  ];

  const moto = await startMoto();
  let proxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined;
  let files: Awaited<ReturnType<typeof prepare>> | undefined;
  const results = new Map<string, RunResult[]>();
  const cli = new Map<string, CliResult>();
  const withCli = cliPages > 0 && cliAvailable();
  try {
    files = await prepare();
    const tSeed = performance.now();
    await seed(moto.endpoint, logs);
    proxy = await startFaultProxy({ target: moto.endpoint });
    proxy.setLatency(LATENCY_MS);
    console.log(
      `Seeded ${logs.map((l) => `${l.events.toLocaleString('en-US')} events (${(l.bytes / MB).toFixed(1)} MB)`).join(' and ')} into moto ` +
        `in ${((performance.now() - tSeed) / 1000).toFixed(1)} s; reading through the fault proxy with ${LATENCY_MS} ms added to every request (node ${process.version}).\n`,
    );
    for (const log of logs) {
      const order: Reader[] = [];
      for (let i = 0; i < rounds; i++) order.push(...((i % 2 === 0 ? ['sdk', 'source'] : ['source', 'sdk']) as Reader[]));
      for (const reader of order) {
        proxy.resetStats();
        const result = await runChild(files, reader, proxy.endpoint, log.job);
        result.requests = proxy.stats().requests;
        if (result.events !== log.events || result.bytes !== log.bytes || result.checksum !== log.checksum || !result.ordered) {
          throw new Error(`${reader} on ${log.job} read ${result.events} events / ${result.bytes} bytes (checksum ${result.checksum}, ordered ${result.ordered}), expected ${log.events} / ${log.bytes} (${log.checksum})`);
        }
        const list = results.get(log.job) ?? [];
        list.push(result);
        results.set(log.job, list);
        console.log(
          `  run: ${log.job.padEnd(32)} ${reader.padEnd(10)} ${(result.ms / 1000).toFixed(2)} s, ${result.requests} requests, CPU ${(result.cpuMs / 1000).toFixed(2)} s, peak RSS ${result.maxRssMB.toFixed(0)} MB`,
        );
      }
      if (withCli) {
        const result = await runCli(files.cliLoop, proxy.endpoint, log.streams, cliPages);
        cli.set(log.job, result);
        console.log(`  run: ${log.job.padEnd(32)} aws CLI    ${(result.ms / 1000).toFixed(2)} s for ${result.pages} pages, ${result.events} events`);
      }
    }
  } finally {
    await proxy?.stop();
    await moto.stop();
    if (files !== undefined) rmSync(files.dir, { recursive: true, force: true });
  }

  if (!withCli) console.log('\n(b) skipped: `aws` or `jq` is not installed here (or BENCH_CW_CLI_PAGES=0).');
  let allMet = true;
  const verdicts: string[] = [];
  for (const log of logs) {
    const runs = results.get(log.job)!;
    const of = (reader: Reader) => runs.filter((r) => r.reader === reader);
    const best = (reader: Reader) => of(reader).reduce((a, b) => (b.ms < a.ms ? b : a));
    const median = (reader: Reader) => {
      const sorted = of(reader).map((r) => r.ms).sort((a, b) => a - b);
      return sorted[Math.floor((sorted.length - 1) / 2)]!;
    };
    const peak = (reader: Reader) => Math.max(...of(reader).map((r) => r.maxRssMB));
    const baseBest = best('sdk').ms;
    const baseMedian = median('sdk');
    const row = (label: string, reader: Reader) => {
      const b = best(reader);
      return (
        `| ${label} | ${(b.ms / 1000).toFixed(2)} | ${(median(reader) / 1000).toFixed(2)} | ${Math.round(log.events / (b.ms / 1000)).toLocaleString('en-US')} | ` +
        `${(log.bytes / MB / (b.ms / 1000)).toFixed(2)} | ${b.requests} | ${peak(reader).toFixed(0)} | ${(baseBest / b.ms).toFixed(2)}x | ${(baseMedian / median(reader)).toFixed(2)}x |`
      );
    };
    console.log(`\n### ${log.label}: ${log.events.toLocaleString('en-US')} events, ${(log.bytes / MB).toFixed(1)} MB; ${rounds} runs of each reader\n`);
    console.log('| reader | s (best) | s (median) | events/s (best) | MB/s (best) | requests | peak RSS (MB) | vs SDK loop (best) | vs SDK loop (median) |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    console.log(row('(a) plain sequential SDK loop (stopOnSameToken)', 'sdk'));
    console.log(row('CloudWatchLogSource.read()', 'source'));
    const c = cli.get(log.job);
    if (c !== undefined) {
      const rate = c.events / (c.ms / 1000);
      const projected = log.events / rate;
      console.log(
        `| (b) seed's way: \`aws logs get-log-events\` per page from bash, measured over the first ${c.pages} pages (${c.events.toLocaleString('en-US')} events), projected | ` +
          `${projected.toFixed(1)} (projected) | n/a | ${Math.round(rate).toLocaleString('en-US')} | ${(c.bytes / MB / (c.ms / 1000)).toFixed(2)} | ${c.pages} (of about ${Math.ceil(log.events / 10_000) + log.streams.length}) | ${c.maxRssMB.toFixed(0)} (largest \`aws\` process) | ${(baseBest / (projected * 1000)).toFixed(2)}x | n/a |`,
      );
    }
    const ratio = baseMedian / median('source');
    const met = ratio >= 2;
    allMet &&= met;
    verdicts.push(
      `${log.label}: ${met ? 'met' : 'MISSED'} (${ratio.toFixed(2)}x median vs median; ${(baseBest / best('source').ms).toFixed(2)}x best vs best)`,
    );
  }
  console.log(`\nTarget: CloudWatchLogSource.read() at least 2x the plain sequential SDK loop on both logs, at 10 requests/s at most.`);
  for (const verdict of verdicts) console.log(`- ${verdict}`);
  if (!allMet) process.exitCode = 1;
}

await main();

/**
 * S3 text log throughput: a 1 GB generated training log in moto, read through the fault proxy
 * with 250 ms of latency added to every request, by S3TextLogSource.read() next to the baseline
 * (c): one raw GetObject whose body is just consumed. read() runs with two consumers: one that
 * counts lines and characters (`message.length`: as little per line as the raw reader does per
 * chunk; this is the target row), and one that also computes each line's UTF-8 byte length
 * (`Buffer.byteLength`, about 100 ns a line of the consumer's own). Every run is a fresh
 * plain-node child process (its peak RSS is its own), the readers are interleaved so each is as
 * often early as late, and best and median are reported. The line, character and byte counts
 * are checked against the generated text. The object is uploaded straight to moto (multipart,
 * one 64 MB part generated at a time: never a 1 GB string) and deleted at the end; the proxy and
 * moto are stopped.
 *
 * BENCH_S3_MB sets the log size (default 1024), BENCH_S3_ROUNDS the rounds (default 2).
 * BENCH_S3_PIN=1 (Linux, `taskset`, 2 CPUs or more) runs moto and the proxy on CPU 0 and every
 * reader on CPU 1, so that the reader does not compete with the servers for the CPU (as
 * against S3 itself); by default all share every CPU.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { TextDecoder } from 'node:util';
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { S3Client as S3ClientType } from '@aws-sdk/client-s3';
import { prng } from '../test/support/prng';
import { bundleForChild } from './support/bundleForChild';
import { runJsonChild } from './support/runJsonChild';

const MB = 1024 * 1024;
const LATENCY_MS = 250;

/**
 * raw: GetObject, body consumed (baseline c); source: read(), lines and characters counted;
 * bytes: read(), lines and UTF-8 bytes counted; split: GetObject body through the source's
 * LineSplitter with no per-line await (a diagnostic: what the line splitting costs without the
 * async iteration).
 */
type Reader = 'raw' | 'source' | 'bytes' | 'split';

interface RunResult {
  reader: Reader;
  bytes: number;
  chars: number;
  lines: number;
  ms: number;
  cpuMs: number;
  maxRssMB: number;
}

// ---------------------------------------------------------------------------------------------
// Child: one read in a fresh plain `node` process, then a JSON line on stdout. Plain node (not
// tsx) runs it, on an esbuild bundle of src/logs/S3TextLogSource.ts, so the peak RSS is that of
// the library and the SDK, not of a TypeScript loader; both readers run the same way.
// ---------------------------------------------------------------------------------------------

const RUNNER = `
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
const [reader, endpoint, bucket, key, bundle] = process.argv.slice(2);
const cpu0 = process.cpuUsage();
const client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
let bytes = 0;
let chars = 0;
let lines = 0;
const t0 = performance.now();
if (reader === 'raw') {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  for await (const chunk of response.Body) bytes += chunk.length;
} else if (reader === 'split') {
  const { LineSplitter } = await import(bundle);
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const splitter = new LineSplitter();
  for await (const chunk of response.Body) {
    bytes += chunk.length;
    splitter.push(chunk);
    while (splitter.next() !== undefined) lines++;
  }
  splitter.end();
  while (splitter.next() !== undefined) lines++;
} else {
  const { S3TextLogSource } = await import(bundle);
  const source = new S3TextLogSource({ client, uri: 's3://' + bucket + '/' + key });
  if (reader === 'bytes') {
    for await (const event of source.read()) {
      lines++;
      bytes += Buffer.byteLength(event.message, 'utf8') + 1;
    }
  } else {
    for await (const event of source.read()) {
      lines++;
      chars += event.message.length;
    }
  }
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
client.destroy();
process.stdout.write(JSON.stringify({ reader, bytes, chars, lines, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\\n');
`;

// ---------------------------------------------------------------------------------------------
// Parent: servers, upload, runs, report, clean-up.
// ---------------------------------------------------------------------------------------------

/** Realistic training-log lines (Keras progress, tqdm bars with multi-byte blocks, INFO lines, CRLF now and then). */
function* logLines(seed: number): Generator<string> {
  const random = prng(seed);
  const epochs = 50;
  const steps = 5000;
  let epoch = 1;
  let step = 0;
  let t = Date.UTC(2024, 4, 1, 12, 0, 0);
  for (;;) {
    t += Math.floor(random() * 900);
    const stamp = new Date(t).toISOString().replace('T', ' ').replace('Z', '');
    step += 10;
    if (step > steps) {
      step = 10;
      epoch = (epoch % epochs) + 1;
      yield `${stamp} - INFO - Epoch ${epoch}/${epochs}`;
    }
    const loss = (2.3 * Math.exp(-(epoch * steps + step) / 60_000) + random() * 0.05).toFixed(4);
    const acc = (1 - Number(loss) / 2.5).toFixed(4);
    const r = random();
    if (r < 0.6) {
      const done = Math.floor((step / steps) * 30);
      yield `${step}/${steps} [${'='.repeat(done)}>${'.'.repeat(30 - done)}] - ETA: ${Math.floor(random() * 300)}s - loss: ${loss} - accuracy: ${acc}`;
    } else if (r < 0.85) {
      const pct = Math.floor((step / steps) * 100);
      const bar = '█'.repeat(Math.floor(pct / 5)) + '▏'.repeat(pct % 5 === 0 ? 0 : 1);
      yield `train: ${String(pct).padStart(3)}%|${bar.padEnd(20)}| ${step}/${steps} [${Math.floor(step / 30)}s<${Math.floor((steps - step) / 30)}s, 30.1it/s, loss=${loss}]`;
    } else if (r < 0.97) {
      yield `${stamp} - INFO - step ${step} lr=${(1e-3 * 0.95 ** epoch).toExponential(3)} grad_norm=${(random() * 5).toFixed(3)} throughput=${(900 + random() * 200).toFixed(1)} samples/s\r`;
    } else {
      yield `${stamp} - WARNING - GPU 0 memory ${(14 + random() * 2).toFixed(2)} GiB / 16.00 GiB, données chargées: ${Math.floor(random() * 1e6)} échantillons`;
    }
  }
}

/** What the uploaded text holds, to check the source's counts against. */
interface TextCounts {
  newlines: number;
  crlf: number;
  lastByte: number;
  /** UTF-16 code units of the whole text, decoded as TextDecoder does. */
  chars: number;
  decoder: TextDecoder;
}

/** Counts `\n`, `\r\n` and characters in `part`, a `\r\n` or a character cut between two parts included. */
function countPart(part: Buffer, counts: TextCounts): void {
  counts.chars += counts.decoder.decode(part, { stream: true }).length;
  if (counts.lastByte === 13 && part[0] === 10) counts.crlf++;
  for (let at = part.indexOf(10); at !== -1; at = part.indexOf(10, at + 1)) {
    counts.newlines++;
    if (at > 0 && part[at - 1] === 13) counts.crlf++;
  }
  counts.lastByte = part[part.length - 1] ?? counts.lastByte;
}

/** Fills `size` bytes with lines from `lines`; a line that does not fit is carried to the next part. */
function fillPart(lines: Iterator<string>, carry: { rest: Buffer }, size: number): Buffer {
  const part = Buffer.allocUnsafe(size);
  let at = carry.rest.copy(part, 0);
  carry.rest = Buffer.alloc(0);
  while (at < size) {
    const line = Buffer.from(`${lines.next().value as string}\n`, 'utf8');
    const room = size - at;
    if (line.length <= room) {
      at += line.copy(part, at);
    } else {
      line.copy(part, at, 0, room);
      carry.rest = line.subarray(room);
      at = size;
    }
  }
  return part;
}

async function upload(s3: S3ClientType, bucket: string, key: string, totalBytes: number): Promise<TextCounts> {
  const counts: TextCounts = { newlines: 0, crlf: 0, lastByte: -1, chars: 0, decoder: new TextDecoder() };
  const sdk = await import('@aws-sdk/client-s3');
  const partSize = 64 * MB;
  const { UploadId } = await s3.send(new sdk.CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: 'text/plain' }));
  const lines = logLines(42);
  const carry = { rest: Buffer.alloc(0) };
  const parts: { ETag: string | undefined; PartNumber: number }[] = [];
  for (let n = 1, left = totalBytes; left > 0; n++) {
    const size = Math.min(partSize, left);
    const body = fillPart(lines, carry, size);
    countPart(body, counts);
    const { ETag } = await s3.send(new sdk.UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: n, Body: body }));
    parts.push({ ETag, PartNumber: n });
    left -= size;
  }
  await s3.send(new sdk.CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
  counts.chars += counts.decoder.decode().length;
  return counts;
}

/** Writes the runner and a bundle of S3TextLogSource and LineSplitter (AWS SDK left external) under node_modules/.cache. */
async function prepareChild(): Promise<{ runner: string; bundle: string; dir: string }> {
  return bundleForChild(
    'sagemaker-bench-logs-s3',
    { './src/logs/S3TextLogSource': ['S3TextLogSource'], './src/logs/internal/LineSplitter': ['LineSplitter'] },
    RUNNER,
  );
}

/**
 * BENCH_S3_PIN=1: moto and this process (the proxy) on CPU 0, the readers on CPU 1. Returns the
 * command prefix of the readers, or undefined when not asked for or not possible (said why).
 */
function pinServers(pids: number[]): string[] | undefined {
  if (process.env.BENCH_S3_PIN !== '1') return undefined;
  const why =
    process.platform !== 'linux'
      ? 'not Linux'
      : availableParallelism() < 2
        ? 'fewer than 2 CPUs'
        : spawnSync('taskset', ['-V']).status !== 0
          ? 'no taskset'
          : undefined;
  if (why !== undefined) {
    console.log(`BENCH_S3_PIN=1 ignored (${why}): every process shares every CPU.`);
    return undefined;
  }
  for (const pid of pids) {
    const result = spawnSync('taskset', ['-a', '-p', '-c', '0', String(pid)], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`taskset -a -p -c 0 ${pid} failed: ${result.stderr}`);
  }
  return ['taskset', '-c', '1'];
}

function runChild(
  child: { runner: string; bundle: string },
  reader: Reader,
  endpoint: string,
  bucket: string,
  key: string,
  prefix: string[] = [],
): Promise<RunResult> {
  const command = [...prefix, process.execPath, child.runner, reader, endpoint, bucket, key, pathToFileURL(child.bundle).href];
  return runJsonChild<RunResult>(command, reader);
}

async function parent(): Promise<void> {
  const { startMoto } = await import('../test/support/moto');
  const { startFaultProxy } = await import('../test/support/faultProxy');
  const { S3Client, CreateBucketCommand, DeleteObjectCommand, DeleteBucketCommand, HeadObjectCommand } = await import('@aws-sdk/client-s3');
  const totalMB = Number(process.env.BENCH_S3_MB ?? 1024);
  const rounds = Number(process.env.BENCH_S3_ROUNDS ?? 2);
  const bucket = 'bench-logs';
  const key = 'resnet50-p3-gpu4-b512-e2/training-log.txt';

  const moto = await startMoto();
  const proxy = await startFaultProxy({ target: moto.endpoint, latencyMs: LATENCY_MS });
  const s3 = new S3Client({ endpoint: moto.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const cpus = availableParallelism(); // before pinning: it counts the CPUs this process may use
  const pin = pinServers([process.pid, moto.pid]);
  const results: RunResult[] = [];
  let uploaded = false;
  let counts: TextCounts | undefined;
  let child: Awaited<ReturnType<typeof prepareChild>> | undefined;
  try {
    child = await prepareChild();
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const tUp = performance.now();
    counts = await upload(s3, bucket, key, totalMB * MB);
    uploaded = true;
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    console.log(
      `S3 text log of ${((head.ContentLength ?? 0) / MB).toFixed(0)} MB uploaded to moto in ${((performance.now() - tUp) / 1000).toFixed(1)} s; ` +
        `read through the fault proxy with ${LATENCY_MS} ms added to every request (node ${process.version}, ${cpus} CPUs; ` +
        `${pin === undefined ? 'moto, the proxy and the reader share every CPU' : 'moto and the proxy on CPU 0, the reader on CPU 1'}).\n`,
    );
    // Interleaved, each reader as often first as last: raw, source, bytes, split, split, bytes, source, raw, ...
    const order: Reader[] = [];
    for (let i = 0; i < rounds; i++) order.push('raw', 'source', 'bytes', 'split', 'split', 'bytes', 'source', 'raw');
    for (const reader of order) {
      const result = await runChild(child!, reader, proxy.endpoint, bucket, key, pin);
      results.push(result);
      const mbps = (head.ContentLength ?? 0) / MB / (result.ms / 1000);
      console.log(
        `  run: ${reader.padEnd(6)} ${mbps.toFixed(1)} MB/s, ${(result.ms / 1000).toFixed(2)} s, ` +
          `CPU ${(result.cpuMs / 1000).toFixed(2)} s, peak RSS ${result.maxRssMB.toFixed(0)} MB`,
      );
    }
  } finally {
    if (uploaded) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
    await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
    s3.destroy();
    await proxy.stop();
    await moto.stop();
    if (child !== undefined) rmSync(child.dir, { recursive: true, force: true });
  }

  const of = (reader: Reader) => results.filter((r) => r.reader === reader);
  const best = (reader: Reader) => of(reader).reduce((a, b) => (b.ms < a.ms ? b : a));
  const median = (reader: Reader) => {
    const sorted = of(reader).map((r) => r.ms).sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)]!;
  };
  const peak = (reader: Reader) => Math.max(...of(reader).map((r) => r.maxRssMB));
  const cpuOfBest = (reader: Reader) => best(reader).cpuMs / 1000;
  // Both readers read the whole object: MB/s is the object's size over the time taken.
  const objectBytes = best('raw').bytes;
  const mbps = (ms: number) => objectBytes / MB / (ms / 1000);
  // The source's lines, bytes and characters must match the text exactly (a `\r\n` counts as one
  // byte, a last line without newline gets one; characters: the text's, less the line endings).
  const unterminated = counts!.lastByte === 10 ? 0 : 1;
  const expectedLines = counts!.newlines + unterminated;
  const expectedBytes = objectBytes - counts!.crlf + unterminated;
  const expectedChars = counts!.chars - counts!.newlines - counts!.crlf - (counts!.lastByte === 13 ? 1 : 0);
  for (const r of results.filter((x) => x.reader !== 'raw')) {
    // (`split` counts raw body bytes; `bytes` counts the UTF-8 bytes of the lines it yields, `source` their characters.)
    const wrong =
      r.lines !== expectedLines ||
      (r.reader === 'bytes' && r.bytes !== expectedBytes) ||
      (r.reader === 'source' && r.chars !== expectedChars) ||
      (r.reader === 'split' && r.bytes !== objectBytes);
    if (wrong) {
      throw new Error(
        `${r.reader}: read ${r.lines} lines / ${r.bytes} bytes / ${r.chars} characters, expected ${expectedLines} / ${expectedBytes} / ${expectedChars}`,
      );
    }
  }

  const rawBest = mbps(best('raw').ms);
  const rawMedian = mbps(median('raw'));
  const row = (label: string, reader: Reader) => {
    const b = mbps(best(reader).ms);
    const m = mbps(median(reader));
    const lines = reader === 'raw' ? 'n/a' : Math.round(expectedLines / (best(reader).ms / 1000)).toLocaleString('en-US');
    return `| ${label} | ${b.toFixed(1)} | ${m.toFixed(1)} | ${lines} | ${cpuOfBest(reader).toFixed(2)} | ${peak(reader).toFixed(0)} | ${(b / rawBest).toFixed(2)}x | ${(m / rawMedian).toFixed(2)}x |`;
  };
  console.log(
    `\n${rounds * 2} runs of each reader, interleaved, each in a fresh process; ${expectedLines.toLocaleString('en-US')} lines and ` +
      `${expectedChars.toLocaleString('en-US')} characters checked:\n`,
  );
  console.log('| reader | MB/s (best) | MB/s (median) | lines/s (best) | CPU s (best run) | peak RSS (MB) | vs raw (best) | vs raw (median) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  console.log(row('(c) raw GetObject, body consumed', 'raw'));
  console.log(row('S3TextLogSource.read(), lines + characters counted', 'source'));
  console.log(row('S3TextLogSource.read(), lines + UTF-8 bytes counted (Buffer.byteLength per line)', 'bytes'));
  console.log(row('diagnostic: raw GetObject + LineSplitter, no per-line await', 'split'));
  const ratio = mbps(best('source').ms) / rawBest;
  const rss = Math.max(peak('source'), peak('bytes'));
  console.log(
    `\nTargets: read() (lines + characters counted) at least 0.90x the raw stream's MB/s: ${ratio >= 0.9 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}x, best vs best); ` +
      `peak RSS of the S3TextLogSource runs under 100 MB: ${rss < 100 ? 'met' : 'MISSED'} (${rss.toFixed(0)} MB; the raw GetObject runs peak at ${peak('raw').toFixed(0)} MB).`,
  );
}

await parent();

/**
 * parseTrainingLog throughput on a dense tf.keras 2 log: a generated Keras training log of
 * BENCH_METRICS_MB (default 96 MB; the acceptance check needs at least 80) in moto, written the
 * way tf.keras 2 `fit(verbose=1)` writes it in a SageMaker container (dynamic display: every update
 * is `\b` x the previous width, `\r`, the bar and the metrics; no `\n` until the epoch's final
 * update). Each epoch is one line of about 7 MB, so S3TextLogSource (4 MiB `maxLineBytes`) hands it
 * over in pieces marked `continued`.
 *
 * Readers, each run in a fresh plain-node child process (its peak RSS is its own), interleaved so
 * each is as often early as late, best and median reported:
 * - `read`: `new S3TextLogSource({ client, uri }).read()` consumed, events and characters counted
 *   (the baseline);
 * - `parse`: `parseTrainingLog(source)` on the same kind of source;
 * - `parse-only`: the parser alone. The child first reads the object through S3TextLogSource.read()
 *   (not timed) and keeps its events, so the pieces are exactly those the source gives; then it
 *   times only `new TrainingLogParser()`, one `push({ message, source, continued })` per piece and
 *   `result()`.
 *
 * Checks (exit 1 when one fails): both parses find every epoch with its exact final values, steps,
 * seconds and `Epoch N/M` total; the read gives exactly the characters, lines and pieces of the
 * generated text; the median `parse` time is at most 1.5x the median `read` time; the peak RSS of
 * `parse` stays under 150 MB.
 *
 * BENCH_METRICS_MB sets the log size (default 96), BENCH_METRICS_ROUNDS the rounds (default 3; a
 * round runs each reader twice). BENCH_METRICS_PROFILE=1 also runs `parse` and `parse-only` once
 * more under the V8 CPU profiler (node:inspector, started and stopped around the timed section;
 * these runs are not in the table) and prints where the time goes, by function and src/ module.
 * The object is uploaded straight to moto (multipart, 64 MB parts generated one at a time) and
 * deleted at the end; moto is stopped and the child's bundle removed.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { S3Client as S3ClientType } from '@aws-sdk/client-s3';
import { prng } from '../test/support/prng';
import { bundleForChild } from './support/bundleForChild';
import { runJsonChild } from './support/runJsonChild';

const MB = 1024 * 1024;
/** S3TextLogSource's default maxLineBytes (DEFAULT_MAX_LINE_BYTES of src/logs/internal/LineSplitter.ts). */
const MAX_LINE_BYTES = 4 * MB;
const RSS_TARGET_MB = 150;
const RATIO_TARGET = 1.5;
const ACCEPTANCE_MIN_MB = 80;

type Reader = 'read' | 'parse' | 'parse-only';
const READERS: readonly Reader[] = ['read', 'parse', 'parse-only'];

interface EpochSummary {
  epoch: number;
  totalEpochs?: number;
  steps?: number;
  seconds?: number;
  metrics: Record<string, number>;
}

interface ParseSummary {
  format: string;
  epochs: EpochSummary[];
  final: Record<string, number>;
  warnings: string[];
}

interface RunResult {
  reader: Reader;
  /** Events, `continued` pieces and characters of the source (read: counted while timed; parse-only: of the events held). */
  events: number;
  pieces: number;
  chars: number;
  ms: number;
  cpuMs: number;
  maxRssMB: number;
  parsed?: ParseSummary;
}

// ---------------------------------------------------------------------------------------------
// Child: one reader in a fresh plain `node` process, on an esbuild bundle of the library
// modules (AWS SDK external), then one JSON line on stdout.
// ---------------------------------------------------------------------------------------------

const RUNNER = `
import { S3Client } from '@aws-sdk/client-s3';
import { writeFileSync } from 'node:fs';
const [reader, endpoint, bucket, key, bundle] = process.argv.slice(2);
const profileOut = process.env.BENCH_METRICS_PROFILE_OUT;
const { S3TextLogSource, parseTrainingLog, TrainingLogParser } = await import(bundle);
const client = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
const source = new S3TextLogSource({ client, uri: 's3://' + bucket + '/' + key });
const summary = (m) => ({
  format: m.format,
  epochs: m.epochs.map((e) => ({ epoch: e.epoch, totalEpochs: e.totalEpochs, steps: e.steps, seconds: e.seconds, metrics: e.metrics })),
  final: m.final,
  warnings: m.warnings,
});
let events = 0;
let pieces = 0;
let chars = 0;
let parsed;
let held;
if (reader === 'parse-only') {
  // Not timed: the events exactly as the source gives them (same pieces, same 'continued').
  held = [];
  for await (const event of source.read()) held.push(event);
  for (const event of held) {
    events++;
    chars += event.message.length;
    if (event.continued === true) pieces++;
  }
  globalThis.gc?.();
}
let session;
if (profileOut !== undefined) {
  const { Session } = await import('node:inspector/promises');
  session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
}
const cpu0 = process.cpuUsage();
const t0 = performance.now();
if (reader === 'read') {
  for await (const event of source.read()) {
    events++;
    chars += event.message.length;
    if (event.continued === true) pieces++;
  }
} else if (reader === 'parse') {
  parsed = summary(await parseTrainingLog(source));
} else {
  const parser = new TrainingLogParser();
  for (let i = 0; i < held.length; i++) {
    const event = held[i];
    parser.push({ message: event.message, source: event.source, continued: event.continued });
  }
  parsed = summary(parser.result());
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
if (session !== undefined) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(profileOut, JSON.stringify(profile));
  session.disconnect();
}
client.destroy();
process.stdout.write(JSON.stringify({ reader, events, pieces, chars, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, parsed }) + '\\n');
`;

// ---------------------------------------------------------------------------------------------
// The log: tf.keras 2 Progbar output, generated.
// ---------------------------------------------------------------------------------------------

/** Python's `f"{x:.0f}"`: round half to even (the doubles are the same as Python's). */
function pyFixed0(x: number): string {
  const floor = Math.floor(x);
  const diff = x - floor;
  const n = diff > 0.5 ? floor + 1 : diff < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  return String(n);
}

/** Python's `f"{x:.4e}"` (two-digit exponent at least). */
function pyExp4(x: number): string {
  const [mantissa, exponent] = x.toExponential(4).split('e') as [string, string];
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** A metric value as tf.keras 2 prints it: ` {avg:.4f}` above 1e-3 in magnitude, else ` {avg:.4e}`. */
function kerasValue(v: number): string {
  return Math.abs(v) > 1e-3 ? v.toFixed(4) : pyExp4(v);
}

/**
 * tf_keras/utils/generic_utils.py Progbar.update (keras-team/tf-keras dd0a7237, as copied in
 * test/metrics/fixtures/keras-generate.py), verbose=1 with dynamic display on (a SageMaker
 * container: `'posix' in sys.modules`), every metric stateful (shown as logged, as fit() does).
 * Times are seconds as doubles, like Python's `time.time()`, and every step of the arithmetic is
 * Python's, so the same clock gives the same bytes. Returns what it prints, or undefined when the
 * update falls within `interval` of the last one.
 */
class TfKeras2Progbar {
  readonly #target: number;
  readonly #width = 30;
  readonly #interval = 0.05;
  readonly #start: number;
  #totalWidth = 0;
  #lastUpdate = 0;
  #timeAfterFirstStep: number | undefined;
  readonly #values = new Map<string, number>();

  constructor(target: number, now: number) {
    this.#target = target;
    this.#start = now;
  }

  update(current: number, values: readonly (readonly [string, number])[], finalize: boolean, now: number): string | undefined {
    for (const [k, v] of values) this.#values.set(k, v); // a Map keeps the first-seen order, like _values_order
    if (now - this.#lastUpdate < this.#interval && !finalize) return undefined;
    const prevTotalWidth = this.#totalWidth;
    let message = '\b'.repeat(prevTotalWidth) + '\r';
    const target = this.#target;
    const numdigits = String(target).length; // int(np.log10(target)) + 1
    let bar = `${String(current).padStart(numdigits)}/${target} [`;
    const progWidth = Math.trunc(this.#width * (current / target));
    if (progWidth > 0) bar += '='.repeat(progWidth - 1) + (current < target ? '>' : '=');
    bar += '.'.repeat(this.#width - progWidth) + ']';
    this.#totalWidth = bar.length;
    message += bar;
    const timePerUnit = this.#estimateStepDuration(current, now);
    let info: string;
    if (finalize) {
      info = ` - ${pyFixed0(now - this.#start)}s` + formatTime(timePerUnit, 'step');
    } else {
      const eta = timePerUnit * (target - current);
      const pad2 = (n: number) => String(Math.floor(n)).padStart(2, '0');
      const etaFormat =
        eta > 3600 ? `${Math.floor(eta / 3600)}:${pad2(Math.floor((eta % 3600) / 60))}:${pad2(eta % 60)}` : eta > 60 ? `${Math.floor(eta / 60)}:${pad2(eta % 60)}` : `${Math.floor(eta)}s`;
      info = ` - ETA: ${etaFormat}`;
    }
    for (const [k, v] of this.#values) info += ` - ${k}: ${kerasValue(v)}`;
    this.#totalWidth += info.length;
    if (prevTotalWidth > this.#totalWidth) info += ' '.repeat(prevTotalWidth - this.#totalWidth);
    if (finalize) info += '\n';
    this.#lastUpdate = now;
    return message + info;
  }

  #estimateStepDuration(current: number, now: number): number {
    if (current === 0) return 0;
    const t = this.#timeAfterFirstStep !== undefined && current > 1 ? (now - this.#timeAfterFirstStep) / (current - 1) : (now - this.#start) / current;
    if (current === 1) this.#timeAfterFirstStep = now;
    return t;
  }
}

/** Progbar._format_time. */
function formatTime(timePerUnit: number, unitName: string): string {
  if (timePerUnit >= 1 || timePerUnit === 0) return ` ${pyFixed0(timePerUnit)}s/${unitName}`;
  if (timePerUnit >= 1e-3) return ` ${pyFixed0(timePerUnit * 1000)}ms/${unitName}`;
  return ` ${pyFixed0(timePerUnit * 1e6)}us/${unitName}`;
}

/** What the parse must find for one epoch. */
interface EpochTruth {
  epoch: number;
  totalEpochs: number;
  steps: number;
  seconds: number;
  metrics: { loss: number; accuracy: number; val_loss: number; val_accuracy: number };
}

/**
 * ResNet-50 on ImageNet with tf.keras 2 on one GPU: 1,281,167 images in batches of 32 is 40,037
 * steps an epoch at about 110 ms a step (so every step passes the Progbar's 50 ms interval and is
 * printed: a dense bar), a few seconds of tracing on the first step, about 60 s of validation.
 */
const STEPS = 40_037;

/**
 * The log's text, in the pieces tf.keras 2 writes (the `Epoch N/M` header, one string per bar
 * update), and what the parse must find. Deterministic for a given `epochs`.
 */
function* kerasLog(epochs: number, truth: EpochTruth[]): Generator<string> {
  const random = prng(2024);
  let nowMs = 0;
  const lossAt = (f: number) => 0.85 + 6.05 * Math.exp(-5 * f);
  const accAt = (f: number) => 0.765 - 0.76 * Math.exp(-4 * f);
  /** Values are logged to 4 decimals' precision (k / 10000), so what is printed is exact. */
  const q = (v: number) => Math.round(v * 10_000) / 10_000;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    yield `Epoch ${epoch}/${epochs}\n`;
    const progbar = new TfKeras2Progbar(STEPS, nowMs / 1000);
    let lossSum = 0;
    let accSum = 0;
    let loss = 0;
    let accuracy = 0;
    for (let i = 1; i <= STEPS; i++) {
      nowMs += i === 1 ? (epoch === 1 ? 4_000 : 300) + Math.floor(random() * 1_500) : 95 + Math.floor(random() * 30);
      const f = (epoch - 1 + i / STEPS) / epochs;
      lossSum += lossAt(f) * (1 + (random() - 0.5) * 0.3);
      accSum += Math.min(1, Math.max(0, accAt(f) + (random() - 0.5) * 0.06));
      // Keras' Mean metrics: the running mean of the epoch so far.
      loss = q(lossSum / i);
      accuracy = q(accSum / i);
      const printed = progbar.update(
        i,
        [
          ['loss', loss],
          ['accuracy', accuracy],
        ],
        false,
        nowMs / 1000,
      );
      if (printed !== undefined) yield printed;
    }
    nowMs += 55_000 + Math.floor(random() * 10_000); // validation
    const f = epoch / epochs;
    const valLoss = q(lossAt(f) * (1.05 + random() * 0.1));
    const valAccuracy = q(Math.min(1, accAt(f) - 0.01 - random() * 0.02));
    const final = progbar.update(
      STEPS,
      [
        ['loss', loss],
        ['accuracy', accuracy],
        ['val_loss', valLoss],
        ['val_accuracy', valAccuracy],
      ],
      true,
      nowMs / 1000,
    )!;
    const seconds = Number(/ - (\d+)s /.exec(final)![1]);
    truth.push({ epoch, totalEpochs: epochs, steps: STEPS, seconds, metrics: { loss, accuracy, val_loss: valLoss, val_accuracy: valAccuracy } });
    yield final;
  }
}

/** Bytes of one epoch (the first), to choose the number of epochs for a size. */
function epochBytes(): number {
  let bytes = 0;
  const gen = kerasLog(1, []);
  for (let r = gen.next(); r.done !== true; r = gen.next()) bytes += r.value.length;
  return bytes;
}

/** What the uploaded text holds, to check the reads against. */
interface TextCounts {
  bytes: number;
  newlines: number;
  /** Events S3TextLogSource must give: one per line, or ceil(length / maxLineBytes) pieces of a longer one. */
  events: number;
  pieces: number;
  longestLine: number;
  lineBytes: number;
}

function countText(text: string, counts: TextCounts): void {
  counts.bytes += text.length; // ASCII only
  let from = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', from)) {
    endLine(counts, counts.lineBytes + at - from);
    from = at + 1;
  }
  counts.lineBytes += text.length - from;
}

function endLine(counts: TextCounts, length: number): void {
  counts.newlines++;
  const pieces = length <= MAX_LINE_BYTES ? 1 : Math.ceil(length / MAX_LINE_BYTES);
  counts.events += pieces;
  counts.pieces += pieces - 1;
  counts.longestLine = Math.max(counts.longestLine, length);
  counts.lineBytes = 0;
}

/** Uploads the generated log as a multipart object, one 64 MB part generated at a time (never the whole text). */
async function upload(s3: S3ClientType, bucket: string, key: string, epochs: number): Promise<{ counts: TextCounts; truth: EpochTruth[] }> {
  const sdk = await import('@aws-sdk/client-s3');
  const counts: TextCounts = { bytes: 0, newlines: 0, events: 0, pieces: 0, longestLine: 0, lineBytes: 0 };
  const truth: EpochTruth[] = [];
  const partSize = 64 * MB;
  const { UploadId } = await s3.send(new sdk.CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: 'text/plain' }));
  const parts: { ETag: string | undefined; PartNumber: number }[] = [];
  let part = Buffer.allocUnsafe(partSize);
  let at = 0;
  const send = async (body: Buffer) => {
    const PartNumber = parts.length + 1;
    const { ETag } = await s3.send(new sdk.UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber, Body: body }));
    parts.push({ ETag, PartNumber });
  };
  for (const text of kerasLog(epochs, truth)) {
    countText(text, counts);
    let rest = text;
    while (rest.length > 0) {
      const written = part.write(rest, at, 'latin1');
      at += written;
      rest = rest.slice(written);
      if (at === partSize) {
        await send(part);
        part = Buffer.allocUnsafe(partSize);
        at = 0;
      }
    }
  }
  if (at > 0 || parts.length === 0) await send(part.subarray(0, at));
  if (counts.lineBytes > 0) endLine(counts, counts.lineBytes);
  await s3.send(new sdk.CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
  return { counts, truth };
}

// ---------------------------------------------------------------------------------------------
// Checks.
// ---------------------------------------------------------------------------------------------

/** What is wrong with a parse, or undefined. */
function checkParse(parsed: ParseSummary | undefined, truth: readonly EpochTruth[]): string | undefined {
  if (parsed === undefined) return 'no result';
  if (parsed.format !== 'keras') return `format ${parsed.format}, expected keras`;
  if (parsed.epochs.length !== truth.length) return `${parsed.epochs.length} epochs found, expected ${truth.length}`;
  for (let i = 0; i < truth.length; i++) {
    const want = truth[i]!;
    const got = parsed.epochs[i]!;
    const fields = (['epoch', 'totalEpochs', 'steps', 'seconds'] as const).filter((f) => got[f] !== want[f]);
    if (fields.length > 0) return `epoch ${want.epoch}: ${fields.map((f) => `${f} ${String(got[f])}, expected ${want[f]}`).join('; ')}`;
    const names = Object.keys(want.metrics) as (keyof EpochTruth['metrics'])[];
    if (Object.keys(got.metrics).length !== names.length || names.some((n) => got.metrics[n] !== want.metrics[n])) {
      return `epoch ${want.epoch}: metrics ${JSON.stringify(got.metrics)}, expected ${JSON.stringify(want.metrics)}`;
    }
  }
  const last = truth[truth.length - 1]!.metrics;
  for (const [name, value] of Object.entries(last)) {
    if (parsed.final[name] !== value) return `final ${name} ${String(parsed.final[name])}, expected ${value}`;
  }
  return undefined;
}

function checkRead(r: RunResult, counts: TextCounts): string | undefined {
  const chars = counts.bytes - counts.newlines;
  if (r.events !== counts.events || r.pieces !== counts.pieces || r.chars !== chars) {
    return `${r.events} events / ${r.pieces} continued / ${r.chars} characters, expected ${counts.events} / ${counts.pieces} / ${chars}`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Profiles (BENCH_METRICS_PROFILE=1).
// ---------------------------------------------------------------------------------------------

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Maps a line of the esbuild bundle to the src/ module it comes from (esbuild's `// src/...ts` comments). */
function bundleModules(bundlePath: string): (line: number) => string {
  const starts: { line: number; module: string }[] = [];
  readFileSync(bundlePath, 'utf8')
    .split('\n')
    .forEach((text, line) => {
      const m = /^\/\/ ((?:src|node_modules)\/\S+)$/.exec(text);
      if (m !== null) starts.push({ line, module: m[1]! });
    });
  return (line) => {
    let module = '(bundle)';
    for (const s of starts) {
      if (s.line > line) break;
      module = s.module;
    }
    return module;
  };
}

/** Self and total time per function of one profile, top rows printed. */
function printProfile(title: string, path: string, moduleOf: (line: number) => string, bundleUrl: string): void {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, profile.timeDeltas[i] ?? 0)));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  /** `name (where)` and the module it counts for: a src/ module, a node: module, a package, or V8 itself. */
  const place = (n: ProfileNode): { label: string; module: string } => {
    const { functionName, url, lineNumber } = n.callFrame;
    const name = functionName === '' ? '(anonymous)' : functionName;
    if (url === bundleUrl) {
      const module = moduleOf(lineNumber);
      return { label: `${name} (${module})`, module };
    }
    if (url === '') return { label: name, module: '(V8: GC, regexp, builtins, native)' };
    const where = url.replace(/^file:\/\/.*\/node_modules\//, '').replace(/^file:\/\/.*\/\.cache\//, '.cache/');
    const module = where.startsWith('node:') ? where : where.startsWith('.cache/') ? where : (where.match(/^(@[^/]+\/[^/]+|[^/]+)/)?.[1] ?? where);
    return { label: `${name} (${where}:${lineNumber + 1})`, module };
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const perModule = new Map<string, number>();
  const skipped = /^\((root|program|idle)\)$/;
  let totalUs = 0;
  // Total time: self time of the node and everything under it, counted once per function on a path.
  const walk = (id: number, onPath: Set<string>): number => {
    const n = byId.get(id)!;
    const { label, module } = place(n);
    const own = skipped.test(label) ? 0 : (selfUs.get(id) ?? 0);
    totalUs += own;
    self.set(label, (self.get(label) ?? 0) + own);
    perModule.set(module, (perModule.get(module) ?? 0) + own);
    let sum = own;
    const nested = onPath.has(label);
    const path = nested ? onPath : new Set(onPath).add(label);
    for (const c of n.children ?? []) sum += walk(c, path);
    if (!nested) total.set(label, (total.get(label) ?? 0) + sum);
    return sum;
  };
  walk(profile.nodes[0]!.id, new Set());
  const rows = (m: Map<string, number>, n: number) =>
    [...m]
      .filter(([k]) => !skipped.test(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `| ${k} | ${(us / 1000).toFixed(0)} | ${((100 * us) / totalUs).toFixed(1)}% |`);
  console.log(`\n${title}: ${(totalUs / 1000).toFixed(0)} ms sampled (idle left out)\n`);
  console.log('| function (self time) | ms | share |\n|---|---:|---:|');
  console.log(rows(self, 18).join('\n'));
  console.log('\n| function (total time: itself and what it calls) | ms | share |\n|---|---:|---:|');
  console.log(rows(total, 18).join('\n'));
  console.log('\n| module (self time) | ms | share |\n|---|---:|---:|');
  console.log(rows(perModule, 10).join('\n'));
}

// ---------------------------------------------------------------------------------------------
// Parent: moto, upload, runs, report, clean-up.
// ---------------------------------------------------------------------------------------------

interface Child {
  runner: string;
  bundle: string;
  dir: string;
}

function runChild(child: Child, reader: Reader, endpoint: string, bucket: string, key: string, profileOut?: string): Promise<RunResult> {
  const flags = reader === 'parse-only' ? ['--expose-gc'] : [];
  const args = [...flags, child.runner, reader, endpoint, bucket, key, pathToFileURL(child.bundle).href];
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1' };
  delete env.BENCH_METRICS_PROFILE_OUT;
  if (profileOut !== undefined) env.BENCH_METRICS_PROFILE_OUT = profileOut;
  return runJsonChild<RunResult>([process.execPath, ...args], reader, env);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function parent(): Promise<number> {
  const { startMoto } = await import('../test/support/moto');
  const { S3Client, CreateBucketCommand, DeleteObjectCommand, DeleteBucketCommand, HeadObjectCommand } = await import('@aws-sdk/client-s3');
  const targetMB = Number(process.env.BENCH_METRICS_MB ?? 96);
  const rounds = Number(process.env.BENCH_METRICS_ROUNDS ?? 3);
  const profile = process.env.BENCH_METRICS_PROFILE === '1';
  if (!(targetMB > 0) || !Number.isInteger(rounds) || rounds < 1) throw new TypeError('BENCH_METRICS_MB must be a positive number and BENCH_METRICS_ROUNDS a positive integer');
  const bucket = 'bench-metrics';
  const key = 'resnet50-imagenet-tfkeras2/training-log.txt';
  const epochs = Math.max(1, Math.ceil((targetMB * MB) / epochBytes()));

  const moto = await startMoto();
  const s3 = new S3Client({ endpoint: moto.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const results: RunResult[] = [];
  const profiles: { reader: Reader; path: string }[] = [];
  let uploaded = false;
  let bucketMade = false;
  let objectBytes = 0;
  let counts: TextCounts | undefined;
  let truth: EpochTruth[] = [];
  let child: Child | undefined;
  let profileDir: string | undefined;
  let moduleOf: ((line: number) => string) | undefined;
  try {
    child = await bundleForChild(
      'sagemaker-bench-metrics',
      {
        './src/logs/S3TextLogSource': ['S3TextLogSource'],
        './src/metrics/parseTrainingLog': ['parseTrainingLog'],
        './src/metrics/TrainingLogParser': ['TrainingLogParser'],
      },
      RUNNER,
    );
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    bucketMade = true;
    const tUp = performance.now();
    ({ counts, truth } = await upload(s3, bucket, key, epochs));
    uploaded = true;
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    objectBytes = head.ContentLength ?? 0;
    if (objectBytes !== counts.bytes) throw new Error(`moto holds ${objectBytes} bytes, ${counts.bytes} were generated`);
    console.log(
      `tf.keras 2 verbose=1 log of ${(objectBytes / MB).toFixed(1)} MB (${epochs} epochs of ${STEPS.toLocaleString('en-US')} steps, ` +
        `${(counts.longestLine / MB).toFixed(1)} MB epoch lines: ${counts.events.toLocaleString('en-US')} events of which ${counts.pieces} continued) ` +
        `uploaded to moto in ${((performance.now() - tUp) / 1000).toFixed(1)} s; read from moto directly (node ${process.version}, ${availableParallelism()} CPUs shared with moto).` +
        (targetMB < ACCEPTANCE_MIN_MB ? `\nBENCH_METRICS_MB=${targetMB}: smaller than the ${ACCEPTANCE_MIN_MB} MB of the acceptance check (a development run).` : '') +
        '\n',
    );
    // Interleaved, each reader as often first as last: read, parse, parse-only, parse-only, parse, read, ...
    const order: Reader[] = [];
    for (let i = 0; i < rounds; i++) order.push(...READERS, ...[...READERS].reverse());
    for (const reader of order) {
      const r = await runChild(child, reader, moto.endpoint, bucket, key);
      results.push(r);
      console.log(
        `  run: ${reader.padEnd(10)} ${(objectBytes / MB / (r.ms / 1000)).toFixed(1).padStart(6)} MB/s, ${(r.ms / 1000).toFixed(2)} s, ` +
          `CPU ${(r.cpuMs / 1000).toFixed(2)} s, peak RSS ${r.maxRssMB.toFixed(0)} MB`,
      );
    }
    if (profile) {
      profileDir = mkdtempSync(join(tmpdir(), 'bench-metrics-prof-'));
      moduleOf = bundleModules(child.bundle);
      for (const reader of ['parse', 'parse-only'] as const) {
        const path = join(profileDir, `${reader}.cpuprofile`);
        const r = await runChild(child, reader, moto.endpoint, bucket, key, path);
        console.log(`  profiled run: ${reader.padEnd(10)} ${(r.ms / 1000).toFixed(2)} s (profiler on; not in the table)`);
        profiles.push({ reader, path });
      }
    }
  } finally {
    if (uploaded) await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(() => undefined);
    if (bucketMade) await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
    s3.destroy();
    await moto.stop();
    if (child !== undefined) {
      if (profiles.length > 0 && moduleOf !== undefined) {
        const bundleUrl = pathToFileURL(child.bundle).href;
        for (const p of profiles) printProfile(`CPU profile of the timed section of one ${p.reader} run`, p.path, moduleOf, bundleUrl);
      }
      rmSync(child.dir, { recursive: true, force: true });
    }
    if (profileDir !== undefined) {
      for (const f of readdirSync(profileDir)) rmSync(join(profileDir, f), { force: true });
      rmSync(profileDir, { recursive: true, force: true });
    }
  }

  // Correctness of every run.
  const failures: string[] = [];
  for (const r of results) {
    const wrong = r.reader === 'read' ? checkRead(r, counts!) : checkParse(r.parsed, truth);
    if (wrong !== undefined) failures.push(`${r.reader}: ${wrong}`);
    if (r.reader === 'parse-only') {
      const heldWrong = checkRead(r, counts!);
      if (heldWrong !== undefined) failures.push(`parse-only (events held): ${heldWrong}`);
    }
  }
  const warnings = new Set(results.flatMap((r) => r.parsed?.warnings ?? []));

  const of = (reader: Reader) => results.filter((r) => r.reader === reader);
  const best = (reader: Reader) => Math.min(...of(reader).map((r) => r.ms));
  const med = (reader: Reader) => median(of(reader).map((r) => r.ms));
  const peak = (reader: Reader) => Math.max(...of(reader).map((r) => r.maxRssMB));
  const mbps = (ms: number) => objectBytes / MB / (ms / 1000);
  const row = (label: string, reader: Reader) =>
    `| ${label} | ${(best(reader) / 1000).toFixed(2)} | ${(med(reader) / 1000).toFixed(2)} | ${mbps(med(reader)).toFixed(1)} / ${mbps(best(reader)).toFixed(1)} | ` +
    `${(med(reader) / med('read')).toFixed(2)}x / ${(best(reader) / best('read')).toFixed(2)}x | ${peak(reader).toFixed(0)} |`;

  console.log(
    `\n${rounds * 2} runs of each reader, interleaved, each in a fresh process; ${truth.length} epochs and their final values checked in every parse, ` +
      `${counts!.events.toLocaleString('en-US')} events and ${(counts!.bytes - counts!.newlines).toLocaleString('en-US')} characters in every read:\n`,
  );
  console.log('| reader | best s | median s | MB/s (median / best) | time ratio to read (median / best) | peak RSS MB |');
  console.log('|---|---:|---:|---:|---:|---:|');
  console.log(row('(a) read: S3TextLogSource.read(), events + characters counted', 'read'));
  console.log(row('(b) parse: parseTrainingLog(source)', 'parse'));
  console.log(row('(c) parse-only: TrainingLogParser push() per piece + result(), from memory', 'parse-only'));

  const ratioMedian = med('parse') / med('read');
  const ratioBest = best('parse') / best('read');
  const rss = peak('parse');
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  console.log('');
  console.log(`- ${verdict(failures.length === 0)}: every parse found all ${truth.length} epochs with the right final values (and every read the right text)`);
  for (const f of failures.slice(0, 10)) console.log(`  - ${f}`);
  console.log(
    `- ${verdict(ratioMedian <= RATIO_TARGET)}: parse time / read time <= ${RATIO_TARGET} (medians): ${ratioMedian.toFixed(2)} ` +
      `(best vs best: ${ratioBest.toFixed(2)}; parse-only runs at ${mbps(med('parse-only')).toFixed(1)} MB/s next to read's ${mbps(med('read')).toFixed(1)} MB/s, medians)`,
  );
  console.log(`- ${verdict(rss < RSS_TARGET_MB)}: peak RSS of parse < ${RSS_TARGET_MB} MB: ${rss.toFixed(0)} MB`);
  if (warnings.size > 0) console.log(`\nParser warnings: ${[...warnings].join(' | ')}`);
  if (targetMB < ACCEPTANCE_MIN_MB) console.log(`\n(${(objectBytes / MB).toFixed(1)} MB: not an acceptance run; the check needs BENCH_METRICS_MB >= ${ACCEPTANCE_MIN_MB}, default 96.)`);
  return failures.length === 0 && ratioMedian <= RATIO_TARGET && rss < RSS_TARGET_MB ? 0 : 1;
}

process.exitCode = await parent();

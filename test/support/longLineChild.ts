/**
 * Run in a child process by S3TextLogSource.memory.integration.test.ts: serves one generated log
 * object over a tiny S3-like HTTP server on 127.0.0.1, reads it with the real S3 client through
 * S3TextLogSource into saveLog, and prints one JSON line: the pieces, the bytes, whether the
 * saved file equals the object, and the process's peak RSS. The log is tqdm progress bars joined
 * by `\r` and no `\n` until the very end: one line of `MB` megabytes.
 *
 * Usage: node --import tsx test/support/longLineChild.ts <megabytes> <plain|gzip> <outFile> [maxLineBytes]
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { S3Client } from '@aws-sdk/client-s3';
import { S3TextLogSource } from '../../src/logs/S3TextLogSource';
import { saveLog } from '../../src/logs/saveLog';

const megabytes = Number(process.argv[2] ?? 100);
const mode = process.argv[3] === 'gzip' ? 'gzip' : 'plain';
const out = process.argv[4] ?? '/tmp/long-line.txt';
const total = megabytes * 1024 * 1024;
const lineLimit = process.argv[5] === undefined ? {} : { maxLineBytes: Number(process.argv[5]) };

/** 64 KiB of `\r`-joined bars, built once and repeated: the text is this block over and over. */
const BLOCK = (() => {
  let bars = '';
  for (let i = 0; Buffer.byteLength(bars) < 65_536; i++) {
    const pct = i % 101;
    bars += `Epoch 1: ${String(pct).padStart(3)}%|${'█'.repeat(pct >> 3)}${' '.repeat(12 - (pct >> 3))}| ${i}/100000 [00:12<00:20, 31.4it/s, loss=${(1 / (i + 2)).toFixed(4)}]\r`;
  }
  return Buffer.from(bars, 'utf8');
})();

/** The log's text in chunks: the block repeated, cut to `total` bytes, a `\n` at the very end. */
function* text(): Generator<Buffer> {
  for (let written = 0; written < total; written += BLOCK.length) {
    const left = total - written;
    yield left > BLOCK.length ? BLOCK : Buffer.concat([BLOCK.subarray(0, left - 1), Buffer.from('\n')]);
  }
}

function hashOf(chunks: Iterable<Buffer>): string {
  const hash = createHash('sha256');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

async function main(): Promise<void> {
  const expected = hashOf(text());
  // The object as stored: the text, or its gzip (built once, in memory: small, bars compress well).
  let stored: Buffer | undefined;
  if (mode === 'gzip') {
    const parts: Buffer[] = [];
    for await (const part of Readable.from(text()).pipe(createGzip())) parts.push(part as Buffer);
    stored = Buffer.concat(parts);
  }
  const size = stored?.length ?? total;
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-length': size, etag: '"fixed"', 'content-type': 'text/plain' });
    const body = stored !== undefined ? Readable.from([stored]) : Readable.from(text());
    body.pipe(res);
    req.on('close', () => body.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const client = new S3Client({ endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const key = mode === 'gzip' ? 'bars.log.gz' : 'bars.log';

  let pieces = 0;
  let continued = 0;
  let longest = 0;
  for await (const event of new S3TextLogSource({ client, uri: `s3://bucket/${key}`, ...lineLimit }).read()) {
    pieces++;
    if (event.continued) continued++;
    longest = Math.max(longest, Buffer.byteLength(event.message));
  }
  const saved = await saveLog(new S3TextLogSource({ client, uri: `s3://bucket/${key}`, ...lineLimit }), out);
  const savedHash = await new Promise<string>((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(out).on('data', (chunk) => hash.update(chunk)).on('end', () => resolve(hash.digest('hex'))).on('error', reject);
  });
  client.destroy();
  server.close();
  console.log(
    JSON.stringify({
      mode,
      textBytes: total,
      storedBytes: size,
      pieces,
      continued,
      longestPieceBytes: longest,
      savedLines: saved.lines,
      savedBytes: saved.bytes,
      identical: savedHash === expected,
      maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

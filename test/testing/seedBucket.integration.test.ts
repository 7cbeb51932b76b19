import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLogText } from '../../src/logs/readLogText';
import { S3TextLogSource } from '../../src/logs/S3TextLogSource';
import { motoAvailable, seedBucket, startMoto, type MotoServer } from '../../src/testing/index';

const moto = motoAvailable();
if (!moto.ok) console.warn(`seedBucket integration tests skipped: ${moto.reason}`);

describe.skipIf(!moto.ok)('seedBucket against moto', () => {
  let server: MotoServer;

  beforeAll(async () => {
    server = await startMoto();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('creates the bucket, stores texts as UTF-8 and bytes as they are, and gives their URIs in order', async () => {
    const uris = await seedBucket(server.clients, 'seed-bucket', {
      'runs/a/training-log.txt': 'épochs ✓\nline 2\n',
      'runs/a/output/model.tar.gz': new Uint8Array([0x1f, 0x8b, 0, 255]),
    });

    expect(uris).toEqual(['s3://seed-bucket/runs/a/training-log.txt', 's3://seed-bucket/runs/a/output/model.tar.gz']);
    const model = await server.clients.s3.send(new GetObjectCommand({ Bucket: 'seed-bucket', Key: 'runs/a/output/model.tar.gz' }));
    expect([...(await model.Body!.transformToByteArray())]).toEqual([0x1f, 0x8b, 0, 255]);
    expect(await readLogText(new S3TextLogSource({ client: server.clients.s3, uri: uris[0]! }))).toBe('épochs ✓\nline 2');
  });

  it('adds objects to a bucket that exists already', async () => {
    await seedBucket(server.clients, 'seed-twice', { 'a.txt': 'a' });
    await seedBucket(server.clients, 'seed-twice', { 'b.txt': 'b' });

    const listing = await server.clients.s3.send(new ListObjectsV2Command({ Bucket: 'seed-twice' }));
    expect(listing.Contents?.map((object) => object.Key)).toEqual(['a.txt', 'b.txt']);
  });

  it('creates an empty bucket when given no objects, with just an s3 client', async () => {
    await expect(seedBucket({ s3: server.clients.s3 }, 'seed-empty')).resolves.toEqual([]);
    const listing = await server.clients.s3.send(new ListObjectsV2Command({ Bucket: 'seed-empty' }));
    expect(listing.KeyCount).toBe(0);
  });
});

/**
 * Local mode end to end: the container contract a job really sees (recorded by
 * test/local/support/recordContract.py), two hosts, s3:// channels and outputs against moto, the
 * docker runtime against the stand-in docker (test/support/bin/docker), and an abort.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingJobBuilder } from '../../src/builder/TrainingJobBuilder';
import { describeTrainingJob } from '../../src/jobs/describeTrainingJob';
import { waitForTrainingJob } from '../../src/jobs/waitForTrainingJob';
import { logSourceForJob } from '../../src/logs/logSourceForJob';
import { createLocalClients } from '../../src/local/createLocalClients';
import { LocalSageMakerClient } from '../../src/local/LocalSageMakerClient';
import { fakeCredentials } from '../support/fakeCredentials';
import { type MotoServer, motoAvailable, startMoto } from '../support/moto';

const RECORD = join(import.meta.dirname, 'support/recordContract.py');
const TRAIN = join(import.meta.dirname, '../../examples/local/train.py');
const DOCKER = join(import.meta.dirname, '../support/bin/docker');
const fast = { minDelay: 0.05, maxDelay: 0.1 };

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sm-local-int-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function base(name: string): TrainingJobBuilder {
  return new TrainingJobBuilder()
    .name(name)
    .image('123456789012.dkr.ecr.us-east-1.amazonaws.com/record:latest')
    .role('arn:aws:iam::123456789012:role/SageMakerRole')
    .instance('ml.m5.large')
    .hyperParameters({ epochs: 2, lr: 0.1, 'model-name': 'resnet' })
    .environment({ MY_FLAG: 'yes' });
}

interface Contract {
  env: Record<string, string>;
  baseDir: string;
  dirs: string[];
  files: string[];
  config: Record<string, unknown>;
}

async function contractOf(workDir: string, job: string, host: string): Promise<Contract> {
  return JSON.parse(await readFile(join(workDir, 'jobs', job, 'hosts', host, 'output', 'data', 'contract.json'), 'utf8')) as Contract;
}

describe('local mode, process runtime', () => {
  it('gives every host of a two-instance job the tree and variables SageMaker gives, and merges their models', async () => {
    const workDir = join(root, 'contract');
    const client = new LocalSageMakerClient({ workDir, runtime: 'process', command: ['python3', RECORD] }) as unknown as SageMakerClient;
    const data = join(root, 'contract-data');
    execFileSync('python3', [TRAIN, '--generate', data, '--samples', '50']);
    const job = base('local-contract-1')
      .instance('ml.m5.large', { count: 2 })
      .channel('training', pathToFileURL(`${data}/`).href)
      .outputPath(pathToFileURL(`${root}/contract-out/`).href);
    await job.launch(client);
    const d = await waitForTrainingJob(client, 'local-contract-1', fast);
    expect(d.TrainingJobStatus).toBe('Completed');
    for (const host of ['algo-1', 'algo-2']) {
      const c = await contractOf(workDir, 'local-contract-1', host);
      const tree = join(workDir, 'jobs', 'local-contract-1', 'hosts', host);
      expect(c.baseDir).toBe(tree);
      expect(c.env['SAGEMAKER_BASE_DIR']).toBe(tree);
      expect(c.env['SM_CURRENT_HOST']).toBe(host);
      expect(JSON.parse(c.env['SM_HOSTS']!)).toEqual(['algo-1', 'algo-2']);
      expect(c.env['SM_MODEL_DIR']).toBe(join(tree, 'model'));
      expect(c.env['SM_CHANNEL_TRAINING']).toBe(join(tree, 'input/data/training'));
      expect(JSON.parse(c.env['SM_CHANNELS']!)).toEqual(['training']);
      expect(JSON.parse(c.env['SM_HPS']!)).toEqual({ epochs: 2, lr: 0.1, 'model-name': 'resnet' });
      expect(c.env['SM_HP_EPOCHS']).toBe('2');
      expect(c.env['SM_OUTPUT_DATA_DIR']).toBe(join(tree, 'output/data'));
      expect(c.env['TRAINING_JOB_NAME']).toBe('local-contract-1');
      expect(c.env['TRAINING_JOB_ARN']).toBe('arn:aws:sagemaker:local:local:training-job/local-contract-1');
      expect(c.config['hyperparameters.json']).toEqual({ epochs: '2', lr: '0.1', 'model-name': 'resnet' });
      expect(c.config['resourceconfig.json']).toMatchObject({ current_host: host, hosts: ['algo-1', 'algo-2'], network_interface_name: 'eth0' });
      expect(c.files).toContain('input/data/training/train.csv');
      expect(c.dirs).toEqual(expect.arrayContaining(['model', 'output/data', 'input/config']));
    }
    const listing = execFileSync('tar', ['-tzf', join(root, 'contract-out/local-contract-1/output/model.tar.gz')], { encoding: 'utf8' });
    expect(listing.split('\n').filter(Boolean)).toEqual(['model.txt']);
    const source = await logSourceForJob(createLocalClients({ workDir, runtime: 'process', command: ['true'] }), 'local-contract-1');
    const streams = new Set<string>();
    for await (const e of source.read()) streams.add(e.source.replace(/-\d+$/, ''));
    expect([...streams]).toEqual(['local-contract-1/algo-1', 'local-contract-1/algo-2']);
  });

  it('stops the job when the wait is aborted with stopOnAbort', async () => {
    const client = new LocalSageMakerClient({ workDir: join(root, 'abort'), runtime: 'process', command: ['python3', TRAIN], stopGraceSeconds: 1 }) as unknown as SageMakerClient;
    await base('local-abort-1').hyperParameters({ epochs: 50, 'sleep-per-epoch': 1 }).outputPath(pathToFileURL(`${root}/abort-out/`).href).launch(client);
    const error = await waitForTrainingJob(client, 'local-abort-1', { ...fast, signal: AbortSignal.timeout(1500), stopOnAbort: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    await (client as unknown as LocalSageMakerClient).settled();
    expect((await describeTrainingJob(client, 'local-abort-1')).TrainingJobStatus).toBe('Stopped');
  });
});

const moto = motoAvailable();
describe.skipIf(!moto.ok)('local mode with s3:// channels and outputs (moto)', () => {
  let server: MotoServer;
  let s3: S3Client;
  beforeAll(async () => {
    server = await startMoto();
    s3 = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: fakeCredentials });
    await s3.send(new CreateBucketCommand({ Bucket: 'local-data' }));
    const csv = execFileSync('python3', [TRAIN, '--generate', join(root, 's3-data'), '--samples', '300']) && (await readFile(join(root, 's3-data/train.csv'), 'utf8'));
    await s3.send(new PutObjectCommand({ Bucket: 'local-data', Key: 'digits/part/train.csv', Body: csv }));
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('downloads the channel with its key layout and uploads model.tar.gz where SageMaker puts it', async () => {
    const clients = createLocalClients({ workDir: join(root, 's3'), runtime: 'process', command: ['python3', TRAIN], s3 });
    await base('local-s3-1').channel('training', 's3://local-data/digits/').outputPath('s3://local-data/out').launch(clients.sagemaker);
    const d = await waitForTrainingJob(clients.sagemaker, 'local-s3-1', fast);
    expect(d.TrainingJobStatus).toBe('Completed');
    expect(d.ModelArtifacts?.S3ModelArtifacts).toBe('s3://local-data/out/local-s3-1/output/model.tar.gz');
    const object = await s3.send(new GetObjectCommand({ Bucket: 'local-data', Key: 'out/local-s3-1/output/model.tar.gz' }));
    const bytes = await object.Body!.transformToByteArray();
    expect(bytes[0]).toBe(0x1f); // gzip
    const tree = join(root, 's3', 'jobs', 'local-s3-1', 'hosts', 'algo-1');
    expect(execFileSync('ls', [join(tree, 'input/data/training/part')], { encoding: 'utf8' }).trim()).toBe('train.csv');
  });

  it('fails a job whose s3:// channel is empty, with the words SageMaker uses', async () => {
    const clients = createLocalClients({ workDir: join(root, 's3'), runtime: 'process', command: ['python3', TRAIN], s3 });
    await base('local-s3-empty').channel('training', 's3://local-data/nothing-here/').outputPath('s3://local-data/out').launch(clients.sagemaker);
    const d = await waitForTrainingJob(clients.sagemaker, 'local-s3-empty', fast).catch(() => describeTrainingJob(clients.sagemaker, 'local-s3-empty'));
    expect(d.TrainingJobStatus).toBe('Failed');
    expect(d.FailureReason).toMatch(/No S3 objects found under S3 URL "s3:\/\/local-data\/nothing-here\/"/);
  });
});

describe('local mode, docker runtime (the stand-in docker)', () => {
  it('runs the image with the tree mounted, `train`, the variables through the client environment, and removes the container', async () => {
    const log = join(root, 'docker.log');
    Object.assign(process.env, { FAKE_DOCKER_MODE: 'ok', FAKE_DOCKER_LOG: log, FAKE_DOCKER_TRAIN: JSON.stringify(['python3', RECORD]) });
    try {
      const workDir = join(root, 'docker');
      const client = new LocalSageMakerClient({ workDir, docker: DOCKER }) as unknown as SageMakerClient; // auto: the daemon answers
      await base('local-docker-1').instance('ml.g5.xlarge').outputPath(pathToFileURL(`${root}/docker-out/`).href).launch(client);
      const d = await waitForTrainingJob(client, 'local-docker-1', fast);
      expect(d.TrainingJobStatus).toBe('Completed');
      const calls = (await readFile(log, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { argv: string[] });
      const run = calls.find((c) => c.argv[0] === 'run')!.argv;
      expect(run).toEqual(expect.arrayContaining(['--rm', '--name', 'local-docker-1-algo-1', '--hostname', 'algo-1']));
      expect(run.slice(-2)).toEqual(['123456789012.dkr.ecr.us-east-1.amazonaws.com/record:latest', 'train']);
      expect(run.join(' ')).toMatch(/:\/opt\/ml\/model/);
      expect(run).toContain('MY_FLAG'); // -e MY_FLAG: the value comes from the client's environment, not argv
      expect(run.join(' ')).not.toContain('MY_FLAG=yes');
      const c = await contractOf(workDir, 'local-docker-1', 'algo-1');
      expect(c.env['SM_MODEL_DIR']).toBe('/opt/ml/model');
      expect(c.env['MY_FLAG'] ?? process.env['MY_FLAG']).toBeUndefined(); // only SM_*/TRAINING_*/SAGEMAKER_* recorded
    } finally {
      for (const k of ['FAKE_DOCKER_MODE', 'FAKE_DOCKER_LOG', 'FAKE_DOCKER_TRAIN']) delete process.env[k];
    }
  });
});

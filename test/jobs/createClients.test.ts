import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { createClients } from '../../src/jobs/createClients';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('createClients', () => {
  it('returns the three SDK clients, the classes user code imports', () => {
    const clients = createClients({ region: 'us-east-1', credentials });

    expect(clients.sagemaker).toBeInstanceOf(SageMakerClient);
    expect(clients.s3).toBeInstanceOf(S3Client);
    expect(clients.logs).toBeInstanceOf(CloudWatchLogsClient);
  });

  it('gives every client the region and the credentials', async () => {
    const clients = createClients({ region: 'eu-west-1', credentials });

    for (const client of [clients.sagemaker, clients.s3, clients.logs]) {
      await expect(client.config.region()).resolves.toBe('eu-west-1');
      await expect(client.config.credentials()).resolves.toMatchObject(credentials);
    }
  });

  it('points every client at the endpoint and makes S3 use path-style addressing', async () => {
    const clients = createClients({ region: 'us-east-1', credentials, endpoint: 'http://127.0.0.1:5000' });

    for (const client of [clients.sagemaker, clients.s3, clients.logs]) {
      const endpoint = await client.config.endpoint!();
      expect(`${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`).toBe('http://127.0.0.1:5000');
    }
    expect(clients.s3.config.forcePathStyle).toBe(true);
  });

  it('leaves S3 in virtual-hosted style without an endpoint', () => {
    expect(createClients({ region: 'us-east-1', credentials }).s3.config.forcePathStyle).toBe(false);
  });

  it('passes the profile to every client for the standard credential chain', () => {
    const clients = createClients({ region: 'us-east-1', profile: 'research' });

    for (const client of [clients.sagemaker, clients.s3, clients.logs]) {
      expect((client.config as { profile?: string }).profile).toBe('research');
    }
  });

  it('needs no options and contacts nothing when it is called', () => {
    const clients = createClients();

    expect(Object.keys(clients).sort()).toEqual(['logs', 's3', 'sagemaker']);
  });
});

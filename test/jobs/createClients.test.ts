import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { ClientConfigError } from '../../src/errors';
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

describe('createClients: options that cannot work', () => {
  /** The ClientConfigError createClients throws for `options`. */
  function refusal(options: Parameters<typeof createClients>[0]): ClientConfigError {
    try {
      createClients({ credentials, ...options });
    } catch (error) {
      expect(error).toBeInstanceOf(ClientConfigError);
      return error as ClientConfigError;
    }
    throw new Error(`createClients accepted ${JSON.stringify(options)}`);
  }

  it.each([
    ['us east 1', 'us-east-1'],
    ['US-EAST-1', 'us-east-1'],
    ['us-east-1a', 'us-east-1'],
    ['useast1', 'us-east-1'],
  ])('refuses the region %j, naming it and what was meant', (region, suggestion) => {
    const error = refusal({ region });

    expect(error).toMatchObject({ option: 'region', value: region, suggestion });
    expect(error.message).toContain(JSON.stringify(region));
    expect(error.message).toContain('e.g. us-east-1');
    expect(error.message).toMatch(new RegExp(`did you mean ${suggestion}\\?$`));
  });

  it('refuses an empty region, saying how to leave it to the environment', () => {
    const error = refusal({ region: '' });

    expect(error).toMatchObject({ option: 'region', value: '', suggestion: undefined });
    expect(error.message).toBe("region is empty: give an AWS region such as us-east-1, or leave it out to use AWS_REGION or the profile's region");
  });

  it('refuses a region that is not a string', () => {
    expect(refusal({ region: 1 as unknown as string }).message).toMatch(/^region must be a string such as 'us-east-1', got/);
  });

  it('accepts a well-formed region the SDK does not know (new regions appear) and contacts nothing', () => {
    expect(createClients({ region: 'us-east-7', credentials }).sagemaker).toBeInstanceOf(SageMakerClient);
  });

  it.each([
    ['127.0.0.1:5000', 'http://127.0.0.1:5000'],
    ['localhost:4566', 'http://localhost:4566'],
    ['localhost', 'http://localhost'],
    ['moto.internal:5000/prefix', 'http://moto.internal:5000/prefix'],
    ['[::1]:5000', 'http://[::1]:5000'],
  ])('refuses the endpoint %j, which has no scheme, and suggests %s', (endpoint, suggestion) => {
    const error = refusal({ region: 'us-east-1', endpoint });

    expect(error).toMatchObject({ option: 'endpoint', value: endpoint, suggestion });
    expect(error.message).toBe(`endpoint '${endpoint}' has no scheme: did you mean ${suggestion}?`);
  });

  it.each([
    ['not a url', /^endpoint 'not a url' is not a URL: expected http:\/\/ or https:\/\/ and a host/],
    ['', /^endpoint is empty/],
    ['ftp://127.0.0.1:5000', /^endpoint 'ftp:\/\/127\.0\.0\.1:5000' is a ftp: URL: only http:\/\/ and https:\/\/ endpoints work/],
    ['file:///tmp/x', /is a file: URL/],
    ['http://', /^endpoint 'http:\/\/' is not a valid URL/],
    ['http://exa mple.com', /is not a valid URL/],
  ])('refuses the endpoint %j', (endpoint, message) => {
    const error = refusal({ region: 'us-east-1', endpoint });

    expect(error.option).toBe('endpoint');
    expect(error.message).toMatch(message);
  });

  it.each(['http://127.0.0.1:5000', 'https://sagemaker.example.internal/', 'HTTP://LOCALHOST:4566', 'http://[::1]:5000'])('accepts the endpoint %s', (endpoint) => {
    expect(() => createClients({ region: 'us-east-1', credentials, endpoint })).not.toThrow();
  });

  it.each([
    ['', /^profile is empty/, undefined],
    ['[profile research]', /cannot be a profile name.*did you mean research\?$/, 'research'],
    [' research', /cannot be a profile name.*did you mean research\?$/, 'research'],
    ['my profile', /cannot be a profile name/, undefined],
  ])('refuses the profile %j', (profile, message, suggestion) => {
    const error = refusal({ region: 'us-east-1', profile });

    expect(error).toMatchObject({ option: 'profile', value: profile, suggestion });
    expect(error.message).toMatch(message);
  });

  it.each([
    [{ firstByteMs: 0 }, 0, /^timeouts\.firstByteMs must be a number of milliseconds above 0 and at most 2147483647, got 0$/],
    [{ idleMs: -1 }, -1, /^timeouts\.idleMs must be .* got -1$/],
    [{ connectMs: Number.NaN }, Number.NaN, /^timeouts\.connectMs must be .* got NaN$/],
    [{ firstByteMs: Number.POSITIVE_INFINITY }, Number.POSITIVE_INFINITY, /got Infinity$/],
    [{ idleMs: 2 ** 31 }, 2 ** 31, /at most 2147483647, got 2147483648$/],
    [{ firstByteMs: '500' }, '500', /got "500"$/],
  ])('refuses the time limit %j', (timeouts, value, message) => {
    const error = refusal({ region: 'us-east-1', timeouts: timeouts as never });

    expect(error).toMatchObject({ option: 'timeouts', value });
    expect(error.message).toMatch(message);
  });

  it('refuses timeouts that are not an object, and limits it does not have', () => {
    expect(refusal({ timeouts: 5000 as never }).message).toBe('timeouts must be an object such as { firstByteMs: 10_000 }, got 5000');
    expect(refusal({ timeouts: { requestTimeout: 5000 } as never }).message).toBe(
      'timeouts.requestTimeout is not a time limit of createClients (connectMs, firstByteMs, idleMs)',
    );
  });

  it('accepts time limits in milliseconds above 0, up to the longest a Node timer waits', () => {
    const clients = createClients({ region: 'us-east-1', credentials, timeouts: { connectMs: 1_500, firstByteMs: 0.5, idleMs: 2_147_483_647 } });

    expect(clients.sagemaker).toBeInstanceOf(SageMakerClient);
    expect(clients.s3).toBeInstanceOf(S3Client);
    expect(clients.logs).toBeInstanceOf(CloudWatchLogsClient);
  });
});

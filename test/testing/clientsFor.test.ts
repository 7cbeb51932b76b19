import { describe, expect, it } from 'vitest';
import { clientsFor } from '../../src/testing/clientsFor';
import { fakeCredentials } from '../../src/testing/fakeCredentials';

describe('clientsFor', () => {
  it('points the three clients at a URL, in us-east-1, with fake credentials and path-style S3', async () => {
    const clients = clientsFor('http://127.0.0.1:5000');

    for (const client of [clients.sagemaker, clients.s3, clients.logs]) {
      const endpoint = await client.config.endpoint?.();
      expect(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`).toBe('http://127.0.0.1:5000');
      expect(await client.config.region()).toBe('us-east-1');
      expect(await client.config.credentials()).toMatchObject(fakeCredentials);
    }
    expect(clients.s3.config.forcePathStyle).toBe(true);
  });

  it('takes anything with an endpoint, such as a server or a proxy, and a region', async () => {
    const clients = clientsFor({ endpoint: 'http://127.0.0.1:6000' }, { region: 'eu-west-1' });

    expect((await clients.logs.config.endpoint?.())?.port).toBe(6000);
    expect(await clients.sagemaker.config.region()).toBe('eu-west-1');
  });

  it('refuses something without an endpoint', () => {
    expect(() => clientsFor({} as { endpoint: string })).toThrow(TypeError);
  });
});

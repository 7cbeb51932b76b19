/** How createClients' Clients print in a REPL or a notebook: one line, and nothing resolved to print it. */
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { createClients } from '../../src/jobs/createClients';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

describe('createClients in a REPL', () => {
  it('prints the region and the endpoint in one line under util.inspect and String()', () => {
    const clients = createClients({ region: 'us-east-1', endpoint: 'http://127.0.0.1:5000', credentials });
    const line = 'Clients(region us-east-1, endpoint http://127.0.0.1:5000, credentials given) { sagemaker, s3, logs }';
    expect(inspect(clients)).toBe(line);
    expect(String(clients)).toBe(line);
    expect(inspect({ clients })).toBe(`{\n  clients: ${line}\n}`);
  });

  it('says the region comes from the environment when none was passed, and names the profile', () => {
    expect(String(createClients())).toBe('Clients(region from the environment) { sagemaker, s3, logs }');
    expect(String(createClients({ profile: 'research', region: 'eu-west-1' }))).toBe('Clients(region eu-west-1, profile research) { sagemaker, s3, logs }');
  });

  it('never prints credentials, nor the password of an endpoint URL', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const text = inspect(createClients({ region: 'us-east-1', endpoint: 'http://user:hunter2@127.0.0.1:4566', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: secret } }));
    expect(text).toBe('Clients(region us-east-1, endpoint http://127.0.0.1:4566/, credentials given) { sagemaker, s3, logs }');
    expect(text).not.toMatch(/hunter2|AKIAEXAMPLE|wJalr/);
  });

  it('resolves neither the region nor credentials to print', () => {
    const provider = vi.fn(async () => credentials);
    const clients = createClients({ credentials: provider });
    const region = vi.spyOn(clients.sagemaker.config, 'region');
    expect(inspect(clients)).toBe('Clients(region from the environment, credentials from the function given) { sagemaker, s3, logs }');
    expect(String(clients)).toContain('region from the environment');
    expect(provider).not.toHaveBeenCalled();
    expect(region).not.toHaveBeenCalled();
  });

  it('stays a plain, destructurable { sagemaker, s3, logs }', () => {
    const clients = createClients({ region: 'us-east-1', credentials });
    const { sagemaker, s3, logs } = clients;
    expect([sagemaker, s3, logs].every((client) => typeof client.send === 'function')).toBe(true);
    expect(Object.keys(clients)).toEqual(['sagemaker', 's3', 'logs']);
    expect(Object.getPrototypeOf(clients)).toBe(Object.prototype);
    const copy = { ...clients };
    expect(copy).toEqual(clients);
    expect(String(copy)).toBe('[object Object]');
  });
});

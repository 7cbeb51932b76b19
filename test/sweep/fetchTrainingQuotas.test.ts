/**
 * fetchTrainingQuotas with the real ServiceQuotasClient against a local Service Quotas API
 * (test/support/serviceQuotasServer.ts): every page of ListServiceQuotas, the fallback to
 * ListAWSDefaultServiceQuotas, on-demand and spot quota names, throttling, access denied,
 * argument checks, and a missing @aws-sdk/client-service-quotas.
 */
import { ServiceQuotasClient } from '@aws-sdk/client-service-quotas';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotAuthorizedError, RequestTimeoutError } from '../../src/errors';
import { fetchTrainingQuotas } from '../../src/sweep/fetchTrainingQuotas';
import type { FetchTrainingQuotasOptions } from '../../src/sweep/fetchTrainingQuotas';
import { fakeCredentials } from '../support/fakeCredentials';
import { sageMakerQuota, startServiceQuotasServer } from '../support/serviceQuotasServer';
import type { ServiceQuotasServer } from '../support/serviceQuotasServer';

const { loadOptionalMock } = vi.hoisted(() => ({ loadOptionalMock: vi.fn<(name: string) => unknown>() }));

vi.mock('../../src/internal/loadOptional', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/internal/loadOptional')>();
  loadOptionalMock.mockImplementation(actual.loadOptional);
  return { ...actual, loadOptional: loadOptionalMock };
});

/** The account's applied quotas: what ListServiceQuotas lists (10 quotas: 4 pages of 3). */
const applied = [
  sageMakerQuota({ name: 'ml.p3.2xlarge for training job usage', value: 2 }), // on-demand
  sageMakerQuota({ name: 'ml.p3.2xlarge for spot training job usage', value: 1 }), // spot
  sageMakerQuota({ name: 'ml.p3.2xlarge for training warm pool usage', value: 7 }),
  sageMakerQuota({ name: 'ml.p3.2xlarge for processing job usage', value: 9 }),
  sageMakerQuota({ name: 'ml.g5.xlarge for training job usage', value: 4 }), // on-demand
  sageMakerQuota({ name: 'ml.g5.xlarge for spot training job usage', value: 8 }), // spot
  sageMakerQuota({ name: 'ml.m5.large for endpoint usage', value: 30 }),
  sageMakerQuota({ name: 'Number of instances across all training jobs', value: 4 }),
  sageMakerQuota({ name: 'Longest run time for a training job', value: 432_000 }),
  // A quota whose applied value the service could not read: no Value, an ErrorReason.
  sageMakerQuota({ name: 'ml.c5.xlarge for training job usage' }),
];

/** The AWS defaults: what ListAWSDefaultServiceQuotas lists (5 quotas: 2 pages of 3). */
const defaults = [
  sageMakerQuota({ name: 'ml.p3.2xlarge for training job usage', value: 0, isDefault: true }), // the applied 2 wins
  sageMakerQuota({ name: 'ml.m5.xlarge for training job usage', value: 20, isDefault: true }),
  sageMakerQuota({ name: 'ml.m5.xlarge for spot training job usage', value: 20, isDefault: true }),
  sageMakerQuota({ name: 'ml.c5.xlarge for training job usage', value: 15, isDefault: true }),
  sageMakerQuota({ name: 'ml.g4dn.xlarge for spot training job usage', value: 5, isDefault: true }),
];

const PAGE = 3;
let server: ServiceQuotasServer;
let client: ServiceQuotasClient;

beforeAll(async () => {
  server = await startServiceQuotasServer({ applied, defaults, pageSize: PAGE });
  // maxAttempts 1: the retries are fetchTrainingQuotas' own, not the SDK's.
  client = new ServiceQuotasClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: fakeCredentials, maxAttempts: 1 });
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

beforeEach(() => {
  server.reset();
  server.setPageSize(PAGE);
});

const fast = { attempts: 8, baseDelayMs: 1, maxDelayMs: 5 };
const operations = () => server.requests().map((r) => r.operation);

describe('fetchTrainingQuotas', () => {
  it('reads every page of ListServiceQuotas, 100 at a time, for service code sagemaker', async () => {
    const quotas = await fetchTrainingQuotas({ client, instanceTypes: ['ml.p3.2xlarge', 'ml.g5.xlarge'] });

    expect(quotas).toEqual({ 'ml.g5.xlarge': 4, 'ml.p3.2xlarge': 2 });
    const requests = server.requests();
    expect(requests.map((r) => r.target)).toEqual(Array(4).fill('ServiceQuotasV20190624.ListServiceQuotas'));
    expect(requests.every((r) => r.signed && r.status === 200 && r.contentType.startsWith('application/x-amz-json-1.1'))).toBe(true);
    expect(requests.map((r) => r.body?.ServiceCode)).toEqual(['sagemaker', 'sagemaker', 'sagemaker', 'sagemaker']);
    expect(requests.map((r) => r.body?.MaxResults)).toEqual([100, 100, 100, 100]);
    expect(requests[0]?.body?.NextToken).toBeUndefined();
    expect(requests.slice(1).every((r) => typeof r.body?.NextToken === 'string' && r.body.NextToken !== '')).toBe(true);
  });

  it('returns a frozen record sorted by instance type', async () => {
    const quotas = await fetchTrainingQuotas({ client, instanceTypes: ['ml.p3.2xlarge', 'ml.g5.xlarge'] });

    expect(Object.isFrozen(quotas)).toBe(true);
    expect(Object.keys(quotas)).toEqual(['ml.g5.xlarge', 'ml.p3.2xlarge']);
  });

  it('keeps only the on-demand training quotas, not warm pools, processing, endpoints or account-wide limits', async () => {
    const quotas = await fetchTrainingQuotas({ client });

    // Without instanceTypes both listings are read: the defaults fill in the types never changed.
    expect(quotas).toEqual({ 'ml.c5.xlarge': 15, 'ml.g5.xlarge': 4, 'ml.m5.xlarge': 20, 'ml.p3.2xlarge': 2 });
    expect(operations()).toEqual([...Array(4).fill('ListServiceQuotas'), ...Array(2).fill('ListAWSDefaultServiceQuotas')]);
  });

  it('falls back to ListAWSDefaultServiceQuotas, every page, for an asked type the applied listing lacks', async () => {
    const quotas = await fetchTrainingQuotas({ client, instanceTypes: ['ml.m5.xlarge', 'ml.p3.2xlarge'] });

    // ml.p3.2xlarge keeps its applied 2, not the default 0.
    expect(quotas).toEqual({ 'ml.m5.xlarge': 20, 'ml.p3.2xlarge': 2 });
    expect(operations()).toEqual([...Array(4).fill('ListServiceQuotas'), 'ListAWSDefaultServiceQuotas', 'ListAWSDefaultServiceQuotas']);
    const defaultRequests = server.requests().filter((r) => r.operation === 'ListAWSDefaultServiceQuotas');
    expect(defaultRequests.map((r) => [r.body?.ServiceCode, r.body?.MaxResults])).toEqual([
      ['sagemaker', 100],
      ['sagemaker', 100],
    ]);
    expect(defaultRequests[1]?.body?.NextToken).toEqual(expect.any(String));
  });

  it('takes the default for a quota whose applied value the service could not read', async () => {
    expect(await fetchTrainingQuotas({ client, instanceTypes: ['ml.c5.xlarge'] })).toEqual({ 'ml.c5.xlarge': 15 });
  });

  it('leaves out a type that has no training quota in either listing', async () => {
    const quotas = await fetchTrainingQuotas({ client, instanceTypes: ['ml.p3.2xlarge', 'ml.x9.nothing'] });

    expect(quotas).toEqual({ 'ml.p3.2xlarge': 2 });
    expect(Object.hasOwn(quotas, 'ml.x9.nothing')).toBe(false);
    expect(operations()).toContain('ListAWSDefaultServiceQuotas');
  });

  it('reads the spot training quotas with spot: true, defaults included', async () => {
    const quotas = await fetchTrainingQuotas({ client, instanceTypes: ['ml.p3.2xlarge', 'ml.g5.xlarge', 'ml.g4dn.xlarge'], spot: true });

    expect(quotas).toEqual({ 'ml.g4dn.xlarge': 5, 'ml.g5.xlarge': 8, 'ml.p3.2xlarge': 1 });
  });

  it('reads the on-demand quotas, not the spot ones, by default', async () => {
    const quotas = await fetchTrainingQuotas({ client, instanceTypes: ['ml.g5.xlarge', 'ml.g4dn.xlarge'] });

    expect(quotas).toEqual({ 'ml.g5.xlarge': 4 });
  });

  it('normalizes the instance types asked for: trimmed, lower case, ml. prefixed, duplicates merged', async () => {
    const quotas = await fetchTrainingQuotas({ client, instanceTypes: [' P3.2XLARGE ', 'ml.p3.2xlarge', 'g5.xlarge'] });

    expect(quotas).toEqual({ 'ml.g5.xlarge': 4, 'ml.p3.2xlarge': 2 });
  });

  it('returns an empty record, without any request, for an empty instanceTypes', async () => {
    const quotas = await fetchTrainingQuotas({ client, instanceTypes: [] });

    expect(quotas).toEqual({});
    expect(Object.isFrozen(quotas)).toBe(true);
    expect(server.requests()).toHaveLength(0);
  });

  it('rounds a fractional Value down, and keeps the smaller of two limits listed for one type', async () => {
    const odd = await startServiceQuotasServer({
      applied: [
        sageMakerQuota({ name: 'ml.p3.2xlarge for training job usage', value: 2.9, code: 'L-00000001' }),
        sageMakerQuota({ name: 'ml.g5.xlarge for training job usage', value: 6, code: 'L-00000002' }),
        sageMakerQuota({ name: 'ML.G5.XLARGE for training job usage', value: 3, code: 'L-00000003' }),
        sageMakerQuota({ name: 'ml.m5.large for training job usage', value: 10, level: 'RESOURCE', code: 'L-00000004' }),
      ],
    });
    const oddClient = new ServiceQuotasClient({ endpoint: odd.endpoint, region: 'us-east-1', credentials: fakeCredentials, maxAttempts: 1 });
    try {
      const quotas = await fetchTrainingQuotas({ client: oddClient, instanceTypes: ['ml.p3.2xlarge', 'ml.g5.xlarge'] });
      expect(quotas).toEqual({ 'ml.g5.xlarge': 3, 'ml.p3.2xlarge': 2 });
      // A value applied to one resource is not the account's limit.
      expect(await fetchTrainingQuotas({ client: oddClient, instanceTypes: ['ml.m5.large'] })).toEqual({});
    } finally {
      oddClient.destroy();
      await odd.close();
    }
  });

  it('retries throttled requests and then succeeds', async () => {
    server.throttleNext(2);

    const quotas = await fetchTrainingQuotas({ client, instanceTypes: ['ml.p3.2xlarge'], retry: fast });

    expect(quotas).toEqual({ 'ml.p3.2xlarge': 2 });
    const requests = server.requests();
    expect(requests.slice(0, 2).map((r) => r.errorType)).toEqual(['TooManyRequestsException', 'TooManyRequestsException']);
    expect(requests.slice(2).every((r) => r.status === 200)).toBe(true);
    expect(requests).toHaveLength(2 + 4);
  });

  it('gives up after retry.attempts throttled requests, with the service error', async () => {
    server.throttleNext(100);

    await expect(fetchTrainingQuotas({ client, instanceTypes: ['ml.p3.2xlarge'], retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } })).rejects.toMatchObject({
      name: 'TooManyRequestsException',
    });
    expect(server.requests()).toHaveLength(3);
  });

  it('fails with NotAuthorizedError naming both permissions when ListServiceQuotas is denied, without retrying', async () => {
    server.denyAccess(['ListServiceQuotas']);

    const error = await fetchTrainingQuotas({ client, instanceTypes: ['ml.p3.2xlarge'], retry: fast }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotAuthorizedError);
    expect(error).toMatchObject({ action: 'servicequotas:ListServiceQuotas', operation: 'ListServiceQuotas', errorCode: 'AccessDeniedException' });
    expect((error as Error).message).toMatch(/^Not authorized to call servicequotas:ListServiceQuotas on the sagemaker quotas of Service Quotas/);
    expect((error as Error).message).toContain('it also needs servicequotas:ListAWSDefaultServiceQuotas');
    expect((error as Error).message).toContain('not authorized to perform: servicequotas:ListServiceQuotas');
    expect((error as Error).cause).toMatchObject({ name: 'AccessDeniedException' });
    expect(server.requests()).toHaveLength(1);
  });

  it('fails the same way when only the defaults fallback is denied', async () => {
    server.denyAccess(['ListAWSDefaultServiceQuotas']);

    const error = await fetchTrainingQuotas({ client, instanceTypes: ['ml.m5.xlarge'], retry: fast }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NotAuthorizedError);
    expect((error as NotAuthorizedError).action).toBe('servicequotas:ListAWSDefaultServiceQuotas');
    expect((error as Error).message).toContain('it also needs servicequotas:ListServiceQuotas');
    expect((error as Error).cause).toMatchObject({ name: 'AccessDeniedException' });
    expect(operations()).toEqual([...Array(4).fill('ListServiceQuotas'), 'ListAWSDefaultServiceQuotas']);
  });

  it('does not need the defaults when every asked type is in the applied listing, even if they are denied', async () => {
    server.denyAccess(['ListAWSDefaultServiceQuotas']);

    expect(await fetchTrainingQuotas({ client, instanceTypes: ['ml.g5.xlarge'] })).toEqual({ 'ml.g5.xlarge': 4 });
    expect(operations()).not.toContain('ListAWSDefaultServiceQuotas');
  });

  it('rejects with the signal reason when aborted during a request', async () => {
    server.delayResponses(2_000);
    const controller = new AbortController();
    const reason = new Error('sweep cancelled');
    setTimeout(() => controller.abort(reason), 50);

    await expect(fetchTrainingQuotas({ client, instanceTypes: ['ml.p3.2xlarge'], signal: controller.signal })).rejects.toBe(reason);
    expect(server.requests()).toHaveLength(1);
  });

  it('cuts off a request that gets no answer within timeouts.firstByteMs', async () => {
    server.delayResponses(2_000);

    await expect(
      fetchTrainingQuotas({ client, instanceTypes: ['ml.p3.2xlarge'], timeouts: { firstByteMs: 100 }, retry: { attempts: 1 } }),
    ).rejects.toBeInstanceOf(RequestTimeoutError);
  });

  it('fails rather than loop when the service hands back a NextToken it gave before', async () => {
    const calls: unknown[] = [];
    const looping = {
      send: async (command: { input: unknown }) => {
        calls.push(command.input);
        return { Quotas: [], NextToken: 'c2FtZQ==' };
      },
    } as unknown as ServiceQuotasClient;

    await expect(fetchTrainingQuotas({ client: looping, instanceTypes: ['ml.p3.2xlarge'] })).rejects.toThrow(/NextToken of an earlier page/);
    expect(calls).toHaveLength(2);
  });
});

describe('fetchTrainingQuotas arguments', () => {
  it.each([
    ['no options', undefined],
    ['no client', {}],
    ['a client without send', { client: {} }],
    ['instanceTypes that is not an array', { client: 'client', instanceTypes: 'ml.p3.2xlarge' }],
    ['an instance type that is not a string', { client: 'client', instanceTypes: ['ml.p3.2xlarge', 3] }],
    ['an empty instance type', { client: 'client', instanceTypes: [' '] }],
    ['a spot that is not a boolean', { client: 'client', spot: 'yes' }],
    ['a signal that is not an AbortSignal', { client: 'client', signal: {} }],
    ['timeouts that is not an object', { client: 'client', timeouts: 5 }],
  ])('throws a TypeError for %s, before any request', async (_what, options) => {
    const given = options !== undefined && (options as { client?: unknown }).client === 'client' ? { ...options, client } : options;

    await expect(fetchTrainingQuotas(given as unknown as FetchTrainingQuotasOptions)).rejects.toThrow(TypeError);
    await expect(fetchTrainingQuotas(given as unknown as FetchTrainingQuotasOptions)).rejects.toThrow(/^fetchTrainingQuotas: /);
    expect(server.requests()).toHaveLength(0);
  });

  it.each([
    ['retry.attempts 0', { retry: { attempts: 0 } }],
    ['a negative retry.baseDelayMs', { retry: { baseDelayMs: -1 } }],
    ['timeouts.firstByteMs 0', { timeouts: { firstByteMs: 0 } }],
  ])('throws a RangeError for %s, before any request', async (_what, options) => {
    await expect(fetchTrainingQuotas({ client, ...options })).rejects.toThrow(RangeError);
    expect(server.requests()).toHaveLength(0);
  });

  it('rejects at once with the reason of a signal already aborted', async () => {
    const reason = new Error('no');
    await expect(fetchTrainingQuotas({ client, signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(server.requests()).toHaveLength(0);
  });
});

describe('fetchTrainingQuotas without @aws-sdk/client-service-quotas', () => {
  afterEach(() => {
    vi.resetModules();
  });

  it('throws MissingPeerDependencyError naming the package, before any request', async () => {
    vi.resetModules();
    const notFound = Object.assign(new Error("Cannot find module '@aws-sdk/client-service-quotas'\nRequire stack:\n- /app/src/internal/loadOptional.ts"), {
      code: 'MODULE_NOT_FOUND',
    });
    loadOptionalMock.mockImplementationOnce(() => {
      throw notFound;
    });
    const { fetchTrainingQuotas: fresh } = await import('../../src/sweep/fetchTrainingQuotas');
    const { MissingPeerDependencyError } = await import('../../src/errors');

    const error = await fresh({ client, instanceTypes: ['ml.p3.2xlarge'] }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MissingPeerDependencyError);
    expect(error).toMatchObject({ packageName: '@aws-sdk/client-service-quotas', feature: 'fetchTrainingQuotas', cause: notFound });
    expect((error as Error).message).toContain('npm install @aws-sdk/client-service-quotas');
    expect(server.requests()).toHaveLength(0);
  });

  it('throws as it is a module that the installed package cannot find', async () => {
    vi.resetModules();
    const nested = Object.assign(new Error("Cannot find module '@smithy/core'\nRequire stack:\n- /app/node_modules/@aws-sdk/client-service-quotas/dist-cjs/index.js"), {
      code: 'MODULE_NOT_FOUND',
    });
    loadOptionalMock.mockImplementationOnce(() => {
      throw nested;
    });
    const { fetchTrainingQuotas: fresh } = await import('../../src/sweep/fetchTrainingQuotas');

    await expect(fresh({ client, instanceTypes: ['ml.p3.2xlarge'] })).rejects.toBe(nested);
  });

  it('loads the installed package through loadOptional, once', async () => {
    vi.resetModules();
    loadOptionalMock.mockClear();
    const { fetchTrainingQuotas: fresh } = await import('../../src/sweep/fetchTrainingQuotas');

    await fresh({ client, instanceTypes: ['ml.g5.xlarge'] });
    await fresh({ client, instanceTypes: ['ml.g5.xlarge'] });

    expect(loadOptionalMock.mock.calls).toEqual([['@aws-sdk/client-service-quotas']]);
  });
});

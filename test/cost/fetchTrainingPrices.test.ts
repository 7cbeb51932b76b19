/**
 * fetchTrainingPrices with a mocked PricingClient (aws-sdk-client-mock): argument checks, the
 * region of the client, the rules that pick one rate out of many, and pricingSdk() when
 * @aws-sdk/client-pricing is not installed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fetchTrainingPrices } from '../../src/cost/fetchTrainingPrices';
import type { FetchTrainingPricesOptions } from '../../src/cost/fetchTrainingPrices';
import { isMissingModule, loadOptional } from '../../src/internal/loadOptional';
import { userCacheDir } from '../../src/internal/userCacheDir';
import { fakeCredentials } from '../support/fakeCredentials';
import { sageMakerProduct } from '../support/priceListServer';
import type { PriceListEntry, SageMakerRow } from '../support/priceListServer';

const { loadOptionalMock } = vi.hoisted(() => ({ loadOptionalMock: vi.fn<(name: string) => unknown>() }));

vi.mock('../../src/internal/loadOptional', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/internal/loadOptional')>();
  loadOptionalMock.mockImplementation(actual.loadOptional);
  return { ...actual, loadOptional: loadOptionalMock };
});

const pricing = mockClient(PricingClient);
const client = new PricingClient({ region: 'us-east-1', credentials: fakeCredentials });

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'sagemaker-bench-prices-unit-'));
  process.env['XDG_CACHE_HOME'] = join(scratch, 'xdg');
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  pricing.reset();
});

afterEach(() => {
  vi.useRealTimers();
});

function row(overrides: Partial<SageMakerRow> = {}): SageMakerRow {
  return { sku: 'SKU1', region: 'us-east-1', instance: 'ml.p3.2xlarge', component: 'Training', usd: '3.8250000000', ...overrides };
}

/** A page of products, as GetProducts' output carries them. */
function page(entries: PriceListEntry[], NextToken?: string) {
  return { FormatVersion: 'aws_v1', PriceList: entries.map((e) => JSON.stringify(e)), ...(NextToken === undefined ? {} : { NextToken }) };
}

const fetchUncached = (options: Omit<FetchTrainingPricesOptions, 'client' | 'region'> & { region?: string } = {}) =>
  fetchTrainingPrices({ client, region: 'us-east-1', cache: false, ...options });

describe('fetchTrainingPrices arguments', () => {
  it.each([
    ['no options', undefined],
    ['no client', { region: 'us-east-1' }],
    ['a client without send', { client: {}, region: 'us-east-1' }],
    ['a region that is not a string', { client, region: 1 }],
    ['no region', { client }],
    ['instanceTypes that is not an array', { client, region: 'us-east-1', instanceTypes: 'ml.p3.2xlarge' }],
    ['an instance type that is not a string', { client, region: 'us-east-1', instanceTypes: ['ml.p3.2xlarge', 3] }],
    ['an empty instance type', { client, region: 'us-east-1', instanceTypes: [' '] }],
    ['a cache that is neither an object nor false', { client, region: 'us-east-1', cache: 'yes' }],
    ['a refresh that is not a boolean', { client, region: 'us-east-1', cache: { refresh: 'yes' } }],
  ])('throws a TypeError for %s, before any request', async (_what, options) => {
    await expect(fetchTrainingPrices(options as unknown as FetchTrainingPricesOptions)).rejects.toThrow(TypeError);
    expect(pricing.calls()).toHaveLength(0);
  });

  it.each([['us east 1'], ['../../etc'], ['']])('throws a RangeError for the region code %j', async (region) => {
    await expect(fetchTrainingPrices({ client, region, cache: false })).rejects.toThrow(RangeError);
    expect(pricing.calls()).toHaveLength(0);
  });

  it('throws a RangeError for a negative maxAgeDays', async () => {
    await expect(fetchTrainingPrices({ client, region: 'us-east-1', cache: { dir: scratch, maxAgeDays: -1 } })).rejects.toThrow(/cache\.maxAgeDays/);
  });

  it('answers an empty instanceTypes with an empty region, without a request', async () => {
    await expect(fetchUncached({ instanceTypes: [] })).resolves.toEqual({ regions: { 'us-east-1': {} } });
    expect(pricing.calls()).toHaveLength(0);
  });

  it('asks once per instance type, normalised and without duplicates', async () => {
    pricing.on(GetProductsCommand).resolves(page([]));

    await fetchUncached({ instanceTypes: ['P3.2XLARGE', ' ml.p3.2xlarge ', 'g5.xlarge'] });

    const names = pricing.commandCalls(GetProductsCommand).map((c) => c.args[0].input.Filters?.find((f) => f.Field === 'instanceName')?.Value);
    expect(names).toEqual(['ml.g5.xlarge', 'ml.p3.2xlarge']);
  });

  it('rejects with the reason of a signal that has already aborted, before any request', async () => {
    const reason = new Error('stop');
    await expect(fetchUncached({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(pricing.calls()).toHaveLength(0);
  });
});

describe('the region of the PricingClient', () => {
  it('must serve the Price List API: another one fails before sending, naming the regions that do', async () => {
    const elsewhere = new PricingClient({ region: 'eu-west-1', credentials: fakeCredentials });

    const error = await fetchTrainingPrices({ client: elsewhere, region: 'eu-west-1', cache: false }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/us-east-1, eu-central-1, ap-south-1.*'eu-west-1'/);
    expect(pricing.calls()).toHaveLength(0);
  });

  it.each([['eu-central-1'], ['ap-south-1']])('may be %s', async (region) => {
    pricing.on(GetProductsCommand).resolves(page([sageMakerProduct(row())]));
    const there = new PricingClient({ region, credentials: fakeCredentials });

    const catalog = await fetchTrainingPrices({ client: there, region: 'us-east-1', cache: false });

    expect(catalog.regions['us-east-1']?.['ml.p3.2xlarge']?.usdPerHour).toBe(3.825);
  });

  it('does not matter with a custom endpoint', async () => {
    pricing.on(GetProductsCommand).resolves(page([]));
    const local = new PricingClient({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:9', credentials: fakeCredentials });

    await expect(fetchTrainingPrices({ client: local, region: 'eu-west-1', cache: false })).resolves.toEqual({ regions: { 'eu-west-1': {} } });
    expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(1);
  });
});

describe('which rate fetchTrainingPrices takes', () => {
  it('takes the term with the latest effectiveDate, whatever the order of the products', async () => {
    const older = sageMakerProduct(row({ sku: 'OLD', usd: '4.0000000000', effectiveDate: '2025-01-01T00:00:00Z' }));
    const newer = sageMakerProduct(row({ sku: 'NEW', usd: '3.5000000000', effectiveDate: '2026-02-01T00:00:00Z' }));

    for (const order of [[older, newer], [newer, older]]) {
      pricing.reset();
      pricing.on(GetProductsCommand).resolves(page(order));
      const catalog = await fetchUncached();
      expect(catalog.regions['us-east-1']?.['ml.p3.2xlarge']?.usdPerHour).toBe(3.5);
    }
  });

  it('breaks a tie of effectiveDate by the smaller rate code, across pages', async () => {
    const a = sageMakerProduct(row({ sku: 'AAA', usd: '3.9000000000' }));
    const b = sageMakerProduct(row({ sku: 'BBB', usd: '3.1000000000' }));
    pricing.on(GetProductsCommand).resolvesOnce(page([b], 'page-2')).resolvesOnce(page([a]));

    const catalog = await fetchUncached();

    expect(catalog.regions['us-east-1']?.['ml.p3.2xlarge']?.usdPerHour).toBe(3.9);
    expect(pricing.commandCalls(GetProductsCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'page-2']);
  });

  it('checks every rule again on what the service returns', async () => {
    const notIt: SageMakerRow[] = [
      row({ sku: 'SPOT', platoinstancetype: 'SpotTraining', usd: '1.0000000000' }),
      row({ sku: 'HOST', component: 'Hosting', platoinstancetype: 'Training', usd: '1.1000000000' }),
      row({ sku: 'OUTPOST', locationType: 'AWS Outposts', usd: '1.2000000000' }),
      row({ sku: 'OTHER-REGION', region: 'us-west-2', usd: '1.3000000000' }),
      row({ sku: 'FEE', unit: 'Quantity', usd: '1.4000000000' }),
      row({ sku: 'FAMILY', productFamily: 'ML Serverless', usd: '1.5000000000' }),
      row({ sku: 'FREE', usd: '0.0000000000' }),
    ];
    pricing.on(GetProductsCommand).resolves(page(notIt.map(sageMakerProduct)));

    await expect(fetchUncached()).resolves.toEqual({ regions: { 'us-east-1': {} } });
  });

  it('takes the first tier of a tiered rate, and the hourly dimension of a term that also has another unit', async () => {
    const entry = sageMakerProduct(row({ sku: 'TIERS' }));
    const term = Object.values(entry.terms.OnDemand!)[0]!;
    const [key, dimension] = Object.entries(term.priceDimensions)[0]!;
    // Rate codes that sort before the hourly one: a tie-break alone would pick them.
    term.priceDimensions = {
      [`A1-${key}`]: { ...dimension, rateCode: `A1-${key}`, beginRange: '1000', pricePerUnit: { USD: '1.0000000000' } },
      [`A2-${key}`]: { ...dimension, rateCode: `A2-${key}`, unit: 'Quantity', pricePerUnit: { USD: '2.0000000000' } },
      [key]: dimension,
    };
    pricing.on(GetProductsCommand).resolves(page([entry]));

    const catalog = await fetchUncached();

    expect(catalog.regions['us-east-1']?.['ml.p3.2xlarge']?.usdPerHour).toBe(3.825);
  });

  it('skips a PriceList item that is not JSON', async () => {
    pricing.on(GetProductsCommand).resolves({ PriceList: ['{not json', JSON.stringify(sageMakerProduct(row()))] });

    const catalog = await fetchUncached();

    expect(Object.keys(catalog.regions['us-east-1']!)).toEqual(['ml.p3.2xlarge']);
  });

  it('names the source with the offer version when the entry has one, and dates it today (UTC)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-04T23:59:30Z'));
    const withVersion = sageMakerProduct(row());
    const bare: Partial<PriceListEntry> = sageMakerProduct(row({ sku: 'BARE', instance: 'ml.g5.xlarge' }));
    delete bare.version;
    delete bare.publicationDate;
    pricing.on(GetProductsCommand).resolves(page([withVersion, bare as PriceListEntry]));

    const catalog = await fetchUncached();

    expect(catalog.regions['us-east-1']?.['ml.p3.2xlarge']).toMatchObject({
      source: `AWS Price List API (AmazonSageMaker GetProducts), publicationDate ${withVersion.publicationDate}, version ${withVersion.version}`,
      asOf: '2026-03-04',
    });
    expect(catalog.regions['us-east-1']?.['ml.g5.xlarge']?.source).toBe('AWS Price List API (AmazonSageMaker GetProducts)');
  });

  it('fails rather than loop when the service hands back a NextToken it gave before', async () => {
    pricing.on(GetProductsCommand).resolves(page([], 'same-token'));

    await expect(fetchUncached()).rejects.toThrow(/NextToken/);
    expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(2);
  });

  it('does not retry an error that is not transient', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: pricing:GetProducts'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    pricing.on(GetProductsCommand).rejects(denied);

    await expect(fetchUncached()).rejects.toMatchObject({ name: 'NotAuthorizedError', action: 'pricing:GetProducts', cause: denied });
    expect(pricing.commandCalls(GetProductsCommand)).toHaveLength(1);
  });
});

describe('userCacheDir', () => {
  const saved = { ...process.env };
  const platform = process.platform;
  const onPlatform = (value: NodeJS.Platform) => Object.defineProperty(process, 'platform', { value, configurable: true });
  afterEach(() => {
    process.env = { ...saved };
    onPlatform(platform);
  });

  it('is ~/.cache/sagemaker-bench on Linux, ~/Library/Caches/sagemaker-bench on macOS', () => {
    delete process.env['XDG_CACHE_HOME'];
    onPlatform('linux');
    expect(userCacheDir()).toBe(join(homedir(), '.cache', 'sagemaker-bench'));
    onPlatform('darwin');
    expect(userCacheDir()).toBe(join(homedir(), 'Library', 'Caches', 'sagemaker-bench'));
  });

  it('is %LOCALAPPDATA%\\sagemaker-bench\\Cache on Windows', () => {
    delete process.env['XDG_CACHE_HOME'];
    process.env['LOCALAPPDATA'] = 'C:\\Users\\ada\\AppData\\Local';
    onPlatform('win32');
    expect(userCacheDir()).toBe('C:\\Users\\ada\\AppData\\Local\\sagemaker-bench\\Cache');
  });

  it('follows an absolute XDG_CACHE_HOME', () => {
    process.env['XDG_CACHE_HOME'] = '/var/cache/me';
    expect(userCacheDir()).toBe(join('/var/cache/me', 'sagemaker-bench'));
  });

  it('ignores a relative XDG_CACHE_HOME', () => {
    process.env['XDG_CACHE_HOME'] = 'relative/cache';
    expect(userCacheDir()).not.toContain('relative');
    expect(userCacheDir().endsWith('sagemaker-bench') || userCacheDir().endsWith('Cache')).toBe(true);
  });
});

describe('pricingSdk', () => {
  afterEach(() => {
    vi.resetModules();
  });

  it('throws MissingPeerDependencyError when @aws-sdk/client-pricing is not installed', async () => {
    vi.resetModules();
    const notFound = Object.assign(new Error("Cannot find module '@aws-sdk/client-pricing'\nRequire stack:\n- /app/src/internal/loadOptional.ts"), { code: 'MODULE_NOT_FOUND' });
    loadOptionalMock.mockImplementationOnce(() => {
      throw notFound;
    });
    const { pricingSdk } = await import('../../src/internal/sdk');
    const { MissingPeerDependencyError } = await import('../../src/errors');

    const error = (() => {
      try {
        pricingSdk();
      } catch (e) {
        return e;
      }
    })();

    expect(error).toBeInstanceOf(MissingPeerDependencyError);
    expect(error).toMatchObject({ packageName: '@aws-sdk/client-pricing', feature: 'fetchTrainingPrices', cause: notFound });
    expect((error as Error).message).toContain('npm install @aws-sdk/client-pricing');
  });

  it('throws as it is a module that the installed package cannot find', async () => {
    vi.resetModules();
    const nested = Object.assign(new Error("Cannot find module '@smithy/core'\nRequire stack:\n- /app/node_modules/@aws-sdk/client-pricing/dist-cjs/index.js"), {
      code: 'MODULE_NOT_FOUND',
    });
    loadOptionalMock.mockImplementationOnce(() => {
      throw nested;
    });
    const { pricingSdk } = await import('../../src/internal/sdk');

    expect(() => pricingSdk()).toThrow(nested);
  });

  it('loads the installed package once, and leaves the other loaders alone', async () => {
    vi.resetModules();
    loadOptionalMock.mockClear();
    const sdk = await import('../../src/internal/sdk');

    const first = sdk.pricingSdk();
    expect(sdk.pricingSdk()).toBe(first);
    expect(first.GetProductsCommand).toBe(GetProductsCommand);
    expect(typeof sdk.sageMakerSdk().DescribeTrainingJobCommand).toBe('function');
    expect(loadOptionalMock.mock.calls).toEqual([['@aws-sdk/client-pricing']]);
  });

  it('tells a missing package from a missing module inside one, on the real error of require', () => {
    const real = (() => {
      try {
        loadOptional('@sagemaker-bench/surely-not-installed');
      } catch (e) {
        return e;
      }
    })();

    expect(isMissingModule(real, '@sagemaker-bench/surely-not-installed')).toBe(true);
    expect(isMissingModule(real, '@sagemaker-bench/surely')).toBe(false);
    expect(isMissingModule(new Error("Cannot find module '@sagemaker-bench/surely-not-installed'"), '@sagemaker-bench/surely-not-installed')).toBe(false);
  });
});

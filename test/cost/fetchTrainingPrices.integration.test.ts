/**
 * fetchTrainingPrices with the real PricingClient against a local Price List API
 * (test/support/priceListServer.ts): the AWS JSON 1.1 wire protocol, GetProducts filters and
 * pages as the service applies them, throttling, and the on-disk cache.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchTrainingPrices } from '../../src/cost/fetchTrainingPrices';
import type { PriceCatalog } from '../../src/cost/PriceCatalog';
import { fakeCredentials } from '../support/fakeCredentials';
import { TEST_OFFER, sageMakerProduct, startPriceListServer } from '../support/priceListServer';
import type { PriceListServer, SageMakerRow } from '../support/priceListServer';

/**
 * The test catalog. Rows marked "the rate" are the on-demand training rates; every other row
 * is something fetchTrainingPrices must not take for one.
 */
const rows: SageMakerRow[] = [
  // us-east-1
  { sku: 'USE1-P32-TRAIN', region: 'us-east-1', instance: 'ml.p3.2xlarge', component: 'Training', usd: '3.8250000000' }, // the rate
  { sku: 'USE1-P32-HOST', region: 'us-east-1', instance: 'ml.p3.2xlarge', component: 'Hosting', usd: '3.8250000001' },
  { sku: 'USE1-P32-NOTEBK', region: 'us-east-1', instance: 'ml.p3.2xlarge', component: 'Notebook', usd: '3.8250000002' },
  { sku: 'USE1-P32-PROC', region: 'us-east-1', instance: 'ml.p3.2xlarge', component: 'Processing', usd: '3.8250000003' },
  { sku: 'USE1-P32-SPOT', region: 'us-east-1', instance: 'ml.p3.2xlarge', component: 'Training', platoinstancetype: 'SpotTraining', usd: '1.1475000000' },
  { sku: 'USE1-P38-TRAIN', region: 'us-east-1', instance: 'ml.p3.8xlarge', component: 'Training', usd: '14.6880000000' }, // the rate
  { sku: 'USE1-P38-HOST', region: 'us-east-1', instance: 'ml.p3.8xlarge', component: 'Hosting', usd: '15.2000000000' },
  { sku: 'USE1-G5X-TRAIN', region: 'us-east-1', instance: 'ml.g5.xlarge', component: 'Training', usd: '1.4080000000' }, // the rate
  { sku: 'USE1-M5X-TRAIN', region: 'us-east-1', instance: 'ml.m5.xlarge', component: 'Training', usd: '0.2300000000' }, // the rate
  { sku: 'USE1-M5X-OUTPOST', region: 'us-east-1', instance: 'ml.m5.xlarge', component: 'Training', locationType: 'AWS Outposts', usd: '0.1900000000' },
  { sku: 'USE1-M5L-TRAIN', region: 'us-east-1', instance: 'ml.m5.large', component: 'Training', usd: '0.1150000000' }, // the rate
  // A price change: the newer term (listed first) wins over the older, higher one.
  { sku: 'USE1-C52-TRAIN-2026', region: 'us-east-1', instance: 'ml.c5.2xlarge', component: 'Training', usd: '0.4080000000', effectiveDate: '2026-03-01T00:00:00Z' }, // the rate
  { sku: 'USE1-G4-TRAIN', region: 'us-east-1', instance: 'ml.g4dn.xlarge', component: 'Training', usd: '0.7360000000' }, // the rate
  { sku: 'USE1-C52-TRAIN-2025', region: 'us-east-1', instance: 'ml.c5.2xlarge', component: 'Training', usd: '0.4760000000', effectiveDate: '2025-06-01T00:00:00Z' },
  // A training plan's upfront fee: component Training, but a Quantity, not an hour.
  {
    sku: 'USE1-P4D-PLANFEE',
    region: 'us-east-1',
    instance: 'ml.p4d.24xlarge',
    component: 'Training',
    unit: 'Quantity',
    usd: '13.5700000000',
    usagetype: 'USE1-TrainingPlanUpfrontFee:ml.p4d.24xlarge',
  },
  { sku: 'USE1-P4D-HOST', region: 'us-east-1', instance: 'ml.p4d.24xlarge', component: 'Hosting', usd: '25.2513000000' },
  // us-west-2
  { sku: 'USW2-P32-TRAIN', region: 'us-west-2', instance: 'ml.p3.2xlarge', component: 'Training', usd: '3.8250000000' },
  { sku: 'USW2-G5X-TRAIN', region: 'us-west-2', instance: 'ml.g5.xlarge', component: 'Training', usd: '1.4080000000' },
  { sku: 'USW2-M5X-HOST', region: 'us-west-2', instance: 'ml.m5.xlarge', component: 'Hosting', usd: '0.2300000000' },
  // eu-west-1
  { sku: 'EU-P32-TRAIN', region: 'eu-west-1', instance: 'ml.p3.2xlarge', component: 'Training', usd: '4.1310000000' }, // the rate
  { sku: 'EU-P32-HOST', region: 'eu-west-1', instance: 'ml.p3.2xlarge', component: 'Hosting', usd: '4.2830000000' },
  { sku: 'EU-P32-SPOT', region: 'eu-west-1', instance: 'ml.p3.2xlarge', component: 'Training', platoinstancetype: 'SpotTraining', usd: '1.2393000000' },
  { sku: 'EU-G5X-TRAIN', region: 'eu-west-1', instance: 'ml.g5.xlarge', component: 'Training', usd: '1.5700000000' }, // the rate
  { sku: 'EU-M5X-NOTEBK', region: 'eu-west-1', instance: 'ml.m5.xlarge', component: 'Notebook', usd: '0.2560000000' },
];
const products = rows.map(sageMakerProduct);

/** What fetchTrainingPrices must find in us-east-1, from the rows marked "the rate". */
const usEast1Rates: Record<string, number> = {
  'ml.c5.2xlarge': 0.408,
  'ml.g4dn.xlarge': 0.736,
  'ml.g5.xlarge': 1.408,
  'ml.m5.large': 0.115,
  'ml.m5.xlarge': 0.23,
  'ml.p3.2xlarge': 3.825,
  'ml.p3.8xlarge': 14.688,
};

const SOURCE = `AWS Price List API (AmazonSageMaker GetProducts), publicationDate ${TEST_OFFER.publicationDate}, version ${TEST_OFFER.version}`;
const today = (): string => new Date().toISOString().slice(0, 10);

function ratesOf(catalog: PriceCatalog, region: string): Record<string, number> {
  return Object.fromEntries(Object.entries(catalog.regions[region] ?? {}).map(([type, price]) => [type, price.usdPerHour]));
}

let server: PriceListServer;
let cacheRoot: string;
let client: PricingClient;

beforeAll(async () => {
  server = await startPriceListServer({ products, pageSize: 3 });
  cacheRoot = await mkdtemp(join(tmpdir(), 'sagemaker-bench-prices-'));
  // Belt and braces: even a call that forgot its cache option stays out of the real user cache.
  process.env['XDG_CACHE_HOME'] = join(cacheRoot, 'xdg');
});

afterAll(async () => {
  await server.close();
  await rm(cacheRoot, { recursive: true, force: true });
});

beforeEach(() => {
  server.reset();
  server.setPageSize(3);
  // maxAttempts 1: the retries are fetchTrainingPrices' own, not the SDK's.
  client = new PricingClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: fakeCredentials, maxAttempts: 1 });
});

afterEach(() => {
  client.destroy();
});

describe('fetchTrainingPrices against a Price List API', () => {
  it('reads every page and returns only the on-demand training rates of the asked region', async () => {
    const catalog = await fetchTrainingPrices({ client, region: 'us-east-1', cache: false });

    expect(Object.keys(catalog.regions)).toEqual(['us-east-1']);
    expect(ratesOf(catalog, 'us-east-1')).toEqual(usEast1Rates);
    expect(catalog.regions['us-east-1']!['ml.p3.2xlarge']).toEqual({
      instanceType: 'ml.p3.2xlarge',
      region: 'us-east-1',
      usdPerHour: 3.825,
      source: SOURCE,
      asOf: today(),
    });
    // ml.p4d.24xlarge has a Quantity row under Training and a Hosting row: neither is a training rate.
    expect(catalog.regions['us-east-1']).not.toHaveProperty('ml.p4d.24xlarge');

    // 10 us-east-1 rows pass the request's filters; at 3 a page that is 4 pages, each asked with the previous token.
    const sent = server.getProductsRequests();
    expect(sent).toHaveLength(4);
    expect(sent[0]!.NextToken).toBeUndefined();
    for (const request of sent.slice(1)) expect(request.NextToken).toEqual(expect.any(String));
    expect(new Set(sent.map((r) => r.NextToken)).size).toBe(4);
    expect(server.requests().every((r) => r.status === 200 && r.signed && r.target === 'AWSPriceListService.GetProducts')).toBe(true);
  });

  it('returns the rates of another region, not those of us-east-1', async () => {
    const catalog = await fetchTrainingPrices({ client, region: 'eu-west-1', cache: false });

    expect(ratesOf(catalog, 'eu-west-1')).toEqual({ 'ml.g5.xlarge': 1.57, 'ml.p3.2xlarge': 4.131 });
    expect(catalog.regions['eu-west-1']!['ml.p3.2xlarge']!.region).toBe('eu-west-1');
  });

  it('narrows the result to the instanceTypes asked, normalised like getInstanceSpec', async () => {
    const catalog = await fetchTrainingPrices({ client, region: 'us-east-1', instanceTypes: ['ml.p3.2xlarge', 'G5.XLARGE'], cache: false });

    expect(ratesOf(catalog, 'us-east-1')).toEqual({ 'ml.g5.xlarge': 1.408, 'ml.p3.2xlarge': 3.825 });
    const names = server.getProductsRequests().map((r) => r.Filters?.find((f) => f.Field === 'instanceName')?.Value);
    expect(names.sort()).toEqual(['ml.g5.xlarge', 'ml.p3.2xlarge']);
  });

  it('leaves out an asked type that has no on-demand training product', async () => {
    const catalog = await fetchTrainingPrices({
      client,
      region: 'us-east-1',
      instanceTypes: ['ml.p3.2xlarge', 'ml.p5.48xlarge', 'ml.p4d.24xlarge'],
      cache: false,
    });

    expect(Object.keys(catalog.regions['us-east-1']!)).toEqual(['ml.p3.2xlarge']);
    expect(catalog.regions['us-east-1']!['ml.p5.48xlarge']).toBeUndefined();
    expect(catalog.regions['us-east-1']!['ml.p4d.24xlarge']).toBeUndefined();
  });

  it('retries throttled requests and then succeeds', async () => {
    server.throttleNext(2);

    const catalog = await fetchTrainingPrices({ client, region: 'us-east-1', cache: false });

    expect(ratesOf(catalog, 'us-east-1')).toEqual(usEast1Rates);
    const statuses = server.requests().map((r) => r.status);
    expect(statuses).toEqual([429, 429, 200, 200, 200, 200]);
    // The retried request is the same first page.
    expect(server.getProductsRequests().slice(0, 3).map((r) => r.NextToken)).toEqual([undefined, undefined, undefined]);
  });

  it('filters only on fields the products have (a field they lack would match nothing)', async () => {
    // The trap: a field no product has matches nothing, silently.
    const trap = await client.send(
      new GetProductsCommand({
        ServiceCode: 'AmazonSageMaker',
        Filters: [
          { Type: 'TERM_MATCH', Field: 'regionCode', Value: 'us-east-1' },
          { Type: 'TERM_MATCH', Field: 'instancetype', Value: 'ml.p3.2xlarge' },
        ],
      }),
    );
    expect(trap.PriceList).toEqual([]);
    server.reset();

    await fetchTrainingPrices({ client, region: 'us-east-1', cache: false });
    await fetchTrainingPrices({ client, region: 'us-east-1', instanceTypes: ['ml.p3.2xlarge'], cache: false });

    const sent = server.getProductsRequests();
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) {
      expect(request.ServiceCode).toBe('AmazonSageMaker');
      expect(request.FormatVersion).toBe('aws_v1');
      for (const filter of request.Filters ?? []) {
        expect(filter.Type).toBe('TERM_MATCH');
        // Every product of the offer carries the attribute (as the real AmazonSageMaker products do).
        for (const product of products) expect(Object.keys(product.product.attributes), `${filter.Field} on ${product.product.sku}`).toContain(filter.Field);
      }
    }
  });

  it('ends a fetch promptly when its signal aborts', async () => {
    server.delayResponses(10_000);
    const controller = new AbortController();
    const reason = new Error('enough');
    setTimeout(() => controller.abort(reason), 50);
    const started = performance.now();

    const error = await fetchTrainingPrices({ client, region: 'us-east-1', signal: controller.signal, cache: false }).catch((e: unknown) => e);

    expect(error).toBe(reason);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(server.requests()).toHaveLength(1);
  });
});

describe('the price cache of fetchTrainingPrices', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(cacheRoot, 'cache-'));
  });

  it('writes the fetched catalog, with when it was fetched and what was asked', async () => {
    const catalog = await fetchTrainingPrices({ client, region: 'us-east-1', cache: { dir } });

    const file = JSON.parse(await readFile(join(dir, 'us-east-1.json'), 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ region: 'us-east-1', instanceTypes: null, prices: catalog.regions['us-east-1'] });
    expect(Date.now() - Date.parse(file['fetchedAt'] as string)).toBeLessThan(60_000);
    expect(existsSync(join(cacheRoot, 'xdg'))).toBe(false);
  });

  it('answers from a fresh cache without any request', async () => {
    const first = await fetchTrainingPrices({ client, region: 'us-east-1', cache: { dir } });
    server.reset();

    const second = await fetchTrainingPrices({ client, region: 'us-east-1', cache: { dir } });
    const narrowed = await fetchTrainingPrices({ client, region: 'us-east-1', instanceTypes: ['ml.g5.xlarge'], cache: { dir } });

    expect(second).toEqual(first);
    expect(ratesOf(narrowed, 'us-east-1')).toEqual({ 'ml.g5.xlarge': 1.408 });
    expect(server.requests()).toEqual([]);
  });

  it('fetches anew with refresh: true, and only the types the cache does not cover, adding them to it', async () => {
    await fetchTrainingPrices({ client, region: 'us-east-1', instanceTypes: ['ml.p3.2xlarge'], cache: { dir } });
    server.reset();

    await fetchTrainingPrices({ client, region: 'us-east-1', instanceTypes: ['ml.p3.2xlarge'], cache: { dir, refresh: true } });
    expect(server.getProductsRequests()).toHaveLength(1);
    server.reset();

    const wider = await fetchTrainingPrices({ client, region: 'us-east-1', instanceTypes: ['ml.p3.2xlarge', 'ml.g5.xlarge'], cache: { dir } });
    expect(server.getProductsRequests()).toHaveLength(1); // ml.g5.xlarge only: ml.p3.2xlarge is cached
    expect(JSON.stringify(server.getProductsRequests())).toContain('ml.g5.xlarge');
    expect(ratesOf(wider, 'us-east-1')).toEqual({ 'ml.g5.xlarge': 1.408, 'ml.p3.2xlarge': 3.825 });
    server.reset();

    // A notebook asking one type, then another, then the first again asks the service once per type.
    const first = await fetchTrainingPrices({ client, region: 'us-east-1', instanceTypes: ['ml.p3.2xlarge'], cache: { dir } });
    const second = await fetchTrainingPrices({ client, region: 'us-east-1', instanceTypes: ['ml.g5.xlarge'], cache: { dir } });
    expect(server.getProductsRequests()).toEqual([]);
    expect(ratesOf(first, 'us-east-1')).toEqual({ 'ml.p3.2xlarge': 3.825 });
    expect(ratesOf(second, 'us-east-1')).toEqual({ 'ml.g5.xlarge': 1.408 });

    await fetchTrainingPrices({ client, region: 'us-east-1', cache: { dir } });
    expect(server.getProductsRequests().length).toBeGreaterThan(0);
  });

  it('fetches anew when the cached catalog is older than maxAgeDays', async () => {
    await fetchTrainingPrices({ client, region: 'us-east-1', cache: { dir } });
    const path = join(dir, 'us-east-1.json');
    const file = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    await writeFile(path, JSON.stringify({ ...file, fetchedAt: new Date(Date.now() - 8 * 86_400_000).toISOString() }));
    server.reset();

    await fetchTrainingPrices({ client, region: 'us-east-1', cache: { dir, maxAgeDays: 30 } });
    expect(server.requests()).toEqual([]);

    await fetchTrainingPrices({ client, region: 'us-east-1', cache: { dir } });
    expect(server.getProductsRequests()).toHaveLength(4);
  });

  it('ignores a corrupt cache file and overwrites it', async () => {
    const path = join(dir, 'us-east-1.json');
    await writeFile(path, '{"format": "sagemaker-bench/training-prices/1", "region": "us-east-1", "prices": {');

    const catalog = await fetchTrainingPrices({ client, region: 'us-east-1', cache: { dir } });

    expect(ratesOf(catalog, 'us-east-1')).toEqual(usEast1Rates);
    expect(server.getProductsRequests()).toHaveLength(4);
    const file = JSON.parse(await readFile(path, 'utf8')) as { prices: unknown };
    expect(file.prices).toEqual(catalog.regions['us-east-1']);
  });

  it('ignores a cache file whose prices are not valid', async () => {
    await fetchTrainingPrices({ client, region: 'us-east-1', cache: { dir } });
    const path = join(dir, 'us-east-1.json');
    const file = JSON.parse(await readFile(path, 'utf8')) as { prices: Record<string, { usdPerHour: unknown }> };
    file.prices['ml.p3.2xlarge']!.usdPerHour = '3.825';
    await writeFile(path, JSON.stringify(file));
    server.reset();

    const catalog = await fetchTrainingPrices({ client, region: 'us-east-1', cache: { dir } });

    expect(catalog.regions['us-east-1']!['ml.p3.2xlarge']!.usdPerHour).toBe(3.825);
    expect(server.getProductsRequests()).toHaveLength(4);
  });

  it('neither reads nor writes the cache with cache: false', async () => {
    await fetchTrainingPrices({ client, region: 'eu-west-1', cache: false });
    expect(existsSync(join(dir, 'eu-west-1.json'))).toBe(false);

    await fetchTrainingPrices({ client, region: 'us-east-1', cache: { dir } });
    server.reset();
    await fetchTrainingPrices({ client, region: 'us-east-1', cache: false });
    expect(server.getProductsRequests()).toHaveLength(4);
  });

  it('leaves no temporary file behind', async () => {
    await fetchTrainingPrices({ client, region: 'us-east-1', cache: { dir } });
    await fetchTrainingPrices({ client, region: 'us-east-1', cache: { dir, refresh: true } });

    expect(await readdir(dir)).toEqual(['us-east-1.json']);
  });
});

describe('the Price List test server', () => {
  it('answers an operation it does not know with a JSON 1.1 error', async () => {
    const error = await client.send(new DescribeServicesCommand({ ServiceCode: 'AmazonSageMaker' })).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toContain('AWSPriceListService.DescribeServices');
  });

  it('refuses a NextToken it did not give', async () => {
    const error = await client.send(new GetProductsCommand({ ServiceCode: 'AmazonSageMaker', NextToken: 'made-up' })).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: 'InvalidNextTokenException', $metadata: { httpStatusCode: 400 } });
  });
});

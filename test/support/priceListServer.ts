/**
 * A small AWS Price List Query API of our own on 127.0.0.1, for the real `PricingClient`.
 *
 * It speaks the service's wire protocol, AWS JSON 1.1: `POST /` with
 * `X-Amz-Target: AWSPriceListService.GetProducts` and `Content-Type: application/x-amz-json-1.1`,
 * a body `{ ServiceCode, Filters: [{ Type: 'TERM_MATCH', Field, Value }], FormatVersion, NextToken,
 * MaxResults }`, and the answer `{ FormatVersion: 'aws_v1', PriceList: string[], NextToken? }`
 * whose PriceList items are JSON strings, each one product with its terms, as GetProducts gives
 * them. Errors are JSON 1.1 errors: an HTTP status and `{ "__type": "<Shape>", "message": "..." }`
 * (throttling: 429 `ThrottlingException`; an unknown target: 400 `UnknownOperationException`;
 * bad parameters: 400 `InvalidParameterException`; a token it did not give: 400
 * `InvalidNextTokenException`).
 *
 * What it models, as the service does it:
 *
 * - filters: every filter must match (AND). `TERM_MATCH` (and `EQUALS`, its newer twin) compares
 *   `product.attributes[Field]`, or the top-level `productFamily`, `sku` or `serviceCode`, with
 *   the value, ignoring case. A Field no product has matches nothing, silently (the trap the
 *   real service sets for a misspelt attribute name). Field names are compared exactly.
 * - paging: `MaxResults` (1 to 100, default 100) per page, never more than the server's page
 *   size (settable, so a small catalog still takes several pages), and an opaque `NextToken`
 *   bound to the query it came from, until the last page, which has none.
 *
 * And for tests: `requests()` (what it got, parsed), `throttleNext(n)` (the next n requests are
 * throttled), `delayResponses(ms)` (answers wait, for aborts and timeouts).
 *
 * Products are built from rows shaped like the AmazonSageMaker offer file with
 * {@link sageMakerProduct}: `productFamily: 'ML Instance'`, attributes `regionCode`, `location`,
 * `locationType` (`AWS Region`, or `AWS Outposts`), `instanceName` (`ml.p3.8xlarge`),
 * `instanceType` (`ml.p3.8xlarge-Training`), `component`, `platoinstancetype`, `usagetype`
 * (`USE1-Train:ml.p3.8xlarge`: us-east-1 has a prefix too in SageMaker, unlike EC2), `operation`,
 * `servicecode`, `servicename`; terms `{ OnDemand: { '<sku>.<offerTermCode>': { priceDimensions:
 * { '<sku>.<offerTermCode>.<rateCode>': { unit, pricePerUnit: { USD }, ... } }, effectiveDate } } }`;
 * `version` and `publicationDate` beside them.
 *
 * @example
 * ```ts
 * const server = await startPriceListServer({ products: rows.map(sageMakerProduct), pageSize: 4 });
 * const client = new PricingClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: fakeCredentials });
 * // ... then
 * expect(server.requests().map((r) => r.target)).toEqual(['AWSPriceListService.GetProducts', ...]);
 * await server.close();
 * ```
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { checkPageSize, errorAnswer, header, parseJson, readToken, sendAnswer, writeToken } from './awsJsonServerParts';

/** One GetProducts PriceList item, before it is turned into a JSON string. */
export interface PriceListEntry {
  product: { productFamily: string; attributes: Record<string, string>; sku: string };
  serviceCode: string;
  terms: { OnDemand?: Record<string, OnDemandTerm>; Reserved?: Record<string, unknown> };
  version: string;
  publicationDate: string;
}

/** One OnDemand offer term of a product. */
export interface OnDemandTerm {
  offerTermCode: string;
  sku: string;
  effectiveDate: string;
  priceDimensions: Record<string, PriceDimension>;
  termAttributes: Record<string, string>;
}

/** One price dimension (rate) of an offer term. */
export interface PriceDimension {
  rateCode: string;
  description: string;
  beginRange: string;
  endRange: string;
  unit: string;
  pricePerUnit: { USD: string };
  appliesTo: string[];
}

/** A row of a test catalog: one SageMaker product and its one on-demand rate. */
export interface SageMakerRow {
  /** The product's SKU (any unique string). */
  sku: string;
  /** `regionCode`. */
  region: string;
  /** `instanceName`, e.g. `ml.p3.8xlarge`. */
  instance: string;
  /** `component`: `Training`, `Hosting`, `Notebook`, `Processing`, ... */
  component: string;
  /** `platoinstancetype` (default: the component). Spot training rows: `SpotTraining`. */
  platoinstancetype?: string;
  /** The USD price as the offer file writes it, e.g. `'3.8250000000'`. */
  usd: string;
  /** The price's unit (default `Hrs`). */
  unit?: string;
  /** `locationType` (default `AWS Region`). */
  locationType?: string;
  /** The term's effectiveDate (default `2026-01-01T00:00:00Z`). */
  effectiveDate?: string;
  /** `productFamily` (default `ML Instance`). */
  productFamily?: string;
  /** `usagetype`, when the default (`<prefix>-Train:<instance>` and the like) will not do. */
  usagetype?: string;
}

/** What the server got. */
export interface RecordedRequest {
  method: string;
  path: string;
  target: string;
  contentType: string;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: GetProductsInput | undefined;
  /** The status the server answered with. */
  status: number;
  /** Whether the request carried a SigV4 `Authorization` header. */
  signed: boolean;
}

/** The GetProducts request as the wire carries it. */
export interface GetProductsInput {
  ServiceCode?: string;
  Filters?: { Type?: string; Field?: string; Value?: string }[];
  FormatVersion?: string;
  NextToken?: string;
  MaxResults?: number;
}

/** Options of {@link startPriceListServer}. */
export interface PriceListServerOptions {
  /** The catalog (see {@link sageMakerProduct}). */
  products: PriceListEntry[];
  /** Most products on one page, whatever MaxResults says (default 100). */
  pageSize?: number;
  /** The first n requests are throttled (default 0). */
  throttleFirst?: number;
}

/** A running server. */
export interface PriceListServer {
  /** `http://127.0.0.1:<port>`, for the client's `endpoint`. */
  readonly endpoint: string;
  /** Every request so far, in order. */
  requests(): RecordedRequest[];
  /** The GetProducts requests so far (throttled ones included). */
  getProductsRequests(): GetProductsInput[];
  /** The page size from now on. */
  setPageSize(size: number): void;
  /** The next n requests are answered 429 ThrottlingException. */
  throttleNext(n: number): void;
  /** Answers wait `ms` before they are sent (0: at once). */
  delayResponses(ms: number): void;
  /** Forgets the requests, and any pending throttling or delay. */
  reset(): void;
  close(): Promise<void>;
}

const TARGET_PREFIX = 'AWSPriceListService.';
const JSON_11 = 'application/x-amz-json-1.1';
const ON_DEMAND_TERM = 'JRTCKXETXF';
const RATE_CODE = '6YS6EN2CT7';

/** Usage-type prefixes of the regions the tests use (SageMaker prefixes us-east-1 too: `USE1-`). */
const USAGE_PREFIX: Record<string, string> = {
  'us-east-1': 'USE1',
  'us-east-2': 'USE2',
  'us-west-2': 'USW2',
  'eu-west-1': 'EU',
  'eu-central-1': 'EUC1',
  'ap-south-1': 'APS3',
};

/** The `location` names of the offer files. */
const LOCATION: Record<string, string> = {
  'us-east-1': 'US East (N. Virginia)',
  'us-east-2': 'US East (Ohio)',
  'us-west-2': 'US West (Oregon)',
  'eu-west-1': 'EU (Ireland)',
  'eu-central-1': 'EU (Frankfurt)',
  'ap-south-1': 'Asia Pacific (Mumbai)',
};

/** The usage-type word of each platoinstancetype. */
const USAGE_WORD: Record<string, string> = {
  Training: 'Train',
  SpotTraining: 'Train',
  Hosting: 'Host',
  Notebook: 'Notebk',
  Processing: 'Processing',
};

/** The version and publication date every test product carries. */
export const TEST_OFFER = Object.freeze({ version: '20260115190442', publicationDate: '2026-01-15T19:04:42Z' });

/**
 * A GetProducts PriceList item for `row`, shaped like an AmazonSageMaker product of the offer
 * file (attributes, one OnDemand term with one rate, version and publicationDate).
 *
 * @example
 * ```ts
 * sageMakerProduct({ sku: 'P38-USE1-T', region: 'us-east-1', instance: 'ml.p3.8xlarge', component: 'Training', usd: '14.6880000000' });
 * ```
 */
export function sageMakerProduct(row: SageMakerRow): PriceListEntry {
  const plato = row.platoinstancetype ?? row.component;
  const prefix = USAGE_PREFIX[row.region] ?? row.region.toUpperCase();
  const spot = plato === 'SpotTraining' ? '-Spot' : '';
  const usagetype = row.usagetype ?? `${prefix}-${USAGE_WORD[plato] ?? plato}:${row.instance}${spot}`;
  const unit = row.unit ?? 'Hrs';
  const termKey = `${row.sku}.${ON_DEMAND_TERM}`;
  const rateKey = `${termKey}.${RATE_CODE}`;
  const perWhat = unit === 'Hrs' ? 'per hour' : `per ${unit}`;
  return {
    product: {
      productFamily: row.productFamily ?? 'ML Instance',
      attributes: {
        regionCode: row.region,
        servicecode: 'AmazonSageMaker',
        location: LOCATION[row.region] ?? row.region,
        locationType: row.locationType ?? 'AWS Region',
        instanceName: row.instance,
        instanceType: `${row.instance}-${row.component}`,
        component: row.component,
        platoinstancetype: plato,
        usagetype,
        operation: 'RunInstance',
        vCpu: '32',
        memory: '244 GiB',
        gpu: '4',
        servicename: 'Amazon SageMaker',
      },
      sku: row.sku,
    },
    serviceCode: 'AmazonSageMaker',
    terms: {
      OnDemand: {
        [termKey]: {
          offerTermCode: ON_DEMAND_TERM,
          sku: row.sku,
          effectiveDate: row.effectiveDate ?? '2026-01-01T00:00:00Z',
          priceDimensions: {
            [rateKey]: {
              rateCode: rateKey,
              description: `$${Number(row.usd)} ${perWhat} for ${row.component} on ${row.instance} (${usagetype})`,
              beginRange: '0',
              endRange: 'Inf',
              unit,
              pricePerUnit: { USD: row.usd },
              appliesTo: [],
            },
          },
          termAttributes: {},
        },
      },
    },
    version: TEST_OFFER.version,
    publicationDate: TEST_OFFER.publicationDate,
  };
}

/**
 * Starts the server on 127.0.0.1, on a port the OS picks.
 *
 * @example
 * ```ts
 * const server = await startPriceListServer({ products, pageSize: 3, throttleFirst: 2 });
 * ```
 */
export async function startPriceListServer(options: PriceListServerOptions): Promise<PriceListServer> {
  const products = options.products;
  let pageSize = checkPageSize(options.pageSize ?? 100);
  let throttle = options.throttleFirst ?? 0;
  let delayMs = 0;
  let recorded: RecordedRequest[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const record: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        target: header(req, 'x-amz-target'),
        contentType: header(req, 'content-type'),
        body: parseJson(raw) as GetProductsInput | undefined,
        status: 0,
        signed: header(req, 'authorization').startsWith('AWS4-HMAC-SHA256 '),
      };
      recorded.push(record);
      const answer = handle(record);
      record.status = answer.status;
      sendAnswer(res, answer, `req-${recorded.length}`, delayMs);
    });
  });

  function handle(request: RecordedRequest): { status: number; body: unknown } {
    if (request.method !== 'POST' || request.path !== '/') return errorAnswer(404, 'UnknownOperationException', `No operation at ${request.method} ${request.path}`);
    if (!request.contentType.startsWith(JSON_11)) return errorAnswer(400, 'SerializationException', `Expected Content-Type ${JSON_11}, got ${request.contentType || 'none'}`);
    if (throttle > 0) {
      throttle--;
      return errorAnswer(429, 'ThrottlingException', 'Rate exceeded');
    }
    if (request.target !== `${TARGET_PREFIX}GetProducts`) {
      return errorAnswer(400, 'com.amazon.coral.service#UnknownOperationException', `Unknown operation ${request.target || '(no X-Amz-Target)'}`);
    }
    if (request.body === undefined || typeof request.body !== 'object') return errorAnswer(400, 'SerializationException', 'The request body is not a JSON object');
    return getProducts(request.body);
  }

  function getProducts(input: GetProductsInput): { status: number; body: unknown } {
    if (typeof input.ServiceCode !== 'string' || input.ServiceCode === '') return errorAnswer(400, 'InvalidParameterException', 'ServiceCode is required');
    if (input.FormatVersion !== undefined && input.FormatVersion !== 'aws_v1') return errorAnswer(400, 'InvalidParameterException', `Unsupported FormatVersion ${input.FormatVersion}`);
    const max = input.MaxResults ?? 100;
    if (!Number.isInteger(max) || max < 1 || max > 100) return errorAnswer(400, 'InvalidParameterException', `MaxResults must be from 1 to 100, got ${max}`);
    const filters = input.Filters ?? [];
    for (const filter of filters) {
      if (filter.Type !== 'TERM_MATCH' && filter.Type !== 'EQUALS') return errorAnswer(400, 'InvalidParameterException', `Filter type ${String(filter.Type)} is not supported here`);
      if (typeof filter.Field !== 'string' || typeof filter.Value !== 'string') return errorAnswer(400, 'InvalidParameterException', 'A filter needs a Field and a Value');
    }
    const query = JSON.stringify([input.ServiceCode, filters.map((f) => [f.Type, f.Field, f.Value!.toLowerCase()])]);
    let offset = 0;
    if (input.NextToken !== undefined) {
      const token = readToken(input.NextToken);
      if (token === undefined || token.query !== query) return errorAnswer(400, 'InvalidNextTokenException', 'The pagination token is invalid');
      offset = token.offset;
    }
    const serviceCode = input.ServiceCode.toLowerCase();
    const matching = products.filter(
      (entry) => entry.serviceCode.toLowerCase() === serviceCode && filters.every((f) => fieldValue(entry, f.Field!)?.toLowerCase() === f.Value!.toLowerCase()),
    );
    const size = Math.min(max, pageSize);
    const page = matching.slice(offset, offset + size);
    const next = offset + size < matching.length ? writeToken({ query, offset: offset + size }) : undefined;
    return { status: 200, body: { FormatVersion: 'aws_v1', PriceList: page.map((entry) => JSON.stringify(entry)), ...(next === undefined ? {} : { NextToken: next }) } };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => recorded.map((r) => ({ ...r })),
    getProductsRequests: () => recorded.filter((r) => r.target === `${TARGET_PREFIX}GetProducts` && r.body !== undefined).map((r) => r.body!),
    setPageSize: (size) => {
      pageSize = checkPageSize(size);
    },
    throttleNext: (n) => {
      throttle = n;
    },
    delayResponses: (ms) => {
      delayMs = ms;
    },
    reset: () => {
      recorded = [];
      throttle = 0;
      delayMs = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The value a filter's Field names: an attribute, or productFamily / sku / serviceCode. */
function fieldValue(entry: PriceListEntry, field: string): string | undefined {
  if (Object.hasOwn(entry.product.attributes, field)) return entry.product.attributes[field];
  if (field === 'productFamily') return entry.product.productFamily;
  if (field === 'sku') return entry.product.sku;
  if (field === 'ServiceCode' || field === 'serviceCode') return entry.serviceCode;
  return undefined;
}


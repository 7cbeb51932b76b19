/**
 * A small AWS Service Quotas API of our own on 127.0.0.1, for the real `ServiceQuotasClient`.
 *
 * It speaks the service's wire protocol, AWS JSON 1.1 (botocore's service-quotas 2019-06-24
 * model: `jsonVersion` 1.1, `targetPrefix` `ServiceQuotasV20190624`): `POST /` with
 * `X-Amz-Target: ServiceQuotasV20190624.ListServiceQuotas` (or `.ListAWSDefaultServiceQuotas`)
 * and `Content-Type: application/x-amz-json-1.1`, a body `{ ServiceCode, NextToken?, MaxResults?,
 * QuotaCode?, QuotaAppliedAtLevel? }`, and the answer `{ Quotas: ServiceQuota[], NextToken? }`.
 * Errors are JSON 1.1 errors: an HTTP status and `{ "__type": "<Shape>", "Message": "..." }`
 * with the shapes of the model (throttling: `TooManyRequestsException`; permissions:
 * `AccessDeniedException`; a service code it does not know: `NoSuchResourceException`; bad
 * parameters: `IllegalArgumentException`; a token it did not give:
 * `InvalidPaginationTokenException`; an unknown target: `UnknownOperationException`).
 *
 * What it models, as the service does it:
 *
 * - two listings: the applied quotas (ListServiceQuotas: in the real service, only the quotas
 *   whose applied value it can read; one never changed may be absent) and the AWS defaults
 *   (ListAWSDefaultServiceQuotas), each given by the test.
 * - paging: `MaxResults` (1 to 100; default 100) per page, never more than the server's page
 *   size (settable, so a few quotas still take several pages), and an opaque `NextToken`
 *   (base64, the model's pattern `^[a-zA-Z0-9/+]*={0,2}$`) bound to the listing it came from,
 *   until the last page, which has none.
 *
 * And for tests: `requests()` (what it got, parsed), `throttleNext(n)` (the next n requests are
 * throttled), `denyAccess(operations)` (those operations answer AccessDeniedException),
 * `delayResponses(ms)` (answers wait, for aborts and timeouts).
 *
 * Quotas are built with {@link sageMakerQuota}, shaped like the ServiceQuota of the model:
 * ServiceCode, ServiceName, QuotaArn, QuotaCode, QuotaName, Value, Unit `None`, Adjustable,
 * GlobalQuota, QuotaAppliedAtLevel (applied quotas only).
 *
 * @example
 * ```ts
 * const server = await startServiceQuotasServer({ applied: [sageMakerQuota({ name: 'ml.p3.2xlarge for training job usage', value: 2 })], pageSize: 2 });
 * const client = new ServiceQuotasClient({ endpoint: server.endpoint, region: 'us-east-1', credentials: fakeCredentials, maxAttempts: 1 });
 * // ... then
 * expect(server.requests().map((r) => r.operation)).toEqual(['ListServiceQuotas', ...]);
 * await server.close();
 * ```
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { checkPageSize, errorAnswer, header, parseJson, readToken, sendAnswer, writeToken } from './awsJsonServerParts';

/** The operations the server answers. */
export type QuotaOperation = 'ListServiceQuotas' | 'ListAWSDefaultServiceQuotas';

/** One quota as the service returns it (the model's ServiceQuota, the members the tests use). */
export interface ServiceQuotaEntry {
  ServiceCode: string;
  ServiceName: string;
  QuotaArn: string;
  QuotaCode: string;
  QuotaName: string;
  /** Absent when the service could not read it (then ErrorReason says why). */
  Value?: number;
  Unit: string;
  Adjustable: boolean;
  GlobalQuota: boolean;
  QuotaAppliedAtLevel?: 'ACCOUNT' | 'RESOURCE' | 'ALL';
  ErrorReason?: { ErrorCode: string; ErrorMessage: string };
}

/** What {@link sageMakerQuota} builds a quota from. */
export interface QuotaRow {
  /** QuotaName, e.g. `ml.p3.2xlarge for training job usage`. */
  name: string;
  /** Value; omit for a quota the service could not read (it then carries an ErrorReason). */
  value?: number;
  /** QuotaCode (default: one derived from the name, `L-` and 8 hex digits). */
  code?: string;
  /** ServiceCode (default `sagemaker`). */
  serviceCode?: string;
  /** The quota comes from ListAWSDefaultServiceQuotas: its ARN has no account (default false). */
  isDefault?: boolean;
  /** QuotaAppliedAtLevel of an applied quota (default `ACCOUNT`). */
  level?: 'ACCOUNT' | 'RESOURCE' | 'ALL';
  /** The region in the ARN (default `us-east-1`). */
  region?: string;
}

/** A made-up account for the ARNs of applied quotas (never a real one). */
export const TEST_ACCOUNT = '000000000000';

/**
 * A ServiceQuota entry for `row`, as ListServiceQuotas (or, with `isDefault`,
 * ListAWSDefaultServiceQuotas) returns one of SageMaker's instance quotas.
 *
 * @example
 * ```ts
 * sageMakerQuota({ name: 'ml.p3.2xlarge for training job usage', value: 2 });
 * sageMakerQuota({ name: 'ml.g5.xlarge for spot training job usage', value: 0, isDefault: true });
 * ```
 */
export function sageMakerQuota(row: QuotaRow): ServiceQuotaEntry {
  const serviceCode = row.serviceCode ?? 'sagemaker';
  const code = row.code ?? quotaCode(row.name);
  const account = row.isDefault ? '' : TEST_ACCOUNT;
  const entry: ServiceQuotaEntry = {
    ServiceCode: serviceCode,
    ServiceName: serviceCode === 'sagemaker' ? 'Amazon SageMaker' : serviceCode,
    QuotaArn: `arn:aws:servicequotas:${row.region ?? 'us-east-1'}:${account}:${serviceCode}/${code}`,
    QuotaCode: code,
    QuotaName: row.name,
    Unit: 'None',
    Adjustable: true,
    GlobalQuota: false,
  };
  if (row.value !== undefined) entry.Value = row.value;
  else entry.ErrorReason = { ErrorCode: 'SERVICE_QUOTA_NOT_AVAILABLE_ERROR', ErrorMessage: 'The quota value is not available' };
  if (!row.isDefault) entry.QuotaAppliedAtLevel = row.level ?? 'ACCOUNT';
  return entry;
}

/** What the server got. */
export interface RecordedRequest {
  method: string;
  path: string;
  target: string;
  /** The target without its prefix, e.g. `ListServiceQuotas`. */
  operation: string;
  contentType: string;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: ListQuotasInput | undefined;
  /** The status the server answered with. */
  status: number;
  /** The error shape it answered with, if any. */
  errorType: string | undefined;
  /** Whether the request carried a SigV4 `Authorization` header. */
  signed: boolean;
}

/** A listing request as the wire carries it. */
export interface ListQuotasInput {
  ServiceCode?: string;
  NextToken?: string;
  MaxResults?: number;
  QuotaCode?: string;
  QuotaAppliedAtLevel?: string;
}

/** Options of {@link startServiceQuotasServer}. */
export interface ServiceQuotasServerOptions {
  /** What ListServiceQuotas lists (see {@link sageMakerQuota}). */
  applied: ServiceQuotaEntry[];
  /** What ListAWSDefaultServiceQuotas lists (default none). */
  defaults?: ServiceQuotaEntry[];
  /** Most quotas on one page, whatever MaxResults says (default 100). */
  pageSize?: number;
  /** The first n requests are throttled (default 0). */
  throttleFirst?: number;
}

/** A running server. */
export interface ServiceQuotasServer {
  /** `http://127.0.0.1:<port>`, for the client's `endpoint`. */
  readonly endpoint: string;
  /** Every request so far, in order. */
  requests(): RecordedRequest[];
  /** The page size from now on. */
  setPageSize(size: number): void;
  /** The next n requests are answered TooManyRequestsException. */
  throttleNext(n: number): void;
  /** From now on these operations answer AccessDeniedException (an empty list: none). */
  denyAccess(operations: readonly QuotaOperation[]): void;
  /** Answers wait `ms` before they are sent (0: at once). */
  delayResponses(ms: number): void;
  /** Forgets the requests, and any pending throttling, denial or delay. */
  reset(): void;
  close(): Promise<void>;
}

const TARGET_PREFIX = 'ServiceQuotasV20190624.';
const JSON_11 = 'application/x-amz-json-1.1';
const OPERATIONS: readonly QuotaOperation[] = ['ListServiceQuotas', 'ListAWSDefaultServiceQuotas'];

/**
 * Starts the server on 127.0.0.1, on a port the OS picks.
 *
 * @example
 * ```ts
 * const server = await startServiceQuotasServer({ applied, defaults, pageSize: 3, throttleFirst: 2 });
 * ```
 */
export async function startServiceQuotasServer(options: ServiceQuotasServerOptions): Promise<ServiceQuotasServer> {
  const listings: Record<QuotaOperation, ServiceQuotaEntry[]> = {
    ListServiceQuotas: options.applied,
    ListAWSDefaultServiceQuotas: options.defaults ?? [],
  };
  /** The service codes it knows: sagemaker, and those of the quotas given. */
  const knownServices = new Set(['sagemaker', ...[...listings.ListServiceQuotas, ...listings.ListAWSDefaultServiceQuotas].map((q) => q.ServiceCode)]);
  let pageSize = checkPageSize(options.pageSize ?? 100);
  let throttle = options.throttleFirst ?? 0;
  let denied = new Set<QuotaOperation>();
  let delayMs = 0;
  let recorded: RecordedRequest[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const target = header(req, 'x-amz-target');
      const record: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        target,
        operation: target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target,
        contentType: header(req, 'content-type'),
        body: parseJson(raw) as ListQuotasInput | undefined,
        status: 0,
        errorType: undefined,
        signed: header(req, 'authorization').startsWith('AWS4-HMAC-SHA256 '),
      };
      recorded.push(record);
      const answer = handle(record);
      record.status = answer.status;
      if (answer.status >= 300) record.errorType = (answer.body as { __type: string }).__type;
      sendAnswer(res, answer, `req-${recorded.length}`, delayMs);
    });
  });

  function handle(request: RecordedRequest): { status: number; body: unknown } {
    if (request.method !== 'POST' || request.path !== '/') return quotasError(404, 'UnknownOperationException', `No operation at ${request.method} ${request.path}`);
    if (!request.contentType.startsWith(JSON_11)) return quotasError(400, 'SerializationException', `Expected Content-Type ${JSON_11}, got ${request.contentType || 'none'}`);
    const operation = OPERATIONS.find((op) => request.target === `${TARGET_PREFIX}${op}`);
    if (operation === undefined) return quotasError(400, 'UnknownOperationException', `Unknown operation ${request.target || '(no X-Amz-Target)'}`);
    if (throttle > 0) {
      throttle--;
      return quotasError(400, 'TooManyRequestsException', 'Rate exceeded');
    }
    if (denied.has(operation)) {
      return quotasError(400, 'AccessDeniedException', `User: arn:aws:iam::${TEST_ACCOUNT}:user/test is not authorized to perform: servicequotas:${operation}`);
    }
    if (request.body === undefined || typeof request.body !== 'object' || request.body === null) return quotasError(400, 'SerializationException', 'The request body is not a JSON object');
    return list(operation, request.body);
  }

  function list(operation: QuotaOperation, input: ListQuotasInput): { status: number; body: unknown } {
    if (typeof input.ServiceCode !== 'string' || input.ServiceCode === '') return quotasError(400, 'IllegalArgumentException', 'ServiceCode is required');
    const max = input.MaxResults ?? 100;
    if (!Number.isInteger(max) || max < 1 || max > 100) return quotasError(400, 'IllegalArgumentException', `MaxResults must be from 1 to 100, got ${String(max)}`);
    const serviceCode = input.ServiceCode;
    if (!knownServices.has(serviceCode)) return quotasError(400, 'NoSuchResourceException', `The service ${serviceCode} does not exist`);
    const matching = listings[operation].filter((q) => q.ServiceCode === serviceCode && (input.QuotaCode === undefined || q.QuotaCode === input.QuotaCode));
    const query = JSON.stringify([operation, serviceCode, input.QuotaCode ?? null]);
    let offset = 0;
    if (input.NextToken !== undefined) {
      const token = readToken(input.NextToken, 'base64');
      if (token === undefined || token.query !== query) return quotasError(400, 'InvalidPaginationTokenException', 'Invalid pagination token');
      offset = token.offset;
    }
    const size = Math.min(max, pageSize);
    const page = matching.slice(offset, offset + size);
    const next = offset + size < matching.length ? writeToken({ query, offset: offset + size }, 'base64') : undefined;
    return { status: 200, body: { Quotas: page, ...(next === undefined ? {} : { NextToken: next }) } };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: () => recorded.map((r) => ({ ...r })),
    setPageSize: (size) => {
      pageSize = checkPageSize(size);
    },
    throttleNext: (n) => {
      throttle = n;
    },
    denyAccess: (operations) => {
      denied = new Set(operations);
    },
    delayResponses: (ms) => {
      delayMs = ms;
    },
    reset: () => {
      recorded = [];
      throttle = 0;
      denied = new Set();
      delayMs = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A stable made-up quota code for a name: `L-` and 8 upper-case hex digits (FNV-1a). */
function quotaCode(name: string): string {
  let hash = 0x811c9dc5;
  for (const char of name) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `L-${hash.toString(16).toUpperCase().padStart(8, '0')}`;
}

function quotasError(status: number, type: string, message: string): { status: number; body: unknown } {
  return errorAnswer(status, type, message, 'Message');
}

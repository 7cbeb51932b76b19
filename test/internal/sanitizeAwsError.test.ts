/**
 * sanitizeAwsError against the errors the real SDK clients build, from a small HTTP server on
 * 127.0.0.1 that answers the way AWS does (AWS JSON 1.1 for SageMaker and CloudWatch Logs,
 * REST-XML for S3) and echoes the request headers it received where AWS echoes them.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { DescribeTrainingJobCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingJobNotFoundError } from '../../src/errors';
import { isTransient } from '../../src/internal/isTransient';
import { redactSecrets, sanitizeAwsError } from '../../src/internal/sanitizeAwsError';

// Fake, but shaped like real temporary credentials.
const accessKeyId = 'ASIAZ7XK3QW2PLM9TR4B';
const secretAccessKey = 'sbFakeSecret/K7MDENG+bPxRfiCYzTESTKEY001';
const sessionToken =
  'IQoJb3JpZ2luX2VjEBsaCXVzLWVhc3QtMSJHMEUCIQ' +
  Buffer.from('sagemaker-bench fake session token, never valid on AWS. '.repeat(12)).toString('base64');

type SdkError = Error & {
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
  $response?: { statusCode?: number; reason?: string; headers?: Record<string, string>; body?: unknown };
  [field: string]: unknown;
};

const deep = (value: unknown) => inspect(value, { showHidden: true, depth: Infinity, maxStringLength: Infinity, maxArrayLength: Infinity });

/** The server, and the last request it received. */
let server: Server;
let lastAuthorization = '';
let endpoint = '';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hexBytes = (text: string) => Buffer.from(text).toString('hex').replace(/(..)(?!$)/g, '$1 ');

/** The SigV4 canonical request and string to sign of what was received, as AWS echoes them back. */
function echoSignature(req: IncomingMessage, body: string): { canonical: string; stringToSign: string } {
  const auth = String(req.headers.authorization ?? '');
  const signed = /SignedHeaders=([^,\s]+)/.exec(auth)?.[1] ?? '';
  const scope = /Credential=[^/]+\/([^,\s]+)/.exec(auth)?.[1] ?? '';
  const url = new URL(req.url ?? '/', 'http://localhost');
  const query = [...url.searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).sort().join('&');
  const headers = signed.split(';').map((h) => `${h}:${String(req.headers[h] ?? '').trim()}`);
  const payload = String(req.headers['x-amz-content-sha256'] ?? sha256(body));
  const canonical = [req.method, url.pathname, query, ...headers, '', signed, payload].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', String(req.headers['x-amz-date']), scope, sha256(canonical)].join('\n');
  return { canonical, stringToSign };
}

function json(res: ServerResponse, status: number, type: string, message: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'c0ffee00-1111-4222-8333-444455556666', ...extra });
  res.end(JSON.stringify({ __type: type, message }));
}

const s3Ids = { 'x-amz-request-id': '4442587FB7D0A2F9', 'x-amz-id-2': 'Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==' };

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/xml', ...s3Ids });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
  lastAuthorization = String(req.headers.authorization ?? '');
  const target = String(req.headers['x-amz-target'] ?? '');
  if (target === 'SageMaker.DescribeTrainingJob') {
    const name = (JSON.parse(body) as { TrainingJobName: string }).TrainingJobName;
    if (name === 'busy-job') return json(res, 400, 'ThrottlingException', 'Rate exceeded');
    if (name === 'broken-job') return json(res, 500, 'InternalFailure', 'We encountered an internal error. Please try again.');
    if (name === 'reset-job') return void req.socket.destroy();
    if (name === 'bad-signature-job') {
      const { canonical, stringToSign } = echoSignature(req, body);
      return json(
        res,
        403,
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. ' +
          `Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'${canonical}'\n\n` +
          `The String-to-Sign should have been\n'${stringToSign}'\n`,
      );
    }
    return json(res, 400, 'ValidationException', 'Requested resource not found.', { 'set-cookie': 'AWSALB=sticky-session-cookie; Path=/' });
  }
  if (target === 'Logs_20140328.GetLogEvents') return json(res, 400, 'ResourceNotFoundException', 'The specified log group does not exist.');
  if (req.method === 'HEAD') {
    res.writeHead(404, s3Ids);
    return void res.end();
  }
  if (req.url?.includes('expired.log')) {
    return xml(
      res,
      400,
      `<Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message>` +
        `<Token-0>${String(req.headers['x-amz-security-token'])}</Token-0><RequestId>4442587FB7D0A2F9</RequestId></Error>`,
    );
  }
  if (req.url?.includes('garbled.log')) {
    res.writeHead(502, { 'content-type': 'text/html' });
    return void res.end('<html><body><h1>502 Bad Gateway</h1></body>');
  }
  const { canonical, stringToSign } = echoSignature(req, body);
  const signature = /Signature=([0-9a-f]+)/.exec(lastAuthorization)?.[1] ?? '';
  xml(
    res,
    403,
    `<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature ` +
      `you provided. Check your key and signing method.</Message><AWSAccessKeyId>${accessKeyId}</AWSAccessKeyId>` +
      `<StringToSign>${stringToSign}</StringToSign><SignatureProvided>${signature}</SignatureProvided>` +
      `<StringToSignBytes>${hexBytes(stringToSign)}</StringToSignBytes><CanonicalRequest>${canonical}</CanonicalRequest>` +
      `<CanonicalRequestBytes>${hexBytes(canonical)}</CanonicalRequestBytes><RequestId>4442587FB7D0A2F9</RequestId>` +
      `<HostId>Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==</HostId></Error>`,
  );
}

let sagemaker: SageMakerClient;
let s3: S3Client;
let logs: CloudWatchLogsClient;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => answer(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const common = { endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey, sessionToken }, maxAttempts: 1 };
  sagemaker = new SageMakerClient(common);
  s3 = new S3Client({ ...common, forcePathStyle: true });
  logs = new CloudWatchLogsClient(common);
});

afterAll(async () => {
  sagemaker?.destroy();
  s3?.destroy();
  logs?.destroy();
  await new Promise((resolve) => server?.close(resolve));
});

async function rejection(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (err) {
    return err as SdkError;
  }
  throw new Error('expected the call to fail');
}

const describeJob = (name: string) => rejection(sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: name })));
const getObject = (key: string) => rejection(s3.send(new GetObjectCommand({ Bucket: 'sagemaker-bench-logs', Key: key })));

/** Which secrets `text` shows: every credential, the start of the token, the last request's signature. */
function leaks(text: string): string[] {
  const signature = /Signature=([0-9a-f]+)/.exec(lastAuthorization)?.[1] ?? 'no signature seen';
  const secrets: Record<string, string> = {
    'access key id': accessKeyId,
    'secret access key': secretAccessKey,
    'session token': sessionToken,
    'start of the session token': sessionToken.slice(0, 24),
    signature,
  };
  return Object.entries(secrets)
    .filter(([, secret]) => text.includes(secret))
    .map(([what]) => what);
}

describe('sanitizeAwsError on the errors of the real SDK clients', () => {
  const cases: Array<[string, () => Promise<SdkError>, { name: string; status: number; fault: string; message: string | RegExp }]> = [
    [
      'SageMaker DescribeTrainingJob ValidationException (AWS JSON 1.1, 400)',
      () => describeJob('missing-job'),
      { name: 'ValidationException', status: 400, fault: 'client', message: 'Requested resource not found.' },
    ],
    [
      'SageMaker InvalidSignatureException whose message echoes the canonical string (AWS JSON 1.1, 403)',
      () => describeJob('bad-signature-job'),
      {
        name: 'InvalidSignatureException',
        status: 403,
        fault: 'client',
        message: /^The request signature we calculated does not match.*x-amz-security-token:\[redacted\]/s,
      },
    ],
    [
      'CloudWatch Logs GetLogEvents ResourceNotFoundException (AWS JSON 1.1, 400)',
      () => rejection(logs.send(new GetLogEventsCommand({ logGroupName: '/aws/sagemaker/TrainingJobs', logStreamName: 'missing-job/algo-1' }))),
      { name: 'ResourceNotFoundException', status: 400, fault: 'client', message: 'The specified log group does not exist.' },
    ],
    [
      'S3 GetObject SignatureDoesNotMatch echoing the canonical request (REST-XML, 403)',
      () => getObject('missing-job/output.log'),
      { name: 'SignatureDoesNotMatch', status: 403, fault: 'client', message: /^The request signature we calculated does not match the signature/ },
    ],
    [
      'S3 GetObject ExpiredToken echoing the token as Token-0 (REST-XML, 400)',
      () => getObject('expired.log'),
      { name: 'ExpiredToken', status: 400, fault: 'client', message: 'The provided token has expired.' },
    ],
    [
      'S3 HeadObject 404 with no body (REST-XML)',
      () => rejection(s3.send(new HeadObjectCommand({ Bucket: 'sagemaker-bench-logs', Key: 'missing-job/output.log' }))),
      { name: 'NotFound', status: 404, fault: 'client', message: 'UnknownError' },
    ],
  ];

  it.each(cases)('%s: util.inspect shows the credentials before, and none of them after', async (_what, fail, expected) => {
    const err = await fail();
    expect(leaks(deep(err))).toEqual(expect.arrayContaining(['access key id', 'session token']));

    expect(sanitizeAwsError(err)).toBe(err);

    expect(leaks(deep(err))).toEqual([]);
    expect(leaks(String(err.stack))).toEqual([]);
    expect(leaks(JSON.stringify(err))).toEqual([]);
    expect(err.name).toBe(expected.name);
    expect(err.$metadata?.httpStatusCode).toBe(expected.status);
    expect(err.$fault).toBe(expected.fault);
    if (typeof expected.message === 'string') expect(err.message).toBe(expected.message);
    else expect(err.message).toMatch(expected.message);
  });

  it('keeps $response hidden, as the SDK defines it, holding only the status, reason and harmless response headers', async () => {
    const err = await describeJob('missing-job');
    const before = Object.getOwnPropertyDescriptor(err, '$response');
    expect(before).toMatchObject({ enumerable: false, writable: false, configurable: false });
    expect(err.$response?.body?.constructor.name).toBe('IncomingMessage');

    sanitizeAwsError(err);

    expect(Object.getOwnPropertyDescriptor(err, '$response')).toMatchObject({ enumerable: false, writable: false, configurable: false });
    expect(Object.keys(err.$response ?? {}).sort()).toEqual(['headers', 'reason', 'statusCode']);
    expect(err.$response).toMatchObject({ statusCode: 400, reason: 'Bad Request' });
    expect(err.$response?.headers).toMatchObject({ 'x-amzn-requestid': 'c0ffee00-1111-4222-8333-444455556666' });
    expect(err.$response?.headers).not.toHaveProperty('set-cookie');
  });

  it("keeps S3's typed fields, with the secrets they echo redacted", async () => {
    const err = await getObject('missing-job/output.log');
    expect(err.CanonicalRequest).toContain(`x-amz-security-token:${sessionToken}`);

    sanitizeAwsError(err);

    expect(err).toMatchObject({
      Code: 'SignatureDoesNotMatch',
      RequestId: '4442587FB7D0A2F9',
      HostId: 'Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg==',
      AWSAccessKeyId: 'ASIA[redacted]',
      SignatureProvided: '[redacted]',
      CanonicalRequestBytes: '[redacted]',
      StringToSignBytes: '[redacted]',
    });
    expect(err.CanonicalRequest).toMatch(/^GET\n\/sagemaker-bench-logs\/missing-job\/output\.log\n/);
    expect(err.CanonicalRequest).toContain('x-amz-security-token:[redacted]\n');
    expect(err.StringToSign).toMatch(/^AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/us-east-1\/s3\/aws4_request\n[0-9a-f]{64}$/);
  });

  it('redacts a secret in the message from the stack too, whether the stack was read before or not', async () => {
    const unread = await describeJob('bad-signature-job');
    const read = await describeJob('bad-signature-job');
    expect(leaks(String(read.stack))).toContain('session token');

    sanitizeAwsError(unread);
    sanitizeAwsError(read);

    for (const err of [unread, read]) {
      expect(err.stack).toMatch(/^InvalidSignatureException: The request signature we calculated/);
      expect(leaks(String(err.stack))).toEqual([]);
    }
  });

  it('makes a typed error wrapping the SDK error inspect clean (wrapping the raw error would not)', async () => {
    const raw = await describeJob('missing-job');
    expect(leaks(deep(new TrainingJobNotFoundError('missing-job', { cause: raw })))).toContain('session token');

    const wrapped = new TrainingJobNotFoundError('missing-job', { cause: sanitizeAwsError(await describeJob('missing-job')) });

    expect(leaks(deep(wrapped))).toEqual([]);
    expect((wrapped.cause as SdkError).name).toBe('ValidationException');
  });

  it('cuts the socket of an S3 body the SDK could not parse, and keeps its read-only $responseBodyText', async () => {
    const err = await getObject('garbled.log');
    expect(Object.getOwnPropertyDescriptor(err, '$responseBodyText')).toMatchObject({ writable: false, configurable: false });

    sanitizeAwsError(err);

    expect(leaks(deep(err))).toEqual([]);
    expect(err.$metadata?.httpStatusCode).toBe(502);
    expect(err.$responseBodyText).toBe('<html><body><h1>502 Bad Gateway</h1></body>');
    expect(err.$response).toEqual({ statusCode: 502, reason: 'Bad Gateway', headers: expect.objectContaining({ 'content-type': 'text/html' }) });
  });

  it.each([
    ['a 500 InternalFailure', 'broken-job', true],
    ['a ThrottlingException', 'busy-job', true],
    ['an ECONNRESET network error', 'reset-job', true],
    ['a ValidationException', 'missing-job', false],
  ])('leaves isTransient with the same answer for %s', async (_what, jobName, transient) => {
    const err = await describeJob(jobName);
    if (jobName === 'reset-job') expect(err.code).toBe('ECONNRESET');
    expect(isTransient(err)).toBe(transient);

    sanitizeAwsError(err);

    expect(isTransient(err)).toBe(transient);
  });

  it('is idempotent: a second pass changes nothing', async () => {
    const err = sanitizeAwsError(await getObject('missing-job/output.log'));
    const once = deep(err);
    const response = err.$response;

    sanitizeAwsError(err);

    expect(deep(err)).toBe(once);
    expect(err.$response).toBe(response);
  });

  it('sanitizes an SDK error found as the cause of a wrapping error', async () => {
    const sdkError = await describeJob('missing-job');
    const outer = new Error('describe failed', { cause: new Error('attempt 3 failed', { cause: sdkError }) });

    sanitizeAwsError(outer);

    expect(leaks(deep(outer))).toEqual([]);
    expect(sdkError.$response?.statusCode).toBe(400);
  });
});

describe('sanitizeAwsError on errors built by hand and odd values', () => {
  const secretText = `x-amz-security-token:${sessionToken}`;
  const fakeSocket = () => ({ on() {}, emit() {}, pipe() {}, _header: `X-Amz-Security-Token: ${sessionToken}\r\n` });

  it('replaces a writable $response by a plain object, keeping its enumerability', () => {
    const err = new S3ServiceException({ name: 'SlowDown', $fault: 'server', $metadata: { httpStatusCode: 503 }, message: 'Reduce your rate.' });
    const headers = { 'retry-after': '1', 'x-amz-security-token': sessionToken };
    Object.assign(err, { $response: { statusCode: 503, headers, body: fakeSocket() } });

    sanitizeAwsError(err);

    expect(Object.getOwnPropertyDescriptor(err, '$response')).toMatchObject({ enumerable: true, writable: true });
    expect(err.$response).toEqual({ statusCode: 503, headers: { 'retry-after': '1' } });
    expect(Object.getPrototypeOf(err.$response)).toBe(Object.prototype);
    expect(leaks(deep(err))).toEqual([]);
  });

  it('removes a field holding a stream or a socket', () => {
    const err = Object.assign(new Error('read failed'), { code: 'ECONNRESET', socket: fakeSocket() });

    sanitizeAwsError(err);

    expect(err).not.toHaveProperty('socket');
    expect(err.code).toBe('ECONNRESET');
  });

  it('follows a cycle of causes without looping, and sanitizes every error in it', () => {
    const a = new Error(`a: ${secretText}`);
    const b = new Error(`b: ${secretText}`, { cause: a });
    a.cause = b;

    expect(sanitizeAwsError(a)).toBe(a);

    expect([a.message, b.message]).toEqual(['a: x-amz-security-token:[redacted]', 'b: x-amz-security-token:[redacted]']);
  });

  it('follows at most 8 cause links below the error', () => {
    const chain: Error[] = [new Error(`level 0 ${secretText}`)];
    for (let i = 1; i <= 12; i++) chain.push(new Error(`level ${i} ${secretText}`, { cause: chain[i - 1] }));
    const top = chain[12] as Error;

    sanitizeAwsError(top);

    const redacted = chain.map((e) => !e.message.includes(sessionToken));
    expect(redacted).toEqual([false, false, false, false, true, true, true, true, true, true, true, true, true]);
  });

  it('sanitizes each error of an AggregateError', () => {
    const inner = Object.assign(new Error(`connect ECONNREFUSED ${secretText}`), { code: 'ECONNREFUSED' });
    const signed = new Error(`Authorization: AWS4-HMAC-SHA256 Credential=${accessKeyId}/20250106/us-east-1/s3/aws4_request`);
    const aggregate = new AggregateError([inner, signed], 'all attempts failed');

    sanitizeAwsError(aggregate);

    expect(leaks(deep(aggregate))).toEqual([]);
    expect(inner.code).toBe('ECONNREFUSED');
  });

  it('leaves a frozen error as it is, without throwing, and still sanitizes its cause', () => {
    const cause = new Error(secretText);
    const frozen = Object.freeze(Object.assign(new Error(secretText, { cause }), { $response: { statusCode: 500, body: fakeSocket() } }));

    expect(sanitizeAwsError(frozen)).toBe(frozen);

    expect(frozen.message).toBe(secretText);
    expect(frozen.$response.body).toHaveProperty('_header');
    expect(cause.message).toBe('x-amz-security-token:[redacted]');
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string (even one holding a secret)', secretText],
    ['a symbol', Symbol('x')],
  ])('returns %s as it is', (_what, value) => {
    expect(sanitizeAwsError(value)).toBe(value);
  });

  it('never throws on odd objects', () => {
    const throwing = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no keys');
        },
        getOwnPropertyDescriptor() {
          throw new Error('no descriptor');
        },
      },
    );
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    const getters = Object.defineProperties(new Error('x'), {
      cause: {
        get() {
          throw new Error('cause getter');
        },
      },
      message: {
        get() {
          throw new Error('message getter');
        },
      },
    });
    const odd = [throwing, revoked, getters, Object.create(null), Object.assign(new Error('x'), { $response: 'not an object' }), [1, 2, 3], () => 1];

    for (const value of odd) expect(sanitizeAwsError(value)).toBe(value);
  });
});

describe('redactSecrets', () => {
  it.each([
    ['an access key id', 'key AKIAIOSFODNN7EXAMPLE in use', 'key AKIA[redacted] in use'],
    ['a temporary access key id', `"AWSAccessKeyId":"${accessKeyId}"`, '"AWSAccessKeyId":"ASIA[redacted]"'],
    ['a role unique id', 'UserId AROA3XFRBF535EXAMPLE:botocore-session', 'UserId AROA[redacted]:botocore-session'],
    ['a user unique id', 'user AIDAJQABLZS4A3QDU576 (bench)', 'user AIDA[redacted] (bench)'],
    [
      'the token in a canonical request',
      `host:s3.amazonaws.com\nx-amz-security-token:${sessionToken}\nx-amz-user-agent:aws-sdk-js`,
      'host:s3.amazonaws.com\nx-amz-security-token:[redacted]\nx-amz-user-agent:aws-sdk-js',
    ],
    ['the token header', `X-Amz-Security-Token: ${sessionToken}\r\nHost: example`, 'X-Amz-Security-Token: [redacted]\r\nHost: example'],
    ['the token in JSON', `{"x-amz-security-token":"${sessionToken}","host":"h"}`, '{"x-amz-security-token":"[redacted]","host":"h"}'],
    ['the token in JSON-escaped text', `x-amz-security-token:${sessionToken}\\nx-amz-target:X`, 'x-amz-security-token:[redacted]\\nx-amz-target:X'],
    [
      'a presigned URL',
      `https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${accessKeyId}%2F20250106%2Fus-east-1%2Fs3%2Faws4_request` +
        '&X-Amz-Date=20250106T090000Z&X-Amz-Security-Token=IQoJb3%2BJpZ2%2FluX2Vj%3D&X-Amz-Signature=3f1a9c0e5b7d&X-Amz-SignedHeaders=host',
      'https://b.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=[redacted]' +
        '&X-Amz-Date=20250106T090000Z&X-Amz-Security-Token=[redacted]&X-Amz-Signature=[redacted]&X-Amz-SignedHeaders=host',
    ],
    [
      'a SigV4 Authorization header',
      `authorization: AWS4-HMAC-SHA256 Credential=${accessKeyId}/20250106/us-east-1/sagemaker/aws4_request, ` +
        'SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=9e3b1f0c2d4a6b8c',
      'authorization: AWS4-HMAC-SHA256 Credential=[redacted], SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[redacted]',
    ],
    ['a SigV2 Authorization header', 'Authorization: AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=\r\n', 'Authorization: AWS [redacted]\r\n'],
    ['a bearer token', "{'Authorization': 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig'}", "{'Authorization': 'Bearer [redacted]'}"],
    ['a secret key in a credentials file', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n', 'aws_secret_access_key = [redacted]\n'],
    ['a secret key in JSON', `{"SecretAccessKey":"${secretAccessKey}"}`, '{"SecretAccessKey":"[redacted]"}'],
    [
      'a secret key and token in XML',
      `<SecretAccessKey>${secretAccessKey}</SecretAccessKey><SessionToken>${sessionToken}</SessionToken>`,
      '<SecretAccessKey>[redacted]</SecretAccessKey><SessionToken>[redacted]</SessionToken>',
    ],
    ['a session token in inspected credentials', `{ sessionToken: '${sessionToken}' }`, "{ sessionToken: '[redacted]' }"],
    [
      "S3's signature and byte dumps",
      '<SignatureProvided>9e3b1f0c</SignatureProvided><StringToSignBytes>41 57 53 34</StringToSignBytes>' +
        '<CanonicalRequestBytes>47 45 54</CanonicalRequestBytes>',
      '<SignatureProvided>[redacted]</SignatureProvided><StringToSignBytes>[redacted]</StringToSignBytes>' +
        '<CanonicalRequestBytes>[redacted]</CanonicalRequestBytes>',
    ],
    ["S3's expired token", `<Token-0>${sessionToken}</Token-0>`, '<Token-0>[redacted]</Token-0>'],
    ["S3's signature and token fields in JSON", '{"SignatureProvided":"9e3b1f0c","Token-0":"IQoJb3JpZ2lu"}', '{"SignatureProvided":"[redacted]","Token-0":"[redacted]"}'],
  ])('redacts %s, and leaves its own output alone', (_what, text, expected) => {
    expect(redactSecrets(text)).toBe(expected);
    expect(redactSecrets(expected)).toBe(expected);
  });

  it.each([
    ['a job name', 'resnet50-p3-gpu4-b512-e2'],
    ['a training job ARN', 'arn:aws:sagemaker:us-east-1:245983579475:training-job/resnet50-p3-gpu4-b512-e2'],
    ['a role ARN', 'arn:aws:iam::245983579475:role/service-role/AmazonSageMaker-ExecutionRole-20250106T090000'],
    ['a request id', 'RequestId: c0ffee00-1111-4222-8333-444455556666'],
    ['an S3 request and host id', 'x-amz-request-id: 4442587FB7D0A2F9, x-amz-id-2: Uuag1LuByRx9e6j5Onimru9pO4ZVKnJ2Qz7/C1NPcfTWAtRPfTaOFg=='],
    ['an S3 URI', 's3://sagemaker-bench-logs-245983579475/resnet50/output/model.tar.gz'],
    ['uppercase words that only look like key ids', 'ABCDEFGHIJKLMNOPQRST and AKIAIOSFODNN7 and XAKIAIOSFODNN7EXAMPLE'],
    ['the S3 signature message', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'],
    ['the STS signature message', 'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'],
    ['the expired token message', 'The security token included in the request is expired'],
    ['the missing credential message', "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter."],
    ['the signed headers list', 'SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target'],
    ['a short session token word', 'Invalid SessionToken: the token is expired'],
  ])('leaves %s unchanged', (_what, text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});

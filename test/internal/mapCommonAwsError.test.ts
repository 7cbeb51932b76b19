import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientConfigError, EndpointError, NoCredentialsError, NotAuthorizedError, TrainingJobNotFoundError } from '../../src/errors';
import { deniedAction, deniedResource, iamAction, isAccessDenied, mapCommonAwsError } from '../../src/internal/mapCommonAwsError';
import type { AwsCall } from '../../src/internal/mapCommonAwsError';

/** A stand-in for an SDK client: only its resolved `config` is read. */
function fakeClient(config: { serviceId?: string; region?: string | (() => Promise<string>); endpoint?: string; profile?: string }): unknown {
  const endpoint = config.endpoint !== undefined ? new URL(config.endpoint) : undefined;
  return {
    config: {
      serviceId: config.serviceId ?? 'SageMaker',
      region: config.region ?? (() => Promise.resolve('us-east-1')),
      isCustomEndpoint: endpoint !== undefined,
      endpoint:
        endpoint !== undefined
          ? () => Promise.resolve({ protocol: endpoint.protocol, hostname: endpoint.hostname, port: Number(endpoint.port), path: endpoint.pathname })
          : undefined,
      profile: config.profile,
    },
  };
}

function call(client: unknown, operation = 'DescribeTrainingJob', resource = 'training job my-job', input?: unknown): AwsCall {
  return { client, operation, resource, input };
}

/** An SDK service error: name, message, `$metadata`, and the small `$response` sanitizeAwsError leaves. */
function serviceError(name: string, message: string, status: number, headers: Record<string, string> = { 'x-amzn-requestid': 'r-1' }): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status, requestId: headers['x-amzn-requestid'] ?? headers['x-amz-request-id'] },
    $response: { statusCode: status, headers },
  });
}

function networkError(code: string, extra: Record<string, unknown>): Error {
  return Object.assign(new Error(`${code} ${JSON.stringify(extra)}`), { code, ...extra, $metadata: { attempts: 3 } });
}

const saved = { ...process.env };
beforeEach(() => {
  for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
});
afterEach(() => {
  process.env = { ...saved };
});

describe('mapCommonAwsError: access denied', () => {
  const message =
    'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sagemaker:DescribeTrainingJob on resource: ' +
    'arn:aws:sagemaker:us-east-1:111122223333:training-job/my-job because no identity-based policy allows the sagemaker:DescribeTrainingJob action';

  it('names the action and the resource the service names, and keeps its words and the SDK error', async () => {
    const error = serviceError('AccessDeniedException', message, 400);

    const mapped = await mapCommonAwsError(error, call(fakeClient({})));

    expect(mapped).toBeInstanceOf(NotAuthorizedError);
    expect(mapped).toMatchObject({
      action: 'sagemaker:DescribeTrainingJob',
      resource: 'arn:aws:sagemaker:us-east-1:111122223333:training-job/my-job',
      operation: 'DescribeTrainingJob',
      errorCode: 'AccessDeniedException',
      serviceMessage: message,
    });
    expect((mapped as Error).cause).toBe(error);
    expect((mapped as Error).message).toMatch(
      /^Not authorized to call sagemaker:DescribeTrainingJob on arn:aws:sagemaker:us-east-1:111122223333:training-job\/my-job: .*IAM policy/,
    );
  });

  it('keeps the SDK metadata readable, for code that looks at the 403 of an error', async () => {
    const mapped = await mapCommonAwsError(serviceError('AccessDenied', 'Access Denied', 403), call(fakeClient({ serviceId: 'S3' }), 'GetObject', 's3://b/k'));

    expect((mapped as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(403);
  });

  it.each([
    ['S3', 'GetObject', { Bucket: 'logs-bucket', Key: 'job/output/log.txt' }, 's3:GetObject', 's3://logs-bucket/job/output/log.txt'],
    ['S3', 'GetObject', { Bucket: 'logs-bucket', Key: 'k', VersionId: 'v1' }, 's3:GetObjectVersion', 's3://logs-bucket/k'],
    ['S3', 'ListObjectsV2', { Bucket: 'logs-bucket', Prefix: 'job/' }, 's3:ListBucket', 's3://logs-bucket/job/'],
    ['S3', 'HeadObject', { Bucket: 'logs-bucket', Key: 'k' }, 's3:GetObject', 's3://logs-bucket/k'],
    ['CloudWatch Logs', 'GetLogEvents', { logGroupName: 'g' }, 'logs:GetLogEvents', 'stream s'],
    ['Service Quotas', 'ListServiceQuotas', {}, 'servicequotas:ListServiceQuotas', 'stream s'],
    ['Pricing', 'GetProducts', {}, 'pricing:GetProducts', 'stream s'],
  ])('derives the IAM action of %s %s when the service names none', async (serviceId, operation, input, action, resource) => {
    const mapped = await mapCommonAwsError(serviceError('AccessDenied', 'Access Denied', 403), call(fakeClient({ serviceId }), operation, 'stream s', input));

    expect(mapped).toMatchObject({ action, resource });
  });

  it('reads a bodiless S3 403 (HEAD) as access denied', async () => {
    const error = serviceError('Unknown', 'UnknownError', 403, { 'x-amz-request-id': 'r-2' });

    const mapped = await mapCommonAwsError(error, call(fakeClient({ serviceId: 'S3' }), 'HeadObject', 's3://b/k', { Bucket: 'b', Key: 'k' }));

    expect(mapped).toMatchObject({ name: 'NotAuthorizedError', action: 's3:GetObject', errorCode: '403', serviceMessage: undefined });
  });

  it('names the profile in use', async () => {
    const mapped = await mapCommonAwsError(serviceError('AccessDeniedException', 'no', 400), call(fakeClient({ profile: 'research' })));

    expect((mapped as Error).message).toContain('(profile research)');
  });

  it.each(['UnrecognizedClientException', 'ExpiredTokenException', 'InvalidSignatureException', 'SignatureDoesNotMatch'])(
    'leaves %s alone: the credentials are refused, no permission is missing',
    async (name) => {
      const error = serviceError(name, 'bad', 403);

      expect(await mapCommonAwsError(error, call(fakeClient({})))).toBe(error);
      expect(isAccessDenied(error)).toBe(false);
    },
  );

  it('reads the action and resource out of the words of a refusal', () => {
    expect(deniedAction('User x is not authorized to perform: iam:PassRole on resource: arn:aws:iam::1:role/R')).toBe('iam:PassRole');
    expect(deniedResource('User x is not authorized to perform: iam:PassRole on resource: arn:aws:iam::1:role/R.')).toBe('arn:aws:iam::1:role/R');
    expect(deniedAction('Access Denied')).toBeUndefined();
    expect(iamAction(undefined, 'DoThing')).toBe('aws:DoThing');
  });
});

describe('mapCommonAwsError: endpoints and regions', () => {
  it('says an unknown region is unknown, with the nearest known one, when its host does not resolve', async () => {
    const error = networkError('ENOTFOUND', { hostname: 'api.sagemaker.us-east-7.amazonaws.com' });

    const mapped = await mapCommonAwsError(error, call(fakeClient({ region: 'us-east-7' })));

    expect(mapped).toBeInstanceOf(EndpointError);
    expect(mapped).toMatchObject({
      reason: 'unresolved',
      region: 'us-east-7',
      knownRegion: false,
      suggestedRegion: 'us-east-1',
      endpoint: 'https://api.sagemaker.us-east-7.amazonaws.com',
      service: 'SageMaker',
      operation: 'DescribeTrainingJob',
    });
    expect((mapped as Error).message).toMatch(/^Unknown region us-east-7 \(did you mean us-east-1\?\): /);
    expect((mapped as Error).cause).toBe(error);
  });

  it('blames the network, not the region, when a known region does not resolve', async () => {
    const mapped = await mapCommonAwsError(networkError('ENOTFOUND', { hostname: 'api.sagemaker.us-east-1.amazonaws.com' }), call(fakeClient({})));

    expect(mapped).toMatchObject({ reason: 'unresolved', knownRegion: true, suggestedRegion: undefined });
    expect((mapped as Error).message).toMatch(/check your network, DNS and proxy settings/);
  });

  it('names a given endpoint that refuses connections, with what to check', async () => {
    const error = networkError('ECONNREFUSED', { address: '127.0.0.1', port: 5000 });

    const mapped = await mapCommonAwsError(error, call(fakeClient({ endpoint: 'http://127.0.0.1:5000' })));

    expect(mapped).toMatchObject({ reason: 'refused', endpoint: 'http://127.0.0.1:5000', knownRegion: undefined });
    expect((mapped as Error).message).toBe(
      'Endpoint http://127.0.0.1:5000 refused the connection (ECONNREFUSED 127.0.0.1:5000): is the server (moto, LocalStack, a proxy) running and listening on that port?',
    );
  });

  it('finds a refusal inside an AggregateError (both address families tried)', async () => {
    const error = Object.assign(new AggregateError([networkError('ECONNREFUSED', { address: '::1', port: 4566 }), networkError('ECONNREFUSED', { address: '127.0.0.1', port: 4566 })]), {
      code: 'ECONNREFUSED',
    });

    expect(await mapCommonAwsError(error, call(fakeClient({ endpoint: 'http://localhost:4566' })))).toMatchObject({ reason: 'refused', endpoint: 'http://localhost:4566' });
  });

  it('takes the endpoint of AWS_ENDPOINT_URL_<SERVICE> for one the SDK was given by the environment', async () => {
    process.env.AWS_ENDPOINT_URL_SAGEMAKER = 'http://127.0.0.1:6000';

    const mapped = await mapCommonAwsError(networkError('ECONNREFUSED', { address: '127.0.0.1', port: 6000 }), call(fakeClient({})));

    expect(mapped).toMatchObject({ reason: 'refused', endpoint: 'http://127.0.0.1:6000', knownRegion: undefined });
  });

  it('says an HTML page is not an AWS answer', async () => {
    const error = serviceError('SyntaxError', `Unexpected token '<', "<!DOCTYPE "... is not valid JSON\n  Deserialization error: to see the raw response...`, 200, {
      'content-type': 'text/html; charset=utf-8',
    });
    (error as unknown as { $metadata: { requestId?: string } }).$metadata.requestId = undefined;

    const mapped = await mapCommonAwsError(error, call(fakeClient({ endpoint: 'http://127.0.0.1:8080/' })));

    expect(mapped).toMatchObject({ reason: 'not-aws', endpoint: 'http://127.0.0.1:8080' });
    expect((mapped as Error).message).toMatch(/^Endpoint http:\/\/127\.0\.0\.1:8080 answered SageMaker DescribeTrainingJob with something that is not an AWS API response \(HTTP 200, text\/html page\)/);
  });

  it('names the unknown region when a non-AWS page answers for it', async () => {
    const error = serviceError('SyntaxError', 'Deserialization error', 200, { 'content-type': 'text/html' });
    (error as unknown as { $metadata: { requestId?: string } }).$metadata.requestId = undefined;

    const mapped = await mapCommonAwsError(error, call(fakeClient({ region: 'eu-wset-1' })));

    expect((mapped as Error).message).toMatch(/^Unknown region eu-wset-1 \(did you mean eu-west-1\?\): the answer to SageMaker DescribeTrainingJob is not from AWS/);
  });

  it('leaves an unreadable answer that carries an AWS request id alone (a body cut short, not a stranger)', async () => {
    const error = serviceError('SyntaxError', 'Unexpected end of JSON input\n  Deserialization error', 200);

    expect(await mapCommonAwsError(error, call(fakeClient({})))).toBe(error);
  });
});

describe('mapCommonAwsError: credentials and region', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'smb-profiles-'));
    writeFileSync(join(dir, 'config'), '[default]\nregion = us-west-2\n\n[profile research]\nregion = eu-west-1\n\n[sso-session corp]\nsso_region = us-east-1\n');
    writeFileSync(join(dir, 'credentials'), '[batch]\naws_access_key_id = test\naws_secret_access_key = test\n');
    process.env.AWS_CONFIG_FILE = join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const nothing = () => Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError', tryNextLink: false });

  it('turns "Could not load credentials from any providers" into NoCredentialsError naming aws configure and the variables', async () => {
    const error = nothing();

    const mapped = await mapCommonAwsError(error, call(fakeClient({})));

    expect(mapped).toBeInstanceOf(NoCredentialsError);
    expect(mapped).toMatchObject({ reason: 'none', profile: undefined });
    expect((mapped as Error).message).toBe(
      'No AWS credentials found: run `aws configure` (or `aws sso login`), set AWS_PROFILE to a configured profile, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
    );
    expect((mapped as Error).cause).toBe(error);
  });

  it('says a profile that is in neither file is not there, and lists those that are', async () => {
    const mapped = await mapCommonAwsError(nothing(), call(fakeClient({ profile: 'nope' })));

    expect(mapped).toMatchObject({ name: 'NoCredentialsError', reason: 'profile-not-found', profile: 'nope', knownProfiles: ['batch', 'default', 'research'] });
    expect((mapped as Error).message).toMatch(new RegExp(`^AWS profile nope is not in ${join(dir, 'config')} or ${join(dir, 'credentials')} \\(profiles there: batch, default, research\\): create it with \`aws configure --profile nope\``));
  });

  it('reads AWS_PROFILE when the client was given no profile', async () => {
    process.env.AWS_PROFILE = 'nope';

    expect(await mapCommonAwsError(nothing(), call(fakeClient({})))).toMatchObject({ reason: 'profile-not-found', profile: 'nope' });
  });

  it('says a profile that is there but gives no credentials, with the SDK words when they say more, which login to run', async () => {
    const expired = Object.assign(new Error('The SSO session associated with this profile has expired or is otherwise invalid.'), { name: 'CredentialsProviderError' });

    const mapped = await mapCommonAwsError(expired, call(fakeClient({ profile: 'research' })));

    expect(mapped).toMatchObject({ reason: 'profile-unusable', profile: 'research' });
    expect((mapped as Error).message).toMatch(/^AWS profile research gives no credentials \(The SSO session .*\): run `aws sso login --profile research`/);
  });

  it('turns "Region is missing" into ClientConfigError naming --region, AWS_REGION and aws configure', async () => {
    const error = new Error('Region is missing');

    const mapped = await mapCommonAwsError(error, call(fakeClient({})));

    expect(mapped).toBeInstanceOf(ClientConfigError);
    expect(mapped).toMatchObject({ option: 'region', value: undefined });
    expect((mapped as Error).message).toMatch(/--region/);
    expect((mapped as Error).message).toMatch(/AWS_REGION/);
    expect((mapped as Error).message).toMatch(/`aws configure set region us-east-1`/);
  });

  it('blames the missing profile, not the region, when a profile that is not there left no region', async () => {
    expect(await mapCommonAwsError(new Error('Region is missing'), call(fakeClient({ profile: 'nope' })))).toMatchObject({ name: 'NoCredentialsError', reason: 'profile-not-found' });
  });
});

describe('mapCommonAwsError: everything else', () => {
  it.each([
    ['a not-found ValidationException', () => serviceError('ValidationException', 'Requested resource not found.', 400)],
    ['throttling', () => serviceError('ThrottlingException', 'Rate exceeded', 400)],
    ['a reset connection', () => networkError('ECONNRESET', {})],
    ['an error of the library', () => new TrainingJobNotFoundError('x')],
    ['an abort', () => new DOMException('This operation was aborted', 'AbortError')],
  ])('returns %s as it is', async (_, make) => {
    const error = make();

    expect(await mapCommonAwsError(error, call(fakeClient({})))).toBe(error);
  });

  it('returns anything but an object as it is, and never throws, even for a client whose config throws', async () => {
    expect(await mapCommonAwsError('text', call(undefined))).toBe('text');
    const hostile = { get config(): never { throw new Error('boom'); } };
    const error = networkError('ECONNREFUSED', {});
    expect(await mapCommonAwsError(error, call(hostile))).toBe(error);
  });
});

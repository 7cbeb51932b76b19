/**
 * Makes AWS SDK errors safe to keep (as `cause`), rethrow and log. Internal.
 *
 * An SDK v3 service error holds the raw HTTP response as `$response`, a hidden property the
 * deserializer middleware of @smithy/core defines non-enumerable, non-writable and
 * non-configurable. Its `body` is Node's IncomingMessage, whose `req` (the ClientRequest, also
 * reachable through the socket's `_httpMessage`) keeps the request headers, `_header` and
 * `[kOutHeaders]`: `authorization` (`Credential=<access key id>/…, Signature=…`) and
 * `x-amz-security-token`. `util.inspect(err, { showHidden: true, depth: Infinity })` prints
 * them. Some services also echo the request in the error itself: S3's `SignatureDoesNotMatch`
 * has `AWSAccessKeyId`, `SignatureProvided`, a `CanonicalRequest` with the
 * `x-amz-security-token:` line and hex dumps of it (`CanonicalRequestBytes`); S3's
 * `ExpiredToken` has the token as `Token-0`; the JSON services' `InvalidSignatureException`
 * puts the canonical string in the message.
 */

const MARK = '[redacted]';

/** Prefixes of IAM unique ids (access keys: AKIA long-term, ASIA temporary; users, roles, …). */
const KEY_ID = 'ABIA|ACCA|AGPA|AIDA|AIPA|AKIA|ANPA|ANVA|APKA|AROA|ASCA|ASIA';
/** Between a header or field name and its value: `: `, `=`, `":"`. */
const SEP = String.raw`["']?\s*[:=]\s*["']?`;
/** A header or query value: up to a space, a quote, a separator or a backslash (JSON's `\n`). */
const VALUE = String.raw`[^\s"'<>,;&\\]+`;

/** Cheap first look, a superset of {@link RULES}: text it does not match has nothing to redact. */
const MAYBE_SECRET = new RegExp(
  String.raw`(?:${KEY_ID})[A-Z0-9]{16}|authorization["']?\s*[:=]|(?:credential|signature)\s*=|security-token["']?\s*[:=]|` +
    String.raw`(?:secret_?access_?key|session_?token|security_?token)(?:["']?\s*[:=]|>)|(?:SignatureProvided|Bytes|Token-\d+)(?:>|"\s*:)`,
  'i',
);

const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // Authorization: AWS AKIA…:sig (SigV2), Bearer …, Basic …; SigV4's Credential= and Signature= just below.
  [new RegExp(String.raw`(\bauthorization${SEP})(AWS|Bearer|Basic|Digest)\s+${VALUE}`, 'gi'), `$1$2 ${MARK}`],
  [new RegExp(String.raw`\b(credential|signature)(\s*=\s*)${VALUE}`, 'gi'), `$1$2${MARK}`],
  [new RegExp(String.raw`(\bx-amz-security-token${SEP})${VALUE}`, 'gi'), `$1${MARK}`],
  [
    new RegExp(String.raw`(\b(?:aws_)?(?:secret_?access_?key|session_?token|security_?token)(?:${SEP}|>))[A-Za-z0-9/+=%_-]{16,}`, 'gi'),
    `$1${MARK}`,
  ],
  [/(<(?:SignatureProvided|StringToSignBytes|CanonicalRequestBytes|Token-\d+)>)[^<]*/g, `$1${MARK}`],
  [/("(?:SignatureProvided|StringToSignBytes|CanonicalRequestBytes|Token-\d+)"\s*:\s*")[^"]*/g, `$1${MARK}`],
  [new RegExp(String.raw`(?<![A-Za-z0-9])(${KEY_ID})[A-Z0-9]{16}(?![A-Za-z0-9])`, 'g'), `$1${MARK}`],
];

/** Error fields whose whole value is a secret, or an encoding of one. */
const SECRET_FIELD =
  /^(?:SignatureProvided|StringToSignBytes|CanonicalRequestBytes|Token-\d+|Token)$|secret|password|(?:session|security)_?token/i;
/** Response headers never kept. */
const SECRET_HEADER = /authorization|cookie|token|secret|credential|signature|password/i;
/** Fields handled apart, or plain data the SDK and the library read as it is. */
const SKIP = new Set(['stack', 'cause', 'errors', '$response', '$metadata', '$fault', '$retryable']);
/** `cause` links followed below the error itself, and errors looked at in all (cycles, huge AggregateErrors). */
const MAX_DEPTH = 8;
const MAX_ERRORS = 64;

/** The `$response` objects already made small (idempotence, and a cheap second pass). */
const done = new WeakSet<object>();

/**
 * `text` with AWS secrets replaced by `[redacted]`: access key ids and other IAM unique ids
 * (`ASIA[redacted]`, the prefix kept), `x-amz-security-token` values (header, canonical
 * request and query forms), the Credential and Signature of an `Authorization` header (its
 * algorithm kept) or of a presigned URL, a secret access key or session token after its name
 * (`aws_secret_access_key = …`, `"SecretAccessKey":"…"`), and S3's `SignatureProvided`,
 * `…Bytes` and `Token-N` elements. Job names, ARNs, request ids and bucket names are left alone.
 *
 * @example
 * ```ts
 * redactSecrets('x-amz-security-token:IQoJb3JpZ2luX2Vj…');
 * // 'x-amz-security-token:[redacted]'
 * redactSecrets('<AWSAccessKeyId>ASIAZ7XK3QW2PLM9TR4B</AWSAccessKeyId>');
 * // '<AWSAccessKeyId>ASIA[redacted]</AWSAccessKeyId>'
 * redactSecrets('Authorization: AWS4-HMAC-SHA256 Credential=ASIAZ7XK3QW2PLM9TR4B/20250106/us-east-1/s3/aws4_request, ' +
 *   'SignedHeaders=host;x-amz-date, Signature=3f1a…');
 * // 'Authorization: AWS4-HMAC-SHA256 Credential=[redacted], SignedHeaders=host;x-amz-date, Signature=[redacted]'
 * ```
 */
export function redactSecrets(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Makes an AWS SDK error safe to keep, in place, and returns it. `$response` becomes
 * `{ statusCode, reason, headers }` (response headers only, credential-like ones dropped):
 * replaced when the property allows it, otherwise (the SDK's own errors) the HttpResponse it
 * points to loses its body, which reaches the socket and the request headers. Secrets are
 * redacted in `message` and the other string fields ({@link redactSecrets}); fields holding a
 * stream or a socket are removed. The same is done along the `cause` chain (8 links at most,
 * cycles safe) and for `AggregateError.errors`. `name`, `code`, `$metadata`, `$fault`,
 * `$retryable`, `$service` and the typed service fields (`Code`, `BucketName`, …) stay.
 *
 * `stack` is formatted by V8 on first read, from the message of that time, so it is only read
 * (and redacted) when the message held a secret. What cannot be changed is left as it is:
 * frozen objects, accessors, the read-only `$responseBodyText` the SDK sets on a body it could
 * not parse. Idempotent; never throws; anything but an object is returned unchanged.
 *
 * @example
 * ```ts
 * try {
 *   await client.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName }));
 * } catch (err) {
 *   throw new TrainingJobNotFoundError(jobName, { cause: sanitizeAwsError(err) });
 * }
 * ```
 */
export function sanitizeAwsError<T>(error: T): T {
  try {
    visit(error, 0, new Set());
  } catch {
    // odd objects (proxies, throwing traps) are left as they are
  }
  return error;
}

function visit(value: unknown, depth: number, seen: Set<object>): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth > MAX_DEPTH || seen.has(value) || seen.size >= MAX_ERRORS) return;
  seen.add(value);
  let cause: unknown;
  let errors: unknown;
  try {
    if (!Object.isFrozen(value)) sanitizeOne(value as Record<string, unknown>);
    cause = ownValue(value, 'cause');
    errors = ownValue(value, 'errors');
  } catch {
    return;
  }
  visit(cause, depth + 1, seen);
  if (Array.isArray(errors)) {
    for (let i = 0; i < errors.length && seen.size < MAX_ERRORS; i++) visit(errors[i], depth + 1, seen);
  }
}

function sanitizeOne(error: Record<string, unknown>): void {
  let messageChanged = false;
  for (const key of Object.getOwnPropertyNames(error)) {
    if (SKIP.has(key)) continue;
    const desc = Object.getOwnPropertyDescriptor(error, key);
    if (desc === undefined || !('value' in desc)) continue;
    const value: unknown = desc.value;
    let next = value;
    if (typeof value === 'string') next = SECRET_FIELD.test(key) && value !== '' ? MARK : redactSecrets(value);
    else if (reachesSocket(value)) next = undefined;
    if (next !== value && replace(error, key, desc, next) && key === 'message') messageChanged = true;
  }
  smallResponse(error);
  if (messageChanged) redactStack(error);
}

/**
 * Redacts `stack`, a data property up to Node 20 and an own accessor from Node 22 (V8 12), whose
 * setter takes a new value.
 */
function redactStack(error: Record<string, unknown>): void {
  const desc = Object.getOwnPropertyDescriptor(error, 'stack');
  if (desc === undefined) return;
  if ('value' in desc) {
    if (typeof desc.value !== 'string') return;
    const redacted = redactSecrets(desc.value);
    if (redacted !== desc.value) replace(error, 'stack', desc, redacted);
    return;
  }
  const stack: unknown = desc.get?.call(error);
  if (typeof stack !== 'string') return;
  const redacted = redactSecrets(stack);
  if (redacted === stack) return;
  if (desc.set !== undefined) desc.set.call(error, redacted);
  if (error['stack'] !== redacted && desc.configurable) {
    Reflect.defineProperty(error, 'stack', { value: redacted, writable: true, enumerable: false, configurable: true });
  }
}

/** Replaces `$response` by `{ statusCode, reason, headers }`, or strips the HttpResponse down to that. */
function smallResponse(error: Record<string, unknown>): void {
  const desc = Object.getOwnPropertyDescriptor(error, '$response');
  const response: unknown = desc?.value;
  if (desc === undefined || typeof response !== 'object' || response === null || done.has(response)) return;
  const { statusCode, reason, headers } = response as { statusCode?: unknown; reason?: unknown; headers?: unknown };
  const kept = safeHeaders(headers);
  if (desc.writable || desc.configurable) {
    const small = {
      statusCode: typeof statusCode === 'number' ? statusCode : undefined,
      ...(typeof reason === 'string' ? { reason } : {}),
      headers: kept,
    };
    done.add(small);
    replace(error, '$response', desc, small);
  } else if (!Object.isFrozen(response)) {
    // The SDK's case: the property cannot change, the object it holds can.
    for (const key of Reflect.ownKeys(response)) {
      if (key !== 'statusCode' && key !== 'reason' && key !== 'headers') Reflect.deleteProperty(response, key);
    }
    if (kept !== headers) Reflect.set(response, 'headers', kept);
    done.add(response);
  }
}

/** The headers without credential-like ones, secrets redacted: the same object when nothing is to change. */
function safeHeaders(headers: unknown): Record<string, string> {
  if (typeof headers !== 'object' || headers === null) return {};
  const entries = Object.entries(headers);
  const isClean = ([name, value]: [string, unknown]) =>
    typeof value === 'string' && !SECRET_HEADER.test(name) && redactSecrets(value) === value;
  if (entries.every(isClean)) return headers as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [name, value] of entries) {
    if (typeof value === 'string' && !SECRET_HEADER.test(name)) out[name] = redactSecrets(value);
  }
  return out;
}

/** Sets an own data property to `value` (removes it for `undefined` when it can), keeping its attributes. */
function replace(target: object, key: string, desc: PropertyDescriptor, value: unknown): boolean {
  if (value === undefined && desc.configurable) return Reflect.deleteProperty(target, key);
  if (!desc.writable && !desc.configurable) return false;
  return Reflect.defineProperty(target, key, {
    value,
    writable: desc.writable ?? false,
    enumerable: desc.enumerable ?? false,
    configurable: desc.configurable ?? false,
  });
}

/** A Node stream, socket or other event emitter, or a web stream: a raw body, or a way to the request. */
function reachesSocket(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { pipe?: unknown; on?: unknown; emit?: unknown; getReader?: unknown };
  if (typeof v.pipe === 'function' || typeof v.getReader === 'function') return true;
  return typeof v.on === 'function' && typeof v.emit === 'function';
}

function ownValue(target: object, key: string): unknown {
  const desc = Object.getOwnPropertyDescriptor(target, key);
  return desc !== undefined && 'value' in desc ? desc.value : undefined;
}

/**
 * The checks `createClients` makes of its `region`, `endpoint`, `profile` and `timeouts` before building a
 * client: each mistake a user makes on a command line (`--region 'us east 1'`,
 * `--endpoint-url 127.0.0.1:5000`) is a {@link ClientConfigError} saying what was probably
 * meant, instead of an SDK error at the first request. Internal.
 *
 * @module
 */
import { ClientConfigError } from '../errors';
import { checkRegionName } from './awsRegions';
import { MAX_TIMER_MS } from './checkOptions';
import { describeValue } from './describeValue';

/** The time limits `createClients` takes, in milliseconds. */
export const CLIENT_TIMEOUT_NAMES = ['connectMs', 'firstByteMs', 'idleMs'] as const;

/**
 * Throws {@link ClientConfigError} for a region that is not shaped like one, an endpoint that
 * is not an http(s) URL with a host, a profile name that cannot be one, or `timeouts` that are
 * not an object of milliseconds above 0 (at most 2^31 - 1, the longest a Node timer waits).
 * Undefined options are not checked (the SDK's configuration fills them).
 *
 * @example
 * ```ts
 * checkClientOptions({ region: 'us-east-1', endpoint: 'http://127.0.0.1:5000' }); // fine
 * checkClientOptions({ endpoint: 'localhost:4566' }); // ClientConfigError: ... did you mean http://localhost:4566?
 * ```
 */
export function checkClientOptions(options: { region?: unknown; endpoint?: unknown; profile?: unknown; timeouts?: unknown }): void {
  if (options.region !== undefined) checkRegion(options.region);
  if (options.endpoint !== undefined) checkEndpoint(options.endpoint);
  if (options.profile !== undefined) checkProfile(options.profile);
  if (options.timeouts !== undefined) checkTimeouts(options.timeouts);
}

function checkTimeouts(timeouts: unknown): void {
  if (timeouts === null || typeof timeouts !== 'object' || Array.isArray(timeouts)) {
    throw new ClientConfigError('timeouts', timeouts, `timeouts must be an object such as { firstByteMs: 10_000 }, got ${describeValue(timeouts)}`);
  }
  const names: readonly string[] = CLIENT_TIMEOUT_NAMES;
  for (const [name, value] of Object.entries(timeouts)) {
    if (!names.includes(name)) {
      throw new ClientConfigError('timeouts', timeouts, `timeouts.${name} is not a time limit of createClients (${CLIENT_TIMEOUT_NAMES.join(', ')})`);
    }
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
      throw new ClientConfigError(
        'timeouts',
        value,
        `timeouts.${name} must be a number of milliseconds above 0 and at most ${MAX_TIMER_MS}, got ${describeValue(value)}`,
      );
    }
  }
}

function checkRegion(region: unknown): void {
  if (typeof region !== 'string') {
    throw new ClientConfigError('region', region, `region must be a string such as 'us-east-1', got ${describeValue(region)}`);
  }
  const check = checkRegionName(region);
  if (check.ok) return;
  const suggestion = check.suggestion;
  throw new ClientConfigError(
    'region',
    region,
    region.trim() === ''
      ? `region is empty: give an AWS region such as us-east-1, or leave it out to use AWS_REGION or the profile's region`
      : `region ${JSON.stringify(region)} is not an AWS region name: ${check.problem} ` +
          `(e.g. us-east-1)${suggestion !== undefined ? `; did you mean ${suggestion}?` : ''}`,
    { suggestion },
  );
}

/** `host:port`, `host`, `host/path`: what a URL without its scheme looks like. */
const HOST_WITHOUT_SCHEME = /^(?:\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::\d{1,5})?(?:\/\S*)?$/i;

function checkEndpoint(endpoint: unknown): void {
  if (typeof endpoint !== 'string') {
    throw new ClientConfigError('endpoint', endpoint, `endpoint must be a URL string such as 'http://127.0.0.1:5000', got ${describeValue(endpoint)}`);
  }
  const text = endpoint.trim();
  if (text === '') {
    throw new ClientConfigError('endpoint', endpoint, `endpoint is empty: give a URL such as http://127.0.0.1:5000, or leave it out to send requests to AWS`);
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) {
    // `localhost:4566` parses as a URL of scheme `localhost:`: a scheme is only one when `://` follows.
    if (HOST_WITHOUT_SCHEME.test(text)) {
      const suggestion = `http://${text}`;
      throw new ClientConfigError('endpoint', endpoint, `endpoint '${endpoint}' has no scheme: did you mean ${suggestion}?`, { suggestion });
    }
    throw new ClientConfigError('endpoint', endpoint, `endpoint '${endpoint}' is not a URL: expected http:// or https:// and a host, e.g. http://127.0.0.1:5000`);
  }
  if (scheme !== 'http' && scheme !== 'https') {
    throw new ClientConfigError('endpoint', endpoint, `endpoint '${endpoint}' is a ${scheme}: URL: only http:// and https:// endpoints work, e.g. http://127.0.0.1:5000`);
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new ClientConfigError('endpoint', endpoint, `endpoint '${endpoint}' is not a valid URL: expected e.g. http://127.0.0.1:5000`, {}, { cause: error });
  }
  if (url.hostname === '') {
    throw new ClientConfigError('endpoint', endpoint, `endpoint '${endpoint}' has no host: expected e.g. http://127.0.0.1:5000`);
  }
}

function checkProfile(profile: unknown): void {
  if (typeof profile !== 'string') {
    throw new ClientConfigError('profile', profile, `profile must be the name of a profile of ~/.aws/config, got ${describeValue(profile)}`);
  }
  if (profile.trim() === '') {
    throw new ClientConfigError('profile', profile, `profile is empty: give a profile of ~/.aws/config (\`aws configure list-profiles\`), or leave it out to use AWS_PROFILE or the default profile`);
  }
  if (profile !== profile.trim() || /[\s[\]]/.test(profile)) {
    const suggestion = profile.trim().replace(/^\[(?:profile\s+)?|\]$/g, '').trim();
    throw new ClientConfigError(
      'profile',
      profile,
      `profile ${JSON.stringify(profile)} cannot be a profile name (no spaces or brackets: the name as \`aws configure list-profiles\` prints it)` +
        `${suggestion !== '' && suggestion !== profile && !/[\s[\]]/.test(suggestion) ? `; did you mean ${suggestion}?` : ''}`,
      { suggestion: suggestion !== '' && !/[\s[\]]/.test(suggestion) ? suggestion : undefined },
    );
  }
}

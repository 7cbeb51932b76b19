/**
 * The region an SDK client is configured for: its `config.region`, a string or the provider
 * function the SDK makes of it. Internal.
 *
 * @module
 */

/**
 * The client's region, or `''` when it has none (or its region provider fails: no region
 * configured anywhere, which the client's first request reports).
 *
 * @example
 * ```ts
 * await clientRegion(new SageMakerClient({ region: 'eu-west-1' })); // 'eu-west-1'
 * ```
 */
export async function clientRegion(client: unknown): Promise<string> {
  const region = (client as { config?: { region?: unknown } } | null)?.config?.region;
  try {
    const value = typeof region === 'function' ? await (region as () => unknown)() : region;
    return typeof value === 'string' ? value : '';
  } catch {
    return '';
  }
}

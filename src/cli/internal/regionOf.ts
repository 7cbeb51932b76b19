/** The region a command's requests go to, before the first one: for the worst case it prints. Internal. */
import { clientRegion } from '../../internal/clientRegion';
import { missingRegionError } from '../../internal/mapCommonAwsError';

/**
 * The clients' region; no region anywhere is the error the first request would have given.
 *
 * @example
 * ```ts
 * const region = await regionOf(clients.sagemaker); // 'us-east-1'
 * ```
 */
export async function regionOf(client: unknown): Promise<string> {
  const region = await clientRegion(client);
  if (region === '') throw missingRegionError();
  return region;
}

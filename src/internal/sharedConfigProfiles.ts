/**
 * The profiles of the shared AWS config and credentials files, read the way the SDK reads them
 * (`loadSharedConfigFiles` of `@smithy/core/config`, a dependency of every SDK v3 client,
 * resolved from `@aws-sdk/client-sagemaker`). Internal: used only to word an error once
 * credentials could not be found.
 *
 * @module
 */
import { sdkRequire } from './sdkRequire';

/** What {@link sharedConfigProfiles} finds. */
export interface SharedConfigProfiles {
  /** Profile names of both files, sorted, each once. */
  profiles: string[];
  /** The two files, as a user would write them (`~/.aws/config`, or AWS_CONFIG_FILE). */
  files: string[];
}

type LoadSharedConfigFiles = (init?: { ignoreCache?: boolean }) => Promise<{
  configFile?: Record<string, unknown>;
  credentialsFile?: Record<string, unknown>;
}>;

/** Sections of the config file that are not profiles (`[sso-session x]`, `[services x]`). */
const NOT_A_PROFILE = /^(?:sso-session|services)\./;

/**
 * The profiles of ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE and
 * AWS_SHARED_CREDENTIALS_FILE), read afresh; undefined when the SDK's reader cannot be loaded
 * or fails. Missing files have no profiles.
 *
 * @example
 * ```ts
 * const found = await sharedConfigProfiles();
 * if (found !== undefined && !found.profiles.includes('research')) console.error(`no profile research in ${found.files.join(' or ')}`);
 * ```
 */
export async function sharedConfigProfiles(): Promise<SharedConfigProfiles | undefined> {
  try {
    const load = sdkRequire();
    const loader = (load('@smithy/core/config') as { loadSharedConfigFiles?: unknown }).loadSharedConfigFiles;
    if (typeof loader !== 'function') return undefined;
    const { configFile = {}, credentialsFile = {} } = await (loader as LoadSharedConfigFiles)({ ignoreCache: true });
    const names = new Set<string>();
    for (const name of Object.keys(configFile)) if (!NOT_A_PROFILE.test(name)) names.add(name);
    for (const name of Object.keys(credentialsFile)) names.add(name);
    return {
      profiles: [...names].sort(),
      files: [process.env.AWS_CONFIG_FILE || '~/.aws/config', process.env.AWS_SHARED_CREDENTIALS_FILE || '~/.aws/credentials'],
    };
  } catch {
    return undefined;
  }
}

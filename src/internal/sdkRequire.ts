import { createRequire } from 'node:module';

/**
 * A `require` that resolves from the AWS SDK's own install (`@aws-sdk/client-sagemaker`), so the
 * `@aws-sdk/core` and `@smithy/core` it loads are the SDK's copies, whatever npm hoisted; from
 * this package when the SDK cannot be resolved. For the SDK's data (partitions, shared config).
 */
export function sdkRequire(): NodeJS.Require {
  const base = createRequire(import.meta.url);
  try {
    return createRequire(base.resolve('@aws-sdk/client-sagemaker'));
  } catch {
    return base; // resolve from here
  }
}

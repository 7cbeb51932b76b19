/**
 * Lazy, synchronous access to the AWS SDK modules. Internal.
 *
 * Nothing in sagemaker-bench imports an AWS client module at the top level: the builder and the
 * presets must stay cheap to import in a notebook that only plans jobs. Code that talks to AWS
 * calls these loaders when it runs; Node caches the module after the first call. The SDK v3
 * packages have no `exports` map, so `require` here and `import` in user code resolve to the same
 * module instance (commands and clients are interchangeable, and aws-sdk-client-mock sees them).
 */
import { createRequire } from 'node:module';
import type * as CloudWatchLogsModule from '@aws-sdk/client-cloudwatch-logs';
import type * as PricingModule from '@aws-sdk/client-pricing';
import type * as S3Module from '@aws-sdk/client-s3';
import type * as ServiceQuotasModule from '@aws-sdk/client-service-quotas';
import type * as SageMakerModule from '@aws-sdk/client-sagemaker';
import { MissingPeerDependencyError } from '../errors';
import { isMissingModule, loadOptional } from './loadOptional';

const load = createRequire(import.meta.url);

let sagemaker: typeof SageMakerModule | undefined;
let s3: typeof S3Module | undefined;
let logs: typeof CloudWatchLogsModule | undefined;

/** `@aws-sdk/client-sagemaker`, loaded on first use. */
export function sageMakerSdk(): typeof SageMakerModule {
  return (sagemaker ??= load('@aws-sdk/client-sagemaker') as typeof SageMakerModule);
}

/** `@aws-sdk/client-s3`, loaded on first use. */
export function s3Sdk(): typeof S3Module {
  return (s3 ??= load('@aws-sdk/client-s3') as typeof S3Module);
}

/** `@aws-sdk/client-cloudwatch-logs`, loaded on first use. */
export function logsSdk(): typeof CloudWatchLogsModule {
  return (logs ??= load('@aws-sdk/client-cloudwatch-logs') as typeof CloudWatchLogsModule);
}

const optional = new Map<string, unknown>();

/**
 * An optional peer dependency, loaded on first use. When it is not installed, throws
 * {@link MissingPeerDependencyError} naming it and the feature that needs it (any other failure
 * to load it, a dependency of it missing included, is thrown as it is).
 */
function optionalSdk<T>(name: string, feature: string): T {
  if (optional.has(name)) return optional.get(name) as T;
  try {
    const module = loadOptional(name) as T;
    optional.set(name, module);
    return module;
  } catch (error) {
    if (isMissingModule(error, name)) throw new MissingPeerDependencyError(name, feature, { cause: error });
    throw error;
  }
}

/** `@aws-sdk/client-pricing` (optional peer), for `fetchTrainingPrices`. */
export function pricingSdk(): typeof PricingModule {
  return optionalSdk<typeof PricingModule>('@aws-sdk/client-pricing', 'fetchTrainingPrices');
}

/** `@aws-sdk/client-service-quotas` (optional peer), for `fetchTrainingQuotas`. */
export function serviceQuotasSdk(): typeof ServiceQuotasModule {
  return optionalSdk<typeof ServiceQuotasModule>('@aws-sdk/client-service-quotas', 'fetchTrainingQuotas');
}

/**
 * The loader of optional peer dependencies (`@aws-sdk/client-pricing`), kept apart from the
 * loaders of `sdk.ts` so a test can replace it (`vi.mock`) and play a missing package without
 * touching the packages every other feature needs. Internal.
 *
 * @module
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/**
 * `require(name)`, resolved from sagemaker-bench's own location like the loaders of `sdk.ts`.
 * Throws what `require` throws; {@link isMissingModule} tells "not installed" apart.
 *
 * @example
 * ```ts
 * const pricing = loadOptional('@aws-sdk/client-pricing') as typeof PricingModule;
 * ```
 */
export function loadOptional(name: string): unknown {
  return load(name);
}

/**
 * Whether `error` is Node's MODULE_NOT_FOUND for the package `name` itself, not for a module
 * that package (or a file of it) failed to find: a half-installed package must not pass for an
 * absent one. Node names the missing request on the first line: `Cannot find module '<name>'`.
 *
 * @example
 * ```ts
 * try { loadOptional('@aws-sdk/client-pricing'); } catch (e) { if (isMissingModule(e, '@aws-sdk/client-pricing')) ... }
 * ```
 */
export function isMissingModule(error: unknown, name: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== 'MODULE_NOT_FOUND' || typeof message !== 'string') return false;
  const first = message.split('\n', 1)[0] ?? '';
  return first === `Cannot find module '${name}'` || first.startsWith(`Cannot find module '${name}' `);
}

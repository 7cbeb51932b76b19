/**
 * Imports a sweep module: `.mjs`, `.js` and `.cjs` natively, TypeScript (`.ts`, `.mts`, `.cts`)
 * with jiti (an optional peer dependency, loaded on first use), or natively first on a Node that
 * strips types itself. Internal.
 *
 * @module
 */
import { pathToFileURL } from 'node:url';
import { MissingPeerDependencyError } from '../../errors';
import { isMissingModule, loadOptional } from '../../internal/loadOptional';
import { isObject } from './fieldChecks';
import { isSweepPlan } from './planShape';

interface JitiInstance {
  import(id: string): Promise<unknown>;
}
interface JitiModule {
  createJiti(id: string, options?: { interopDefault?: boolean; moduleCache?: boolean }): JitiInstance;
}

export const NATIVE_MODULE_EXTENSIONS = ['.mjs', '.js', '.cjs'] as const;
export const TYPESCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts'] as const;

/** Errors of a native import raised before the module ran (so a second try with jiti runs it once). */
const NOT_RUN_NATIVELY = new Set([
  'ERR_MODULE_NOT_FOUND',
  'ERR_UNSUPPORTED_DIR_IMPORT',
  'ERR_UNKNOWN_FILE_EXTENSION',
  'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX',
  'ERR_INVALID_TYPESCRIPT_SYNTAX',
  'ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING',
]);

let jiti: JitiModule | undefined;

/** jiti, loaded on first use; {@link MissingPeerDependencyError} when it is not installed. */
export function jitiModule(): JitiModule {
  if (jiti !== undefined) return jiti;
  try {
    const loaded = loadOptional('jiti') as JitiModule | { default: JitiModule };
    jiti = 'createJiti' in loaded ? loaded : loaded.default;
    return jiti;
  } catch (error) {
    if (isMissingModule(error, 'jiti')) throw new MissingPeerDependencyError('jiti', 'a .ts sweep file', { cause: error });
    throw error;
  }
}

/** Whether this Node runs TypeScript itself (`--experimental-strip-types`, on by default from Node 23.6). */
export function nodeStripsTypes(): boolean {
  return Boolean((process.features as { typescript?: unknown }).typescript);
}

export interface ImportSweepModuleOptions {
  /** Try a native import of TypeScript first (default: when this Node strips types). */
  nativeTypeScript?: boolean;
}

/**
 * The module's exports (a CommonJS module's `module.exports` spread, its `default` kept). Throws
 * what the import throws, and {@link MissingPeerDependencyError} for TypeScript without jiti.
 */
export async function importSweepModule(path: string, options: ImportSweepModuleOptions = {}): Promise<Record<string, unknown>> {
  const lower = path.toLowerCase();
  const typescript = TYPESCRIPT_EXTENSIONS.some((ext) => lower.endsWith(ext));
  if (!typescript) return exportsOf(await import(pathToFileURL(path).href));
  if (options.nativeTypeScript ?? nodeStripsTypes()) {
    try {
      return exportsOf(await import(pathToFileURL(path).href));
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      if (typeof code !== 'string' || !NOT_RUN_NATIVELY.has(code)) throw error;
      // e.g. `import ... from './plan'` without an extension, or an enum: jiti runs those.
      try {
        return await importWithJiti(path);
      } catch (jitiError) {
        if (jitiError instanceof MissingPeerDependencyError) throw new MissingPeerDependencyError('jiti', 'a .ts sweep file', { cause: error });
        throw jitiError;
      }
    }
  }
  return importWithJiti(path);
}

async function importWithJiti(path: string): Promise<Record<string, unknown>> {
  const instance = jitiModule().createJiti(path, { interopDefault: false });
  return exportsOf(await instance.import(path));
}

/** The exports, with a transpiled module's `{ __esModule, default }` (or `module.exports = { default }`) opened. */
function exportsOf(namespace: unknown): Record<string, unknown> {
  const exports = isObject(namespace) ? namespace : { default: namespace };
  const inner = exports['default'];
  if (isObject(inner) && 'default' in inner && !isSweepPlan(inner)) return inner;
  return exports;
}

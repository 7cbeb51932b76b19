/**
 * Imports a sweep module: `.mjs`, `.js` and `.cjs` natively, TypeScript (`.ts`, `.mts`, `.cts`)
 * with jiti (an optional peer dependency, loaded on first use), or natively first on a Node that
 * strips types itself. Internal.
 *
 * @module
 */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MissingPeerDependencyError } from '../../errors';
import { isMissingModule, loadOptional } from '../../internal/loadOptional';
import { isObject } from './fieldChecks';
import { isSweepPlan } from './planShape';

interface JitiInstance {
  import(id: string): Promise<unknown>;
}
interface JitiModule {
  createJiti(id: string, options?: { interopDefault?: boolean; moduleCache?: boolean; alias?: Record<string, string> }): JitiInstance;
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

/**
 * Whether a native import failed before the module ran: a code of {@link NOT_RUN_NATIVELY}, or
 * ESM syntax in a `.ts` file that Node reads as CommonJS (a package without `"type": "module"`).
 */
function notRunNatively(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return NOT_RUN_NATIVELY.has(code);
  return error instanceof SyntaxError && /Cannot use import statement outside a module|Unexpected token 'export'/.test(error.message);
}

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
      if (!notRunNatively(error)) throw error;
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
  // A sweep file's `import ... from 'sagemaker-bench'` is the library that loads it: in a
  // clone of the repository (nothing built) as in a project that installed the package.
  const entry = libraryEntry();
  const instance = jitiModule().createJiti(path, { interopDefault: false, ...(entry !== undefined ? { alias: { 'sagemaker-bench': entry } } : {}) });
  return exportsOf(await instance.import(path));
}

/** The exports, with a transpiled module's `{ __esModule, default }` (or `module.exports = { default }`) opened. */
function exportsOf(namespace: unknown): Record<string, unknown> {
  const exports = isObject(namespace) ? namespace : { default: namespace };
  const inner = exports['default'];
  if (isObject(inner) && 'default' in inner && !isSweepPlan(inner)) return inner;
  return exports;
}

/**
 * The entry file of the library this module is part of: the package's dist/index.js or
 * dist/index.cjs, or src/index.ts in a clone; undefined in any other bundle.
 */
function libraryEntry(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (/[\\/]sweep[\\/]internal[\\/]importSweepModule\.ts$/.test(here)) return join(dirname(here), '../../index.ts');
  return /^index\.c?js$/.test(basename(here)) ? here : undefined;
}

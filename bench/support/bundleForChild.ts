/**
 * Benchmarks run each reader in a fresh plain `node` child process, so its peak RSS is its own
 * (no TypeScript loader in it). This bundles the named exports of src/ modules into one ESM file
 * for such a child, the AWS SDK left external (the child resolves it from node_modules), and
 * writes it under node_modules/.cache/<name>/ next to the child's runner script.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `exports` maps a module path relative to the repository (`./src/logs/S3TextLogSource`) to the names it exports. */
export async function bundleForChild(
  name: string,
  exports: Record<string, string[]>,
  runner: string,
): Promise<{ dir: string; runner: string; bundle: string }> {
  const dir = join(root, 'node_modules', '.cache', name);
  mkdirSync(dir, { recursive: true });
  const runnerPath = join(dir, 'runner.mjs');
  const bundle = join(dir, 'bundle.mjs');
  writeFileSync(runnerPath, runner);
  const esbuild = await import('esbuild');
  await esbuild.build({
    stdin: {
      contents: Object.entries(exports)
        .map(([module, names]) => `export { ${names.join(', ')} } from '${module}';`)
        .join('\n'),
      resolveDir: root,
      sourcefile: 'bench-entry.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['@aws-sdk/*', '@smithy/*'],
    outfile: bundle,
    logLevel: 'warning',
  });
  return { dir, runner: runnerPath, bundle };
}

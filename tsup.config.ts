import { resolve } from 'node:path';
import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';

const publicApi = resolve('src/index.ts');

/**
 * The bin calls the library through its public API (src/index.ts): in the build, that import
 * becomes `./index.js`, the package's own ESM entry, so dist/cli.js holds only the command.
 */
const publicApiExternal: Plugin = {
  name: 'sagemaker-bench-public-api',
  setup(build) {
    build.onResolve({ filter: /(^|\/)index$/ }, (args) => {
      if (resolve(args.resolveDir, `${args.path}.ts`) === publicApi) return { path: './index.js', external: true };
      return undefined;
    });
  },
};

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    target: 'node20',
    splitting: false,
    shims: true,
  },
  {
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    treeshake: true,
    target: 'node20',
    splitting: false,
    external: ['@commander-js/extra-typings', 'commander'],
    esbuildPlugins: [publicApiExternal],
  },
]);

import { resolve } from 'node:path';
import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';

const publicApi = resolve('src/index.ts');

/**
 * The bin and `sagemaker-bench/testing` call the library through its public API (src/index.ts):
 * in the build, that import becomes the package's own entry of the same format (`./index.js`,
 * `./index.cjs`), so dist/cli.js holds only the command, and an error thrown by the testing
 * helpers is an instance of the classes `sagemaker-bench` exports (one copy of each).
 */
const publicApiExternal: Plugin = {
  name: 'sagemaker-bench-public-api',
  setup(build) {
    // tsup builds its CommonJS output as ESM and converts it afterwards: the extension tells.
    const entry = build.initialOptions.outExtension?.['.js'] === '.cjs' ? './index.cjs' : './index.js';
    build.onResolve({ filter: /(^|\/)index$/ }, (args) => {
      if (resolve(args.resolveDir, `${args.path}.ts`) === publicApi) return { path: entry, external: true };
      return undefined;
    });
  },
};

export default defineConfig([
  {
    // `sagemaker-bench/testing` is its own entry: importing the library never loads it.
    entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    // No source maps: they would point at src/, which the package does not ship.
    sourcemap: false,
    clean: true,
    esbuildPlugins: [publicApiExternal],
    treeshake: true,
    target: 'node22',
    splitting: false,
    shims: true,
  },
  {
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: false,
    clean: false,
    treeshake: true,
    target: 'node22',
    splitting: false,
    external: ['@commander-js/extra-typings', 'commander'],
    esbuildPlugins: [publicApiExternal],
  },
]);

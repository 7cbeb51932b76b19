import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  // As in tsconfig.json's `paths`: the package's own name is its source in this clone (the
  // examples and sweep files import 'sagemaker-bench' as a user's would).
  resolve: {
    alias: [
      { find: /^sagemaker-bench$/, replacement: src('index.ts') },
      { find: /^sagemaker-bench\/testing$/, replacement: src('testing/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time even on 2 cores: most of a file's time is spent waiting on servers and
    // child processes, and the timing-sensitive tests leave margin for a loaded machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    env: {
      // The SDK's notice that a Node version is near its end of support, printed once per process
      // (every test file is one): not our output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});

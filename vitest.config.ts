import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most files wait on local servers, child processes and timers, not on the CPU: on the CI's
    // 2 cores vitest's default (cores - 1 = one file at a time) leaves them idle. Not more than
    // two: the fault and timing tests are written for a machine that is not oversubscribed.
    maxWorkers: 2,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // End-to-end and fault files start servers and child processes: keep them
    // from competing with each other on a 2-core CI machine.
    fileParallelism: true,
    maxWorkers: 2,
  },
});

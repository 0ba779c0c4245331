import { defineConfig } from 'vitest/config';

/**
 * End-to-end, fake-platform, fault and process-level files start servers and child
 * processes: they run one at a time, after the fast unit files, so a 2-core CI
 * machine stays stable.
 */
const SERIAL = [
  'test/**/*e2e*.test.ts',
  'test/fakes/**/*.test.ts',
  'test/faults/**/*.test.ts',
  'test/ops/**/*.test.ts',
  // Compares event-loop stalls in one run: alone, so other files' CPU use does not decide it.
  'test/core/knowledge/live.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: SERIAL, sequence: { groupOrder: 0 }, maxWorkers: 2 },
      },
      {
        extends: true,
        test: { name: 'serial', include: SERIAL, fileParallelism: false, sequence: { groupOrder: 1 }, testTimeout: 60_000 },
      },
    ],
  },
});

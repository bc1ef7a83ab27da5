import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{contract,server,electron,renderer,scripts,simulator,demo,resources}/**/*.test.{ts,tsx}'],
    // Integration tests start real PostgreSQL servers; two cores are all we have.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const alias = { '@ygt/test': path.join(root, 'test') };

/**
 * Three projects: `unit` (pure rules, no I/O), `api` (the real app over HTTP on SQLite, or on
 * MySQL + Redis when TEST_MYSQL_URL / TEST_REDIS_URL are set) and `e2e` (built front ends in
 * Debian's Chromium). `npm test` runs unit + api; `npm run test:e2e` runs the browser tests.
 */
export default defineConfig({
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'unit', include: ['shared/src/**/*.test.ts', 'test/unit/**/*.test.ts'] } },
      {
        resolve: { alias },
        test: {
          name: 'api',
          include: ['api/src/**/*.test.ts', 'test/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Child-process servers, a private Redis and SIGKILLs: one file at a time on a small machine.
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          // A page waits on the API and on animations; on a busy CI machine one second is not enough.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});

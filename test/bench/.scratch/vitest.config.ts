import path from 'node:path';
import { defineConfig } from 'vitest/config';
const root = path.resolve(import.meta.dirname, '../../..');
export default defineConfig({ root, resolve: { alias: { '@ygt/test': path.join(root, 'test') } }, test: { include: ['test/bench/.scratch/*.test.ts'], testTimeout: 60000, hookTimeout: 60000 } });

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'renderer/src/**/*.test.ts', 'e2e/mock-model/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});

import { defineConfig } from 'vitest/config';

// Plain on purpose: Storybook and Vitest load this file; the library build has its own.
export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
  },
});

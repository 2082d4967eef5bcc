import { defineConfig } from 'vitest/config';

// Plain on purpose: Storybook and Vitest load this file; the library build has its own.
export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
    // Hooks start servers and engine threads: seconds on a busy 2-core machine.
    hookTimeout: 60_000,
  },
});

import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Plain on purpose: Storybook and Vitest load this file; the library build has its own.
export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Two files at once even on 2 cores (Vitest's default there is one): the long files wait on
    // child processes (npm, the app builds, Chromium, engine threads) for much of their time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 20_000,
    // Hooks start servers and engine threads: seconds on a busy 2-core machine.
    hookTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    // Typed rule tests share one TypeScript program per fixture project; isolating files would
    // rebuild it for every test file.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

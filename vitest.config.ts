import { defineConfig } from 'vitest/config';

// Two projects, both run by `npm test`: fast unit tests, and slower boot tests (whole sites,
// guest programs under qemu-user) in files named *.boot.test.ts.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.boot.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'boot',
          include: ['test/**/*.boot.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});

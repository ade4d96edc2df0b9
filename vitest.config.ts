import { configDefaults, defineConfig } from "vitest/config";

/**
 * Two lanes. `fast` (npm test): every test file except test/integration, so new folders are picked
 * up without editing this file; needs no Python tool and no browser. `integration` (npm run test:all,
 * after the fast lane): cfn-lint, checkov, SAM, moto and Chromium from scripts/setup-*.sh.
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: "fast", include: ["test/**/*.test.ts"], exclude: [...configDefaults.exclude, "test/integration/**"] },
      },
      { extends: true, test: { name: "integration", include: ["test/integration/**/*.test.ts"] } },
    ],
  },
});

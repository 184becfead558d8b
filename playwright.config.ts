import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/** Debian's Chromium when present (CI, this box); Playwright's own browser on a laptop. */
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * One output folder per run. Playwright empties its output folder when a run
 * starts, so two runs in one checkout (several people at work) would delete
 * each other's traces mid-test. The main process picks the id; the workers
 * it starts inherit it. The global setup prunes old runs' folders.
 */
process.env.TANDEM_E2E_RUN ??= `${Date.now().toString(36)}-${process.pid}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: `test-results/${process.env.TANDEM_E2E_RUN}`,
  // Each test drives two or three real browser contexts against a real stack; on a
  // two-core machine, running tests side by side only makes them flaky.
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Builds the app into .next-e2e when its sources changed; the stack fixture serves it.
  globalSetup: './e2e/support/global-setup.ts',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
});

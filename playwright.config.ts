import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4179);
// E2E_DIST serves another build folder (parallel builds on one machine keep their sites apart).
// Absolute, because vite resolves a relative --outDir against its root (web/); without it, the
// config's own build.outDir (dist/) is served.
const outDir = process.env.E2E_DIST ? ` --outDir ${resolve(process.env.E2E_DIST)}` : '';

export default defineConfig({
  testDir: './tests/e2e',
  // E2E_OUTPUT lets parallel runs on one machine keep their traces apart.
  outputDir: process.env.E2E_OUTPUT ?? './test-results',
  // Files run in parallel on the CI machine's two cores (tests inside a file stay in order);
  // every test has its own browser context, so saved work never leaks between them.
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  expect: { timeout: 10_000 },
  // In CI one retry, so a flake shows up as "flaky" in the summary instead of failing the run.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Debian's Chromium as root, on a closed network (../shared/TOOLCHAIN.md).
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
    // Tracing every test costs a third of the suite's time on two cores: in CI a failure's retry
    // records the trace; locally (no retries) every failure keeps one.
    trace: process.env.CI ? 'on-first-retry' : 'retain-on-failure',
  },
  webServer: {
    // The built dist/ under a plain static server (vite preview serves files as they are).
    command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1${outDir}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});

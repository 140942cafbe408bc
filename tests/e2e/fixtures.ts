// Shared by the e2e tests: a page that fails the test on any console error, page error or CSP
// violation, and a helper that saves a screenshot as an artifact.
import { test as base, expect, type Page } from '@playwright/test';

export const test = base.extend<{ problems: string[] }>({
  problems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
      });
    });
    await use(problems);
    expect(problems, 'no console errors, page errors or CSP violations').toEqual([]);
  },
});

export { expect };

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS ?? 'test-results/screenshots';
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: options.fullPage ?? true });
}

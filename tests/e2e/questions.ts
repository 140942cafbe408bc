// Answers a lesson's "predict, then run" question as a learner would: pick an option, press the
// button, wait for the engine's verdict. Shared by the lesson specs (the loss-vs-metric and
// label-smoothing specs carry their own copy of this helper from before it existed).
import { expect, type Locator, type Page } from '@playwright/test';

export async function answerQuestion(page: Page, id: string, option: string, timeout = 30_000): Promise<Locator> {
  const form = page.locator(`form[data-question=${id}]`);
  await form.scrollIntoViewIfNeeded();
  await form.locator(`input[value="${option}"]`).check();
  await form.getByRole('button', { name: 'Run it and check' }).click();
  await expect(form).toHaveAttribute('data-result', /correct|incorrect/, { timeout });
  await expect(form.locator('.observed')).not.toBeEmpty();
  return form;
}

/**
 * The "Copy as code" control of a figure's export bar: builds the script when pressed (from the
 * figure's current setup), puts it on the clipboard and says so; when the data is too large to
 * sit in the script, downloads the CSV it reads. Where the clipboard is unavailable (an http page,
 * a host page's permissions policy) or refuses, a dialog shows the script selected, with a
 * download button. Built with DOM calls only (no markup strings, no inline styles), so it works
 * in the custom element's shadow root and under the strict CSP.
 */
import { el } from './dom';
import { download, type Figure } from './figure';
import type { GeneratedCode } from '../lessons/shared/code';

export interface CopyCodeOptions {
  /** Builds the script for what the figure shows now; rejects when it cannot (with a reason). */
  generate(): Promise<GeneratedCode>;
}

export function attachCopyAsCode(figure: Figure, options: CopyCodeOptions): { button: HTMLButtonElement; status: HTMLElement } {
  const toolbar = figure.element.querySelector<HTMLElement>('.figure-export')!;
  const button = el('button', { type: 'button', class: 'small copy-code', title: 'Copy a PyTorch script that reproduces this figure' }, 'Copy as code');
  const status = el('span', { class: 'copy-status copy-code-status', role: 'status' });
  toolbar.append(button);
  // The status sits under the bar, where a long confirmation can wrap on a phone.
  toolbar.after(status);
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = 'Writing the script…';
    let code: GeneratedCode;
    try {
      code = await options.generate();
    } catch (error) {
      status.textContent = `No script for this view: ${(error as Error).message}`;
      button.disabled = false;
      return;
    }
    if (code.csv) download(code.csv.filename, new Blob([code.csv.text], { type: 'text/csv' }));
    const beside = code.csv ? ` Its data was saved as ${code.csv.filename}: keep it beside the script.` : '';
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(code.script);
      status.textContent = `Copied a ${code.script.includes('\nfrom sklearn') ? 'scikit-learn' : 'PyTorch'} script (${code.script.split('\n').length} lines) that prints this figure's numbers.${beside}`;
    } catch {
      status.textContent = `The clipboard is not available here: the script is shown to copy by hand.${beside}`;
      showDialog(figure.element, code);
    }
    button.disabled = false;
  });
  return { button, status };
}

/** The fallback: a modal dialog with the script selected, a download button and a close button. */
function showDialog(anchor: HTMLElement, code: GeneratedCode): void {
  const text = el('textarea', { readonly: true, rows: 16, class: 'snippet code-text', 'aria-label': `Python script ${code.filename}`, spellcheck: 'false' });
  text.value = code.script;
  const save = el('button', { type: 'button' }, `Download ${code.filename}`);
  const close = el('button', { type: 'button' }, 'Close');
  const dialog = el('dialog', { class: 'code-dialog', 'aria-label': 'Python script for this figure' },
    el('p', {}, 'Select the script (it is selected now) and copy it, or download it:'), text, el('div', { class: 'button-row' }, save, close));
  save.addEventListener('click', () => download(code.filename, new Blob([code.script], { type: 'text/x-python' })));
  close.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  anchor.append(dialog);
  if (typeof dialog.showModal === 'function') dialog.showModal();
  else dialog.setAttribute('open', '');
  text.focus();
  text.select();
  // Selected from the top: the docstring says what the script reproduces.
  text.scrollTop = 0;
}

/**
 * "Predict, then run": the learner commits to a prediction, then the lesson runs the experiment
 * on the wasm core and the answer is judged against what the core computed (never a stored
 * answer key), with an explanation that quotes the computed numbers.
 */
import { el } from './dom';
import { appendInline } from './markdown';

export interface Verdict {
  /** The option id that the computation supports. */
  correct: string;
  /** What the core computed, in a sentence (inline markdown allowed). */
  observed: string;
  /** Why it came out that way. */
  explanation: string;
}

export interface QuestionSpec {
  id: string;
  prompt: string;
  options: ReadonlyArray<{ id: string; label: string }>;
  /** Runs the experiment on the core (with the lesson's current state) and judges. */
  run(): Verdict | Promise<Verdict>;
}

export interface QuestionHooks {
  /** The saved answer, if any. */
  saved?: string;
  answered(id: string, choice: string, correct: boolean): void;
}

// Ids are unique on the page even when one lesson is shown twice (two custom elements).
let mounted = 0;

export function mountQuestion(slot: HTMLElement, spec: QuestionSpec, hooks: QuestionHooks): { rerun(): void } {
  const form = el('form', { class: 'question', 'data-question': spec.id });
  const fieldset = el('fieldset');
  const legend = el('legend');
  appendInline(legend, spec.prompt);
  fieldset.append(legend);
  form.append(el('p', { class: 'question-kicker' }, 'Predict, then run'));
  const name = `q-${spec.id}-${++mounted}`;
  const inputs = spec.options.map((o) => {
    const id = `${name}-${o.id}`;
    const input = el('input', { type: 'radio', name, id, value: o.id });
    const label = el('label', { for: id, class: 'option' }, input, ' ');
    appendInline(label, o.label);
    fieldset.append(label);
    return input;
  });
  const run = el('button', { type: 'submit', class: 'primary' }, 'Run it and check');
  // Short states ("pick first", "running") sit beside the button, so showing them moves nothing
  // on the page below; only the verdict, when it comes, takes room under the question.
  const status = el('span', { class: 'run-status', role: 'status' });
  const feedback = el('div', { class: 'feedback', role: 'status', 'aria-live': 'polite' });
  form.append(fieldset, el('div', { class: 'run-row' }, run, status), feedback);
  slot.append(form);

  let runs = 0;
  const show = async (choice: string): Promise<boolean | undefined> => {
    const ticket = ++runs;
    let verdict: Verdict;
    form.setAttribute('aria-busy', 'true');
    status.textContent = 'Running the experiment…';
    try {
      verdict = await spec.run();
    } catch (error) {
      if (ticket === runs) {
        status.textContent = '';
        feedback.replaceChildren(`The experiment could not run: ${(error as Error).message}`);
      }
      return undefined;
    } finally {
      if (ticket === runs) form.removeAttribute('aria-busy');
    }
    if (ticket !== runs) return undefined;
    const correct = verdict.correct === choice;
    form.dataset.result = correct ? 'correct' : 'incorrect';
    const head = el('p', { class: 'verdict' }, correct ? 'Your prediction matches what the core computed.' : 'Not this time: the core computed something else.');
    const observed = el('p', { class: 'observed' });
    appendInline(observed, verdict.observed);
    const why = el('p', { class: 'explanation' });
    appendInline(why, verdict.explanation);
    status.textContent = '';
    feedback.replaceChildren(head, observed, why);
    return correct;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const choice = inputs.find((i) => i.checked)?.value;
    if (!choice) {
      status.textContent = 'Pick a prediction first, then run.';
      return;
    }
    void show(choice).then((correct) => {
      if (correct !== undefined) hooks.answered(spec.id, choice, correct);
    });
  });

  if (hooks.saved && spec.options.some((o) => o.id === hooks.saved)) {
    inputs.find((i) => i.value === hooks.saved)!.checked = true;
    void show(hooks.saved);
  }
  return {
    rerun() {
      const choice = inputs.find((i) => i.checked)?.value;
      if (choice && form.dataset.result) void show(choice);
    },
  };
}

/**
 * Wires the lesson's figures: the race, the inside view, loss curves and schedule, mini-batch
 * noise (race.ts), the fair comparison (sweep.ts), the MLP on spirals (mlp.ts) and the
 * questions. Everything shown is computed by the wasm core through 'loss-lab'.
 */
import type { StateStore } from '../../state/store';
import type { LessonView } from '../types';
import { mountMlp } from './mlp';
import { mountQuestions } from './questions';
import { mountRace } from './race';
import { mountSweep } from './sweep';
import './optimizers.css';

export function mountOptimizers(view: LessonView, store: StateStore): () => void {
  const cleanups: Array<() => void> = [];
  const model = mountRace(view.lab, store, { race: view.slot('race'), inside: view.slot('inside'), curves: view.slot('curves'), noise: view.slot('noise') }, cleanups);
  mountSweep(view.slot('sweep'), store, model, cleanups, () => {
    store.set({ t: 0 });
    const play = view.root.querySelector<HTMLButtonElement>('[data-figure="optimizer-race"] button.play');
    play?.click();
    view.root.querySelector('[data-figure="optimizer-race"]')?.scrollIntoView({ block: 'start' });
  });
  mountMlp(view.slot('mlp'), view.lab, store, cleanups);
  mountQuestions(view, view.lab);
  return () => {
    for (const c of cleanups.reverse()) c();
  };
}

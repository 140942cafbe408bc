/**
 * A lesson as data: its text, parameter table, transient values, figures (in the order of the
 * text) and questions. defineLesson turns that into the Lesson the runtime mounts: one runner
 * per figure, the questions placed in their slots, and one cleanup that ends every subscription,
 * computation and animation the lesson started.
 */
import type { AsyncLossLab } from 'loss-lab';
import type { ParamTable } from '../../state/params';
import { ScopedStore, type StateStore } from '../../state/store';
import type { Verdict } from '../../ui/question';
import type { FigureInfo, FigureView, Lesson, LessonMeta, LessonView, MountedFigureParts } from '../types';
import type { AnyFigure } from './figure';
import { LocalState, type LocalValue } from './local';
import { FigureRunner } from './runner';

export interface QuestionDef<S> {
  id: string;
  prompt: string;
  options: ReadonlyArray<{ id: string; label: string }>;
  /** Runs the experiment on the engine with the lesson's state at the time of the press, and judges. */
  run(state: S, engine: AsyncLossLab): Promise<Verdict>;
}

/** Declares a question; `defineQuestion<State>({ … })`. */
export function defineQuestion<S>(question: QuestionDef<S>): QuestionDef<S> {
  return question;
}

export interface LessonSpec<S> {
  meta: LessonMeta;
  text: string;
  params: ParamTable;
  /** Transient values the figures share (hover, frame), with their starting values. */
  local?: Record<string, LocalValue>;
  figures: ReadonlyArray<AnyFigure<S>>;
  questions?: ReadonlyArray<QuestionDef<S>>;
  /** Static content for the text's `::: slot <name>` lines (e.g. formulas from engine.losses), filled once per mount. */
  slots?: Record<string, (target: HTMLElement, engine: AsyncLossLab) => void>;
  preview?: Lesson['preview'];
}

/** A mounted lesson's parts, for tests: the runners, the local state and the scoped store. */
export interface MountedParts {
  runners: ReadonlyArray<FigureRunner<unknown, unknown, unknown>>;
  local: LocalState;
}

/** The parameters a figure reads (deps, view, playback frame), as rows of the lesson's table. */
function figureInfo<S>(figure: AnyFigure<S>, params: ParamTable): FigureInfo {
  const keys = [...figure.deps, ...(figure.view ?? []), ...(figure.playback?.param ? [figure.playback.param] : [])];
  const names = params.map((p) => p.name);
  return { name: figure.name, caption: figure.caption, params: [...new Set(keys)].filter((k) => names.includes(k)) };
}

export function defineLesson<S>(spec: LessonSpec<S>): Lesson & { spec: LessonSpec<S>; lastMount?: MountedParts } {
  const lesson: Lesson & { spec: LessonSpec<S>; lastMount?: MountedParts } = {
    spec,
    meta: spec.meta,
    text: spec.text,
    params: spec.params,
    preview: spec.preview,
    figures: spec.figures.map((f) => figureInfo(f, spec.params)),
    createLocal: () => new LocalState(spec.local),
    mountFigure(name: string, view: FigureView): MountedFigureParts {
      const figure = spec.figures.find((f) => f.name === name);
      if (!figure) throw new Error(`the lesson ${spec.meta.slug} has no figure called ${name}`);
      if (!(view.local instanceof LocalState)) throw new Error('mountFigure needs the local values from createLocal()');
      const scoped = new ScopedStore(view.store);
      const runner = new FigureRunner(figure as AnyFigure<unknown>, {
        engine: view.engine, store: scoped, local: view.local, slug: spec.meta.slug,
        slot: () => view.target, progress: view.progress, notice: view.notice,
      });
      return {
        element: runner.figure.element,
        body: runner.figure.body,
        destroy() {
          runner.destroy();
          scoped.dispose();
        },
      };
    },
    mount(view: LessonView, store: StateStore) {
      const scoped = store.scope();
      const local = new LocalState(spec.local);
      const runners: Array<FigureRunner<unknown, unknown, unknown>> = [];
      const env = { engine: view.engine, store: scoped, local, slug: spec.meta.slug, workKey: view.workKey, slot: view.slot, progress: view.progress, notice: view.notice };
      try {
        for (const figure of spec.figures) runners.push(new FigureRunner(figure as AnyFigure<unknown>, env));
        for (const [name, fill] of Object.entries(spec.slots ?? {})) fill(view.slot(name), view.engine);
        for (const q of spec.questions ?? []) {
          view.question({ id: q.id, prompt: q.prompt, options: q.options, run: () => q.run({ ...store.values, ...local.values } as S, view.engine) });
        }
      } catch (error) {
        for (const r of runners) r.destroy();
        scoped.dispose();
        throw error;
      }
      lesson.lastMount = { runners, local };
      return () => {
        for (const r of runners) r.destroy();
        scoped.dispose();
      };
    },
  };
  return lesson;
}

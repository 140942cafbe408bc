/**
 * <loss-lab-figure figure="regression-losses/fits" delta="1.35" controls="delta" group="huber">:
 * one live figure of a lesson on any page, after one module script (dist/loss-lab-figure.js).
 * docs/embedding.md ("One figure in your own notes") is the reference.
 *
 * It shares the lesson element's isolation, lazy start, attribute validation and events
 * (embedded.ts). Its own attributes: `figure` (`<lesson>/<figure>`), `controls` (`none`, or
 * parameter names), `group` (figures of one lesson with the same group share their state) and
 * `height` (the CSS px to hold until the figure has drawn; the catalogue's snippet gives it).
 * A figure keeps no saved work: it always starts in the state its attributes give.
 */
import { EmbeddedElement } from './embedded';
import type { MountedFigure } from './figure-runtime';
import { progressDetail } from './progress';
import { adoptLessonStyles } from './styles';

export { PROGRESS_SCHEMA, PROGRESS_SCHEMA_VERSION, type ProgressDetail } from './progress';

const OWN_ATTRIBUTES = ['figure', 'controls', 'group', 'height'];
/** The `height` attribute's range, CSS px. */
const HEIGHT_RANGE = [1, 20_000] as const;
const lessonOf = (figure: string | null) => (figure ?? '').split('/')[0];

export class LossLabFigureElement extends EmbeddedElement<MountedFigure> {
  static readonly observedAttributes = ['figure', 'controls', 'group', 'theme', 'loading'];

  protected readonly waitingText = 'This Loss Lab figure starts when you scroll to it.';

  constructor() {
    super(OWN_ATTRIBUTES, 'll-lesson ll-figure');
  }

  /** Back to the lesson's defaults (with `group`, for every linked figure). */
  reset(): void {
    this.mounted?.store.reset();
  }

  attributeChangedCallback(name: string, before: string | null, after: string | null): void {
    super.attributeChangedCallback(name, before, after);
    if (before !== after && OWN_ATTRIBUTES.includes(name) && name !== 'height') this.restart();
  }

  protected reservedHeight(): number | undefined {
    return parseHeight(this.getAttribute('height')).value;
  }

  /** The figures on this page linked to this one (same group, same lesson), in document order. */
  private groupMembers(name: string): LossLabFigureElement[] {
    const scope = this.getRootNode() as Document | ShadowRoot;
    const lesson = lessonOf(this.getAttribute('figure'));
    return Array.from(scope.querySelectorAll('loss-lab-figure')).filter(
      (other): other is LossLabFigureElement => other instanceof LossLabFigureElement
        && other.getAttribute('group') === name && lessonOf(other.getAttribute('figure')) === lesson);
  }

  protected async mountContent(frame: HTMLElement, attributes: Record<string, string>): Promise<MountedFigure | undefined> {
    const { mountFigure } = await import('./figure-runtime');
    adoptLessonStyles(this.root);
    const group = this.getAttribute('group');
    const instance = this.id || undefined;
    return mountFigure(frame, {
      ref: this.getAttribute('figure'),
      source: attributes,
      mode: 'element',
      controls: this.getAttribute('controls'),
      notices: [parseHeight(this.getAttribute('height')).notice].filter((text): text is string => Boolean(text)),
      group: group ? { name: group, sources: () => this.groupMembers(group).map((member) => member.attributeState()) } : undefined,
      emit: (type, detail) => {
        this.dispatchEvent(new CustomEvent('loss-lab:progress', { bubbles: true, composed: true, detail: progressDetail(type, detail, instance) }));
      },
    });
  }
}

/** The `height` attribute: a number of CSS px (a trailing `px` is allowed), or a notice saying why it was ignored. */
export function parseHeight(attribute: string | null): { value?: number; notice?: string } {
  if (attribute === null) return {};
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$/.exec(attribute);
  const value = match ? Number(match[1]) : NaN;
  if (value >= HEIGHT_RANGE[0] && value <= HEIGHT_RANGE[1]) return { value };
  return { notice: `height="${attribute.slice(0, 24)}" is not a height in CSS pixels from ${HEIGHT_RANGE[0]} to ${HEIGHT_RANGE[1].toLocaleString('en-US')}; it was ignored.` };
}

declare global {
  interface HTMLElementTagNameMap {
    'loss-lab-figure': LossLabFigureElement;
  }
}

/** Defines <loss-lab-figure> (once). A page that bundles this module calls it: package.json marks
 * the sources free of side effects, so a bare `import './figure-element'` would be dropped. */
export function defineFigureElement(): void {
  if (!customElements.get('loss-lab-figure')) customElements.define('loss-lab-figure', LossLabFigureElement);
}

defineFigureElement();

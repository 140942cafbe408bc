/**
 * <loss-lab-lesson lesson="regression-losses" delta="2"></loss-lab-lesson>: a lesson on any page,
 * after one module script (dist/loss-lab-lesson.js). Attributes other than `lesson` set the
 * starting state and are validated like a URL. The element renders into its own light DOM (so
 * KaTeX and the lab's stylesheet apply) and dispatches `loss-lab:progress` events that bubble.
 */
import type { MountedLesson } from './runtime';

export class LossLabLessonElement extends HTMLElement {
  private mounted?: MountedLesson;
  private generation = 0;

  connectedCallback(): void {
    void this.start();
  }

  disconnectedCallback(): void {
    this.generation++;
    this.mounted?.destroy();
    this.mounted = undefined;
  }

  private async start(): Promise<void> {
    const generation = ++this.generation;
    const source: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const attribute of Array.from(this.attributes)) {
      if (attribute.name !== 'lesson' && attribute.name !== 'class' && attribute.name !== 'id') source[attribute.name] = attribute.value;
    }
    const { mountLesson } = await import('./runtime');
    if (generation !== this.generation) return;
    const mounted = await mountLesson(this, {
      slug: this.getAttribute('lesson'),
      source,
      mode: this.dataset.single !== undefined ? 'single' : 'element',
      emit: (type, detail) => {
        this.dispatchEvent(new CustomEvent('loss-lab:progress', { bubbles: true, composed: true, detail: { type, ...detail } }));
      },
    });
    if (generation === this.generation) this.mounted = mounted;
    else mounted?.destroy();
  }
}

if (!customElements.get('loss-lab-lesson')) customElements.define('loss-lab-lesson', LossLabLessonElement);

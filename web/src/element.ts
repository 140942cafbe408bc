/**
 * <loss-lab-lesson lesson="regression-losses" delta="2"></loss-lab-lesson>: a lesson on any page,
 * after one module script (dist/loss-lab-lesson.js). docs/embedding.md is the reference.
 *
 * - Isolation: the lesson renders into the element's (open) shadow root with the lab's and KaTeX's
 *   styles adopted there (src/styles.ts); no lab rule matches the host page and no host rule
 *   matches the lesson. Theming: --loss-lab-font, --loss-lab-accent, --loss-lab-background,
 *   --loss-lab-font-size, ::part(frame), prefers-color-scheme or theme="light|dark".
 * - Many per page: ids are unique, saved work is keyed by `storage-key` (or `id`), the host's URL
 *   is never touched unless `sync-url` is set, engine work starts when the element nears the
 *   viewport (`loading="eager"` starts at once), and all instances share the page's one engine.
 * - Live: every attribute other than the reserved ones is a lesson parameter, re-validated and
 *   applied when it changes; `el.state` reads (and patches) the state, `el.reset()` starts over.
 * - Events: `loss-lab:progress` (bubbles, composed), detail in the versioned schema of progress.ts.
 */
import { EmbeddedElement } from './embedded';
import { progressDetail } from './progress';
import type { MountedLesson } from './runtime';
import { adoptLessonStyles } from './styles';

export { PROGRESS_SCHEMA, PROGRESS_SCHEMA_VERSION, type ProgressDetail } from './progress';

const URL_INTERVAL_MS = 200;
type MountedLessonContent = MountedLesson & { table: MountedLesson['lesson']['params'] };

export class LossLabLessonElement extends EmbeddedElement<MountedLessonContent> {
  static readonly observedAttributes = ['lesson', 'theme', 'storage-key', 'loading'];

  protected readonly waitingText = 'This Loss Lab lesson starts when you scroll to it.';
  private urlTimer?: ReturnType<typeof setTimeout>;

  constructor() {
    super(['lesson', 'storage-key', 'sync-url'], 'll-lesson');
  }

  /** "Start over": answers cleared, state back to the lesson's defaults (attributes not re-applied). */
  reset(): void {
    this.mounted?.reset();
  }

  /** The key the learner's saved work is stored under (with the slug), see storageKey(). */
  get storageKey(): string | undefined {
    const explicit = this.getAttribute('storage-key') ?? (this.id || null);
    if (explicit) return explicit.slice(0, 100);
    // No key given: the first element of a lesson keeps the plain slug (as a lone element always
    // did), a second one of the same lesson gets "#2", and so on, in document order.
    const lesson = this.getAttribute('lesson') ?? '';
    const scope = this.getRootNode() as Document | ShadowRoot;
    const same = Array.from(scope.querySelectorAll('loss-lab-lesson')).filter(
      (other) => other.getAttribute('lesson') === lesson && !other.id && !other.hasAttribute('storage-key'));
    const index = same.indexOf(this);
    return index > 0 ? `#${index + 1}` : undefined;
  }

  attributeChangedCallback(name: string, before: string | null, after: string | null): void {
    super.attributeChangedCallback(name, before, after);
    if (before !== after && (name === 'lesson' || name === 'storage-key')) this.restart();
  }

  protected beforeUnmount(): void {
    this.flushUrl();
  }

  /** The query parameter that holds this instance's state in the host's URL (with sync-url). */
  private urlParameter(): string {
    const name = this.getAttribute('sync-url');
    return name && /^[\w.-]{1,60}$/.test(name) ? name : `loss-lab-${this.storageKey ?? this.getAttribute('lesson') ?? 'lesson'}`;
  }

  private writeUrl(encoded: string): void {
    clearTimeout(this.urlTimer);
    this.urlTimer = setTimeout(() => {
      this.urlTimer = undefined;
      try {
        const url = new URL(location.href);
        url.searchParams.set(this.urlParameter(), encoded);
        if (url.href !== location.href) history.replaceState(history.state, '', url);
      } catch {
        /* a sandboxed or opaque document has no URL to write */
      }
    }, URL_INTERVAL_MS);
  }

  private flushUrl(): void {
    if (this.urlTimer === undefined || !this.mounted) return;
    clearTimeout(this.urlTimer);
    this.urlTimer = undefined;
    this.writeUrl(this.mounted.store.encode());
  }

  protected async mountContent(frame: HTMLElement, attributes: Record<string, string>): Promise<MountedLessonContent | undefined> {
    const { mountLesson } = await import('./runtime');
    adoptLessonStyles(this.root);
    const single = this.dataset.single !== undefined;
    const key = single ? undefined : this.storageKey;
    const sync = !single && this.hasAttribute('sync-url');
    let source: URLSearchParams | Record<string, string> = attributes;
    let fromUrl = false;
    if (sync) {
      const encoded = new URLSearchParams(location.search).get(this.urlParameter());
      if (encoded) {
        source = new URLSearchParams(encoded);
        fromUrl = true;
      }
    }
    const mounted = await mountLesson(frame, {
      slug: this.getAttribute('lesson'),
      source,
      mode: single ? 'single' : 'element',
      storageKey: key,
      // Attributes are a starting state: a learner's saved state for this instance wins over them.
      preferSaved: !single && !fromUrl,
      emit: (type, detail) => {
        this.dispatchEvent(new CustomEvent('loss-lab:progress', { bubbles: true, composed: true, detail: progressDetail(type, detail, key) }));
      },
      onState: sync ? (encoded) => this.writeUrl(encoded) : undefined,
    });
    return mounted && Object.assign(mounted, { table: mounted.lesson.params });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loss-lab-lesson': LossLabLessonElement;
  }
}

if (!customElements.get('loss-lab-lesson')) customElements.define('loss-lab-lesson', LossLabLessonElement);

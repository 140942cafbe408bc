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
import { progressDetail } from './progress';
import type { ParamValue } from '../state/params';
import type { MountedLesson } from './runtime';
import { adoptLessonStyles, styleShadowRoot } from './styles';

export { PROGRESS_SCHEMA, PROGRESS_SCHEMA_VERSION, type ProgressDetail } from './progress';

/** Attributes that configure the element itself; every other one is a lesson parameter. */
const RESERVED = new Set(['lesson', 'theme', 'storage-key', 'sync-url', 'loading', 'id', 'class', 'style', 'slot', 'part', 'hidden', 'title', 'lang', 'dir', 'tabindex', 'is']);
const isParameterAttribute = (name: string) => !RESERVED.has(name) && !name.startsWith('data-') && !name.startsWith('aria-');
/** The runtime's state attributes, mirrored from the inner frame onto the element for hosts and tests. */
const MIRRORED = ['data-state', 'data-lesson', 'data-engine', 'data-mode'];
const URL_INTERVAL_MS = 200;
/** The lesson's nodes that use keys themselves. */
const KEYED_CONTROLS = 'input, select, textarea, button, [contenteditable], [contenteditable] *';

/**
 * A key pressed on one of the lesson's controls stays in the lesson. Outside the shadow root the
 * event's target (and document.activeElement) is the element itself, so a host cannot tell that a
 * slider has focus: reveal.js would turn the slide on ArrowRight (and cancel the slider's step),
 * a site's search would open on "/". So keys on a control, or that a lesson's own handler used
 * (preventDefault, e.g. the dataset editor's arrows), do not propagate past the element. Tab and
 * Escape always do (a host's focus trap or dialog needs them).
 */
function keepControlKeys(event: Event): void {
  const key = (event as KeyboardEvent).key;
  if (key === 'Tab' || key === 'Escape') return;
  const target = event.composedPath()[0];
  if (event.defaultPrevented || (target instanceof Element && target.matches(KEYED_CONTROLS))) event.stopPropagation();
}

export class LossLabLessonElement extends HTMLElement {
  static readonly observedAttributes = ['lesson', 'theme', 'storage-key', 'loading'];

  private readonly root: ShadowRoot;
  private readonly frame: HTMLDivElement;
  private mounted?: MountedLesson;
  private generation = 0;
  private connected = false;
  private started = false;
  private visibility?: IntersectionObserver;
  private readonly parameterWatch = new MutationObserver((records) => this.parametersChanged(records));
  private readonly mirror = new MutationObserver(() => this.mirrorState());
  private changedWhileLoading = new Set<string>();
  private urlTimer?: ReturnType<typeof setTimeout>;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    styleShadowRoot(this.root);
    this.frame = document.createElement('div');
    this.frame.setAttribute('part', 'frame');
    this.frame.className = 'll-lesson';
    this.root.append(this.frame);
    this.root.addEventListener('keydown', keepControlKeys);
  }

  /** The lesson's current state (a copy), or undefined before it has loaded. */
  get state(): Record<string, unknown> | undefined {
    const values = this.mounted?.store.values;
    return values ? (JSON.parse(JSON.stringify(values)) as Record<string, unknown>) : undefined;
  }

  /** Patches the state: unknown names are ignored, values are validated like the controls'. */
  set state(patch: Record<string, unknown>) {
    if (this.mounted && patch && typeof patch === 'object') this.mounted.store.set(patch as Parameters<MountedLesson['store']['set']>[0]);
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

  connectedCallback(): void {
    this.connected = true;
    this.mirror.observe(this.frame, { attributes: true, attributeFilter: MIRRORED });
    this.parameterWatch.observe(this, { attributes: true });
    if (this.started) return;
    if (this.getAttribute('loading') === 'eager' || typeof IntersectionObserver === 'undefined') {
      this.start();
      return;
    }
    if (!this.frame.hasChildNodes()) {
      const wait = document.createElement('p');
      wait.className = 'notice ll-waiting';
      wait.textContent = 'This Loss Lab lesson starts when you scroll to it.';
      this.frame.append(wait);
    }
    this.visibility = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) this.start();
    }, { rootMargin: '600px 0px' });
    this.visibility.observe(this);
  }

  disconnectedCallback(): void {
    this.connected = false;
    this.started = false;
    this.generation++;
    this.visibility?.disconnect();
    this.visibility = undefined;
    this.parameterWatch.disconnect();
    this.mirror.disconnect();
    this.flushUrl();
    this.mounted?.destroy();
    this.mounted = undefined;
  }

  attributeChangedCallback(name: string, before: string | null, after: string | null): void {
    if (before === after || !this.connected) return;
    if (name === 'theme') void import('../ui/chart').then((chart) => chart.themeChanged());
    else if (name === 'loading' && after === 'eager' && !this.started) this.start();
    else if ((name === 'lesson' || name === 'storage-key') && this.started) this.restart();
  }

  private restart(): void {
    this.flushUrl();
    this.mounted?.destroy();
    this.mounted = undefined;
    this.start();
  }

  private mirrorState(): void {
    for (const name of MIRRORED) {
      const value = this.frame.getAttribute(name);
      if (value === null) this.removeAttribute(name);
      else if (this.getAttribute(name) !== value) this.setAttribute(name, value);
    }
  }

  private attributeState(): Record<string, string> {
    const source: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const attribute of Array.from(this.attributes)) {
      if (isParameterAttribute(attribute.name)) source[attribute.name] = attribute.value;
    }
    return source;
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

  private parametersChanged(records: MutationRecord[]): void {
    const names = new Set(records.map((r) => r.attributeName!).filter(isParameterAttribute));
    if (!names.size) return;
    if (!this.mounted) {
      for (const name of names) this.changedWhileLoading.add(name);
      return;
    }
    this.applyAttributes(names);
  }

  /** Re-validates the named attributes like a link's values and applies them; a removed one means the default. */
  private applyAttributes(names: Iterable<string>): void {
    const mounted = this.mounted;
    if (!mounted) return;
    void import('../state/params').then(({ parseState }) => {
      if (mounted !== this.mounted) return;
      const table = mounted.lesson.params;
      const patch: Record<string, ParamValue> = {};
      for (const name of names) {
        if (!table.some((p) => p.name === name)) {
          mounted.notice(`The attribute ${name.slice(0, 40)} is not a setting of this lesson; it was ignored.`);
          continue;
        }
        const value = this.getAttribute(name);
        const parsed = parseState(table, value === null ? {} : { [name]: value });
        // A value the lesson refuses leaves the state as it was, and says why.
        if (parsed.notices.length) for (const notice of parsed.notices) mounted.notice(notice);
        else patch[name] = parsed.values[name];
      }
      mounted.store.set(patch);
    });
  }

  private start(): void {
    if (this.started || !this.connected) return;
    this.started = true;
    this.visibility?.disconnect();
    this.visibility = undefined;
    void this.mount(++this.generation);
  }

  private async mount(generation: number): Promise<void> {
    const { mountLesson } = await import('./runtime');
    if (generation !== this.generation) return;
    adoptLessonStyles(this.root);
    const single = this.dataset.single !== undefined;
    const key = single ? undefined : this.storageKey;
    const sync = !single && this.hasAttribute('sync-url');
    let source: URLSearchParams | Record<string, string> = this.attributeState();
    let fromUrl = false;
    if (sync) {
      const encoded = new URLSearchParams(location.search).get(this.urlParameter());
      if (encoded) {
        source = new URLSearchParams(encoded);
        fromUrl = true;
      }
    }
    this.changedWhileLoading.clear();
    const mounted = await mountLesson(this.frame, {
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
    if (generation !== this.generation) {
      mounted?.destroy();
      return;
    }
    this.mounted = mounted;
    if (mounted && this.changedWhileLoading.size) this.applyAttributes([...this.changedWhileLoading]);
    this.changedWhileLoading.clear();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'loss-lab-lesson': LossLabLessonElement;
  }
}

if (!customElements.get('loss-lab-lesson')) customElements.define('loss-lab-lesson', LossLabLessonElement);

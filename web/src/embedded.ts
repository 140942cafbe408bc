/**
 * What <loss-lab-lesson> and <loss-lab-figure> share, so both behave the same on a host page:
 * - isolation: an open shadow root with the lab's and KaTeX's styles adopted (styles.ts), and one
 *   frame (`::part(frame)`) the content renders into;
 * - lazy start: nothing loads until the element comes within 600 px of the viewport
 *   (`loading="eager"` starts at once);
 * - live attributes: every attribute that is not one of the element's own is a lesson parameter,
 *   validated exactly as a lesson link is (parseState) and applied to the state when it changes;
 *   a refused value leaves the state as it was and says why in a notice;
 * - the inner frame's data-state/-lesson/-engine/-mode mirrored onto the element for hosts and tests.
 */
import type { ParamTable, ParamValue } from '../state/params';
import type { StoreLike } from '../state/store';
import { styleShadowRoot } from './styles';

/** Attributes no element treats as a lesson parameter. */
const GLOBAL_ATTRIBUTES = ['theme', 'loading', 'id', 'class', 'style', 'slot', 'part', 'hidden', 'title', 'lang', 'dir', 'tabindex', 'is'];
/** The runtime's state attributes, mirrored from the inner frame onto the element for hosts and tests. */
const MIRRORED = ['data-state', 'data-lesson', 'data-engine', 'data-mode', 'data-figure'];

/** What a mounted lesson or figure offers the element. */
export interface MountedContent {
  readonly table: ParamTable;
  readonly store: StoreLike;
  notice(text: string): void;
  destroy(): void;
}

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

export abstract class EmbeddedElement<M extends MountedContent> extends HTMLElement {
  protected readonly root: ShadowRoot;
  protected readonly frame: HTMLDivElement;
  protected mounted?: M;
  protected started = false;
  private readonly reserved: ReadonlySet<string>;
  private generation = 0;
  private connected = false;
  private visibility?: IntersectionObserver;
  private readonly parameterWatch = new MutationObserver((records) => this.parametersChanged(records));
  private readonly mirror = new MutationObserver(() => this.mirrorState());
  private changedWhileLoading = new Set<string>();

  /** `ownAttributes`: the element's own attributes (never lesson parameters); `frameClass`: the frame's class. */
  constructor(ownAttributes: readonly string[], frameClass: string) {
    super();
    this.reserved = new Set([...GLOBAL_ATTRIBUTES, ...ownAttributes]);
    this.root = this.attachShadow({ mode: 'open' });
    styleShadowRoot(this.root);
    this.frame = document.createElement('div');
    this.frame.setAttribute('part', 'frame');
    this.frame.className = frameClass;
    this.root.append(this.frame);
    this.root.addEventListener('keydown', keepControlKeys);
  }

  /** The text shown until the element starts. */
  protected abstract readonly waitingText: string;
  /** Mounts the content into the frame; the attributes are the starting state. */
  protected abstract mountContent(frame: HTMLElement, attributes: Record<string, string>): Promise<M | undefined>;
  /** Runs before the content is destroyed (to flush what it keeps outside). */
  protected beforeUnmount(): void {}
  /** The height (CSS px) to hold while the element waits and loads, so the page under it does not move when it draws. */
  protected reservedHeight(): number | undefined {
    return undefined;
  }

  /** The current state (a copy), or undefined before the content has loaded. */
  get state(): Record<string, unknown> | undefined {
    const values = this.mounted?.store.values;
    return values ? (JSON.parse(JSON.stringify(values)) as Record<string, unknown>) : undefined;
  }

  /** Patches the state: unknown names are ignored, values are validated like the controls'. */
  set state(patch: Record<string, unknown>) {
    if (this.mounted && patch && typeof patch === 'object') this.mounted.store.set(patch as Record<string, ParamValue>);
  }

  protected isParameterAttribute(name: string): boolean {
    return !this.reserved.has(name) && !name.startsWith('data-') && !name.startsWith('aria-');
  }

  connectedCallback(): void {
    this.connected = true;
    this.mirror.observe(this.frame, { attributes: true, attributeFilter: MIRRORED });
    this.parameterWatch.observe(this, { attributes: true });
    if (this.started) return;
    const reserved = this.reservedHeight();
    this.frame.style.minHeight = reserved === undefined ? '' : `${reserved}px`;
    if (this.getAttribute('loading') === 'eager' || typeof IntersectionObserver === 'undefined') {
      this.start();
      return;
    }
    if (!this.frame.hasChildNodes()) {
      const wait = document.createElement('p');
      wait.className = 'notice ll-waiting';
      wait.textContent = this.waitingText;
      this.frame.append(wait);
      this.frame.dataset.state = 'waiting';
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
    this.unmount();
  }

  attributeChangedCallback(name: string, before: string | null, after: string | null): void {
    if (before === after || !this.connected) return;
    if (name === 'theme') void import('../ui/chart').then((chart) => chart.themeChanged());
    else if (name === 'loading' && after === 'eager' && !this.started) this.start();
  }

  /** Destroys the content and mounts it again (after a change of what it is). */
  protected restart(): void {
    if (!this.started) return;
    this.unmount();
    this.started = false;
    this.start();
  }

  private unmount(): void {
    this.beforeUnmount();
    this.mounted?.destroy();
    this.mounted = undefined;
  }

  private mirrorState(): void {
    for (const name of MIRRORED) {
      const value = this.frame.getAttribute(name);
      if (value === null) this.removeAttribute(name);
      else if (this.getAttribute(name) !== value) this.setAttribute(name, value);
    }
  }

  /** The lesson parameters among the attributes (untrusted, validated by the content's table). */
  protected attributeState(): Record<string, string> {
    const source: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const attribute of Array.from(this.attributes)) {
      if (this.isParameterAttribute(attribute.name)) source[attribute.name] = attribute.value;
    }
    return source;
  }

  private parametersChanged(records: MutationRecord[]): void {
    const names = new Set(records.map((r) => r.attributeName!).filter((name) => this.isParameterAttribute(name)));
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
      const table = mounted.table;
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

  protected start(): void {
    if (this.started || !this.connected) return;
    this.started = true;
    this.visibility?.disconnect();
    this.visibility = undefined;
    void this.mount(++this.generation);
  }

  private async mount(generation: number): Promise<void> {
    this.changedWhileLoading.clear();
    const mounted = await this.mountContent(this.frame, this.attributeState());
    if (generation !== this.generation) {
      mounted?.destroy();
      return;
    }
    this.mounted = mounted;
    this.frame.style.minHeight = '';  // the content has its own height now
    if (mounted && this.changedWhileLoading.size) this.applyAttributes([...this.changedWhileLoading]);
    this.changedWhileLoading.clear();
  }
}

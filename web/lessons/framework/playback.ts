/**
 * The one playback bar of the lab: play/pause, step, back to the start, a scrubber over every
 * frame computed so far, speed, and a status line. A figure with `playback` gets one; the frames
 * are computed ahead (in the engine's worker), so playing only changes which frame is drawn and
 * scrubbing backwards costs nothing. With prefers-reduced-motion it plays one frame per 250 ms.
 */
import { el } from '../../ui/dom';

let uid = 0;

export interface FrameSource {
  /** Frames available now. */
  frames(): number;
  /** Whether more frames are on their way (a streamed computation). */
  streaming(): boolean;
  get(): number;
  set(frame: number): void;
  describe(frame: number): string;
}

export class FramePlayer {
  readonly element: HTMLElement;
  /** The frame shown, when the figure keeps it itself (no `param`). */
  position = 0;
  private readonly playButton: HTMLButtonElement;
  private readonly scrubber: HTMLInputElement;
  private readonly speed: HTMLSelectElement;
  private readonly status: HTMLElement;
  private timer?: number;
  private timerIsTimeout = false;

  constructor(label: string, private readonly source: FrameSource) {
    const id = `ll-scrub-${++uid}`;
    this.playButton = el('button', { type: 'button', class: 'play', 'aria-pressed': 'false' }, 'Play');
    const step = el('button', { type: 'button', class: 'step' }, 'Step');
    const reset = el('button', { type: 'button', class: 'reset' }, 'Reset');
    this.scrubber = el('input', { id, type: 'range', class: 'scrubber', min: 0, max: 0, step: 1, value: 0 });
    const speedId = `ll-speed-${uid}`;
    this.speed = el('select', { id: speedId, class: 'speed' });
    for (const [value, text] of [['1', '1×'], ['4', '4×'], ['16', '16×']]) this.speed.append(el('option', { value }, text));
    this.status = el('span', { class: 'playback-status', 'aria-live': 'off' });
    this.element = el('div', { class: 'playback', role: 'group', 'aria-label': `${label} controls` },
      this.playButton, step, reset,
      el('label', { for: id, class: 'inline scrub-label' }, 'Frame ', this.scrubber),
      el('label', { for: speedId, class: 'inline' }, 'Speed ', this.speed),
      this.status);
    this.playButton.addEventListener('click', () => (this.playing ? this.pause() : this.play()));
    step.addEventListener('click', () => { this.pause(); this.go(this.current() + 1); });
    reset.addEventListener('click', () => { this.pause(); this.go(0); });
    this.scrubber.addEventListener('input', () => { this.pause(); this.go(Number(this.scrubber.value)); });
  }

  get playing(): boolean {
    return this.timer !== undefined;
  }

  private current(): number {
    return this.source.get();
  }

  private go(frame: number): void {
    const last = Math.max(0, this.source.frames() - 1);
    const next = Math.max(0, Math.min(last, Math.round(frame)));
    this.position = next;
    this.source.set(next);
    this.refresh();
  }

  play(): void {
    if (this.playing) return;
    // Playing from the last frame starts over, as a learner expects of a finished run.
    if (this.current() >= this.source.frames() - 1 && !this.source.streaming()) this.go(0);
    this.playButton.textContent = 'Pause';
    this.playButton.setAttribute('aria-pressed', 'true');
    this.schedule();
  }

  pause(): void {
    if (this.timer !== undefined) {
      if (this.timerIsTimeout) clearTimeout(this.timer);
      else cancelAnimationFrame(this.timer);
    }
    this.timer = undefined;
    this.playButton.textContent = 'Play';
    this.playButton.setAttribute('aria-pressed', 'false');
  }

  private schedule(): void {
    const reduced = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
    this.timerIsTimeout = reduced;
    this.timer = reduced ? (setTimeout(() => this.tick(), 250) as unknown as number) : requestAnimationFrame(() => this.tick());
  }

  private tick(): void {
    this.timer = undefined;
    const last = this.source.frames() - 1;
    const at = this.current();
    if (at >= last && !this.source.streaming()) return this.pause();
    if (at < last) this.go(at + Number(this.speed.value));
    this.schedule();
  }

  /** Updates the scrubber and status after new frames or a new position. */
  refresh(): void {
    const frames = this.source.frames();
    const at = Math.min(this.current(), Math.max(0, frames - 1));
    this.scrubber.max = String(Math.max(0, frames - 1));
    this.scrubber.value = String(at);
    this.scrubber.disabled = frames <= 1;
    const text = this.source.describe(at);
    this.scrubber.setAttribute('aria-valuetext', text || `frame ${at + 1} of ${frames}`);
    this.status.textContent = text;
  }

  destroy(): void {
    this.pause();
  }
}

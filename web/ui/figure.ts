/**
 * A figure: caption, one or more charts, an optional legend and readout, and an export menu
 * (PNG, SVG of each chart, CSV of the data behind it). Exports are built from what is on screen,
 * with computed styles copied onto the clone so the file looks the same outside the page.
 */
import { Chart, type ChartOptions } from './chart';
import { el } from './dom';

const STYLE_PROPS = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'opacity', 'font-size', 'font-family', 'font-weight'];

export class Figure {
  readonly element: HTMLElement;
  readonly body: HTMLDivElement;
  readonly charts: Chart[] = [];
  private readonly toolbar: HTMLDivElement;

  constructor(parent: HTMLElement, readonly name: string, caption: string) {
    this.element = el('figure', { class: 'lab-figure', 'data-figure': name });
    this.body = el('div', { class: 'figure-body' });
    this.toolbar = el('div', { class: 'figure-export', role: 'group', 'aria-label': `Export ${caption}` });
    const cap = el('figcaption', {}, caption);
    this.element.append(cap, this.body, this.toolbar);
    parent.append(this.element);
    const button = (label: string, title: string, action: () => void) => {
      const b = el('button', { type: 'button', class: 'small', title }, label);
      b.addEventListener('click', action);
      this.toolbar.append(b);
    };
    button('PNG', `Save ${caption} as a PNG image`, () => void this.exportPng());
    button('SVG', `Save ${caption} as an SVG drawing`, () => this.exportSvg());
    button('CSV', `Save the data of ${caption} as CSV`, () => this.exportCsv());
  }

  /** A chart inside this figure; several charts stack (or sit side by side when wide). */
  chart(options: ChartOptions, parent: HTMLElement = this.body): Chart {
    const holder = el('div', { class: 'chart-holder' });
    parent.append(holder);
    const chart = new Chart(holder, options);
    this.charts.push(chart);
    return chart;
  }

  /** A standalone SVG of all charts stacked vertically, with styles inlined. */
  svgMarkup(): { markup: string; width: number; height: number } {
    const ns = 'http://www.w3.org/2000/svg';
    const out = document.createElementNS(ns, 'svg');
    out.setAttribute('xmlns', ns);
    let y = 0, width = 0;
    for (const chart of this.charts) {
      const source = chart.svg.node()!;
      const w = Number(source.getAttribute('width')), h = Number(source.getAttribute('height'));
      const group = document.createElementNS(ns, 'g');
      group.setAttribute('transform', `translate(0,${y})`);
      const image = chart.canvasImage();
      if (image) {
        const img = document.createElementNS(ns, 'image');
        img.setAttribute('href', image);
        img.setAttribute('width', String(w));
        img.setAttribute('height', String(h));
        group.append(img);
      }
      const clone = source.cloneNode(true) as SVGSVGElement;
      inlineStyles(source, clone);
      clone.removeAttribute('class');
      group.append(...Array.from(clone.childNodes));
      out.append(group);
      y += h;
      width = Math.max(width, w);
    }
    const background = document.createElementNS(ns, 'rect');
    background.setAttribute('width', '100%');
    background.setAttribute('height', '100%');
    background.setAttribute('fill', getComputedStyle(this.element).getPropertyValue('--bg').trim() || '#fff');
    out.prepend(background);
    out.setAttribute('width', String(width));
    out.setAttribute('height', String(y));
    out.setAttribute('viewBox', `0 0 ${width} ${y}`);
    return { markup: new XMLSerializer().serializeToString(out), width, height: y };
  }

  exportSvg(): void {
    download(`${this.name}.svg`, new Blob([this.svgMarkup().markup], { type: 'image/svg+xml' }));
  }

  exportCsv(): void {
    const text = this.charts.map((c) => c.csv()).filter(Boolean).join('\n\n');
    download(`${this.name}.csv`, new Blob([text + '\n'], { type: 'text/csv' }));
  }

  async exportPng(): Promise<void> {
    const { markup, width, height } = this.svgMarkup();
    const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
    try {
      const image = new Image();
      await new Promise<void>((resolve, reject) => {
        image.onload = () => resolve();
        image.onerror = () => reject(new Error('image'));
        image.src = url;
      });
      const scale = 2;
      const canvas = document.createElement('canvas');
      canvas.width = width * scale;
      canvas.height = height * scale;
      const ctx = canvas.getContext('2d')!;
      ctx.scale(scale, scale);
      ctx.drawImage(image, 0, 0);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (blob) download(`${this.name}.png`, blob);
    } catch {
      // A host page whose CSP forbids blob: images cannot rasterise; SVG export still works.
      this.toolbar.dataset.notice = 'PNG export is blocked on this page; use SVG.';
      this.toolbar.title = this.toolbar.dataset.notice;
    } finally {
      URL.revokeObjectURL(url);
    }
  }
}

function inlineStyles(source: Element, clone: Element): void {
  const computed = getComputedStyle(source);
  // Presentation attributes, not a style attribute: a strict CSP (style-src 'self') would block
  // inline styles, and these carry the same look into the exported file.
  for (const property of STYLE_PROPS) {
    const value = computed.getPropertyValue(property);
    if (value) clone.setAttribute(property, value);
  }
  for (let i = 0; i < source.children.length; i++) inlineStyles(source.children[i], clone.children[i]);
}

export function download(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: filename, class: 'visually-hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

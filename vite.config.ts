/// <reference types="vitest/config" />
import { availableParallelism } from 'node:os';
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import { lessonCss } from './scripts/vite-lesson-css';

/** The custom elements' entry scripts, at stable names in dist/. */
const ELEMENTS = ['loss-lab-lesson', 'loss-lab-figure'];
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./web'),
  base: './',
  publicDir: false,
  // A lesson's CSS goes where the lesson is shown (the page, or a custom element's shadow root).
  plugins: [lessonCss()],
  resolve: {
    // The site imports the public API by its package name, from source.
    alias: { 'loss-lab': here('./web/engine/index.ts') },
  },
  // The engine's worker is an ES module beside the chunks (module workers run under the strict CSP).
  worker: { format: 'es' },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    // The .wasm stays a separate file (streamed, cached); nothing is inlined as a data: URL.
    assetsInlineLimit: 0,
    // Preload hints only in the HTML pages: the lists a chunk carries for its dynamic imports name
    // our own file names, which a course site's bundler renames when it re-bundles the packaged
    // element (import 'loss-lab/element'), and each stale hint would be a 404 on their page.
    modulePreload: { resolveDependencies: (_file, deps, { hostType }) => (hostType === 'html' ? deps : []) },
    rollupOptions: {
      input: {
        index: here('./web/index.html'),
        lesson: here('./web/lesson.html'),
        // One figure full page (slides, LMS iframes) and the catalogue of every figure.
        figure: here('./web/figure.html'),
        figures: here('./web/figures.html'),
        // The custom element: one module script a course page loads from dist/ by a stable name.
        'loss-lab-lesson': here('./web/src/element.ts'),
        // One figure of a lesson: <loss-lab-figure figure="<lesson>/<figure>">.
        'loss-lab-figure': here('./web/src/figure-element.ts'),
      },
      // Keep the element entry's exports: a host page may import LossLabLessonElement.
      preserveEntrySignatures: 'exports-only',
      output: {
        entryFileNames: (chunk) => (ELEMENTS.includes(chunk.name) ? `${chunk.name}.js` : 'assets/[name]-[hash].js'),
      },
    },
  },
  test: {
    root: here('.'),
    include: ['tests/web/**/*.test.ts'],
    // Vitest's default is one worker fewer than the cores: one on CI's two. The copy-as-code files
    // spend most of their time waiting on python3, so two workers keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});

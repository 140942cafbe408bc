// The single-file lesson download: one ES module with every dependency (lessons, KaTeX fonts as
// data URLs) inlined, plus one CSS file; scripts/build-single.mjs then writes one HTML file per
// lesson with the JS, CSS and the base64 wasm inside. The .wasm is left out of the bundle here
// (it is passed to the engine as bytes instead of a second, larger data URL).
import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import { lessonCss } from './scripts/vite-lesson-css';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./web'),
  base: './',
  publicDir: false,
  // A lesson's CSS goes where the lesson is shown (the page, or a custom element's shadow root).
  plugins: [lessonCss()],
  resolve: { alias: { 'loss-lab': here('./web/engine/index.ts') } },
  // The worker is inlined as a classic script (web/src/single.ts starts it from a blob URL).
  worker: { format: 'iife' },
  build: {
    outDir: here('./build/single'),
    emptyOutDir: true,
    target: 'es2022',
    cssCodeSplit: false,
    modulePreload: false,
    // KaTeX's woff2 fonts inline; its woff/ttf fallbacks are never fetched by a browser that runs wasm.
    assetsInlineLimit: (file: string) => !/\.(wasm|woff|ttf)$/.test(file),
    rollupOptions: {
      input: { single: here('./web/src/single.ts') },
      output: {
        codeSplitting: false,
        entryFileNames: 'single.js',
        assetFileNames: '[name][extname]',
      },
    },
  },
});

import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./web'),
  base: './',
  publicDir: false,
  resolve: {
    // The site imports the public API by its package name, from source.
    alias: { 'loss-lab': here('./web/engine/index.ts') },
  },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    // The .wasm stays a separate file (streamed, cached); nothing is inlined as a data: URL.
    assetsInlineLimit: 0,
    rollupOptions: {
      input: {
        index: here('./web/index.html'),
      },
    },
  },
  test: {
    root: here('.'),
    include: ['tests/web/**/*.test.ts'],
  },
});

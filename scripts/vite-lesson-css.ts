// A lesson's `import './x.css'` (any CSS file imported from web/lessons/**) becomes a module that
// hands the CSS text to web/src/styles.ts, which adopts it where lessons are shown: the document
// on the lesson page, each custom element's shadow root elsewhere. Vite's default (a <link> in the
// document's <head>) would restyle a course page and miss the lesson inside a shadow root.
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const PREFIX = '\0loss-lab-lesson-css:';
const styles = fileURLToPath(new URL('../web/src/styles.ts', import.meta.url));

export function lessonCss(): Plugin {
  return {
    name: 'loss-lab-lesson-css',
    enforce: 'pre' as const,
    async resolveId(source: string, importer: string | undefined, options) {
      if (!importer || !/\.css$/.test(source) || !/[\\/]web[\\/]lessons[\\/]/.test(importer)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      // The id must not end in .css, or Vite's CSS plugins would take this module for a stylesheet.
      return resolved ? `${PREFIX}${resolved.id}.js` : null;
    },
    load(id: string) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -'.js'.length);
      return `import css from ${JSON.stringify(`${file}?inline`)};\nimport { addLessonCss } from ${JSON.stringify(styles)};\naddLessonCss(css);\n`;
    },
  };
}

// `import { createLossLab } from 'loss-lab'` must work from plain Node through the package's
// "exports" (self-reference from the repo root), using the built lib/ — not the Vite alias.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

it('imports loss-lab by name from Node and evaluates mse', () => {
  const script = `
    import { createLossLab } from 'loss-lab';
    const lab = await createLossLab();
    const { value } = lab.loss('mse', [2, 0, 6], [1, 2, 3]);
    let message = '';
    try { lab.loss('mse', [1, 2, 3], [1, 2]); } catch (e) { message = e instanceof Error ? e.message : 'not an Error'; }
    console.log(JSON.stringify({ value, simd: lab.build.simd, message }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  const result = JSON.parse(out.trim().split('\n').pop()!);
  expect(result.value).toBeCloseTo(14 / 3, 12);
  expect(result.simd).toBe(true);
  expect(result.message).toMatch(/lengths differ/);
});

/** The home card: gradient descent and Adam from the same start on the κ = 50 bowl, run live by the engine. */
import type { AsyncLossLab } from 'loss-lab';
import { Chart } from '../../ui/chart';
import { levelContourLayer, logLevels, pathLayer } from '../../ui/trajectory';
import { optimizeOptions, surfaceInfo } from './options';
import { RACER_LABELS, RACER_SERIES } from './params';
import { presetSettings } from './questions';

export async function preview(target: HTMLElement, engine: AsyncLossLab): Promise<void> {
  const s = presetSettings();
  const info = surfaceInfo(engine, 'quadratic');
  const racers = ['sgd', 'adam'] as const;
  const [grid, ...runs] = await Promise.all([
    engine.surfaceGrid({ surface: 'quadratic', surfaceParams: { kappa: s.kappa, angle: s.angle }, nx: 60, ny: 60 }),
    ...racers.map((racer) => engine.optimize(optimizeOptions(racer, s))),
  ] as const);
  let hi = 0;
  for (const v of grid.values) hi = Math.max(hi, v);
  const chart = new Chart(target, { title: 'Preview: gradient descent and Adam racing down an elongated bowl', xLabel: 'x', yLabel: 'y', x: [info.view.xmin, info.view.xmax], y: [info.view.ymin, info.view.ymax], height: 220 });
  chart.set('surface', levelContourLayer(grid, logLevels(hi * 1e-5, hi, 12), { offset: -1e-9, label: 'quadratic' }));
  racers.forEach((racer, i) => {
    const r = runs[i] as Awaited<ReturnType<AsyncLossLab['optimize']>>;
    chart.set(racer, pathLayer(r.path, r.path.length / 2, { series: RACER_SERIES[racer], label: RACER_LABELS[racer] }));
  });
  chart.render();
}

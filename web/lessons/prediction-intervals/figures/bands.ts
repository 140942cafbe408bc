/**
 * "Quantile-regression bands": the τ = α/2 and 1 − α/2 quantile models (linear or a small MLP)
 * fitted live on a few heteroscedastic points; the share of their own training points and of
 * 1,000 held-out points inside the band, for the seed shown and over 30 more seeds, with 95%
 * intervals against the nominal 1 − α.
 */
import { controlRow } from '../../../ui/controls';
import { el, pct } from '../../../ui/dom';
import { bandLayer, lineLayer, ruleLayer, scatterLayer, type Point } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import { intervalRuns, sklearnLinesRun, type IntervalFits } from '../../shared/code-conformal';
import { meanInterval } from '../../shared/stats';
import { CODE_DATA_NOTE, codeData } from '../code-data';
import { GRID } from '../fits';
import { QR_HELD, QR_SEEDS, quantileBands, type QrSummary } from '../quantile-bands';
import { SERIES, type State } from '../params';

const curve = (y: Float64Array) => Array.from(GRID, (x, i) => [x, y[i]] as Point);

/** means: the mean coverage over the seeds so far, in and out of sample, with its 95% interval */
interface Data { alpha: number; ntrain: number; seed: number; summary: QrSummary; done: number; means: Record<'inSample' | 'heldOut', ReturnType<typeof meanInterval>> }

const meansOf = (sum: QrSummary): Data['means'] => ({ inSample: meanInterval(sum.inSample), heldOut: meanInterval(sum.heldOut) });

/** Deterministic horizontal spread of the per-seed dots in their column. */
const jitter = (i: number) => ((i * 0.618034) % 1) * 0.5 - 0.25;

export default defineFigure<State>()({
  name: 'bands',
  exportName: 'quantile-bands',
  caption: 'Quantile-regression band: coverage on its own training points and on held-out points',
  deps: ['alpha', 'model', 'ntrain', 'seed'],
  lazy: true,
  async compute(s, engine, { signal, partial, progress }): Promise<Data> {
    const summary = await quantileBands(engine, s, signal, (sum, done) => {
      progress(done / QR_SEEDS, `seed ${done} of ${QR_SEEDS}`);
      partial({ alpha: s.alpha, ntrain: s.ntrain, seed: s.seed, summary: sum, done, means: meansOf(sum) });
    });
    return { alpha: s.alpha, ntrain: s.ntrain, seed: s.seed, summary, done: QR_SEEDS, means: meansOf(summary) };
  },
  setup(host) {
    host.body.append(controlRow(host.control('alpha', { format: (v) => v.toFixed(2) }), host.control('ntrain'),
      host.control('model', { optionLabels: { linear: 'Linear', mlp: 'Small MLP (16 tanh units)' } }), host.control('seed')));
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(pair);
    const chart = host.chart({ title: 'The band fitted on the training points, with the held-out points', xLabel: 'x', yLabel: 'y', x: [0, 5], y: [-6, 26], height: 320, canvas: true }, pair);
    const seeds = host.chart({ title: `Coverage over ${QR_SEEDS} seeds: training points (left) and held-out points (right)`, xLabel: 'coverage measured on', yLabel: 'share inside the band', x: [-0.5, 1.5], y: [0.3, 1], height: 320 }, pair);
    seeds.setCategories(['training points', 'held-out points']);
    const readout = el('p', { class: 'readout bands-readout', 'aria-live': 'polite' });
    const seedsReadout = el('p', { class: 'readout bands-seeds', 'aria-live': 'polite' });
    host.body.append(el('p', { class: 'legend-note' }, 'Left: dark dots are the training points, light blue dots the held-out points; the shaded band runs from the τ = α/2 line to the τ = 1 − α/2 line. Right: one dot per seed; beside each column, the thick bar is the 95% interval of the mean and the crossing tick the mean; the dashed line is the nominal 1 − α.'), readout, seedsReadout);
    // The seed shown is the same object in every partial result: its layers are set once; its
    // points depend on the seed and the training size only (not on α or the model).
    return { chart, seeds, readout, seedsReadout, drawn: { shown: undefined as unknown, points: '' } };
  },
  draw(d, { chart, seeds, readout, seedsReadout, drawn }) {
    const r = d.summary.shown;
    if (drawn.shown !== r) {
      chart.set('band', bandLayer(curve(r.gridLower), curve(r.gridUpper), { series: SERIES.quantile, label: `band τ = ${d.alpha / 2} to ${1 - d.alpha / 2}` }));
      if (drawn.points !== `${d.seed}:${d.ntrain}`) {
        chart.set('held', scatterLayer(Array.from(r.held.x, (x, i) => [x, r.held.y[i]] as Point), { series: SERIES.held, label: 'held-out points', radius: 1.8, canvas: true }));
        chart.set('train', scatterLayer(Array.from(r.train.x, (x, i) => [x, r.train.y[i]] as Point), { series: SERIES.train, label: 'training points', radius: 4 }));
        drawn.points = `${d.seed}:${d.ntrain}`;
      }
      chart.set('lower', lineLayer(curve(r.gridLower), { series: SERIES.quantile, label: `τ = ${d.alpha / 2}` }));
      chart.set('upper', lineLayer(curve(r.gridUpper), { series: SERIES.quantile, label: `τ = ${1 - d.alpha / 2}` }));
      drawn.shown = r;
    }
    const nominal = 1 - d.alpha;
    readout.replaceChildren(
      `Seed shown: `, el('strong', { class: 'shown-in', 'data-value': r.inSample.coverage }, pct(r.inSample.coverage)),
      ` of its ${d.ntrain} training points and `, el('strong', { class: 'shown-held', 'data-value': r.heldOut.coverage }, pct(r.heldOut.coverage)),
      ` of ${QR_HELD} held-out points lie inside the band (nominal ${pct(nominal)}).`,
      r.swapped ? ` The two quantile curves crossed at ${r.swapped} of the x values; there they were swapped so the band stays an interval.` : '');
    const { inSample: ins, heldOut: held } = d.means;
    const n = d.summary.inSample.length;
    seeds.set('nominal', ruleLayer([nominal], 'y'));
    seeds.set('in', scatterLayer(d.summary.inSample.map((v, i) => [jitter(i), v] as Point), { series: SERIES.train, label: 'training coverage per seed', radius: 3 }));
    seeds.set('held', scatterLayer(d.summary.heldOut.map((v, i) => [1 + jitter(i), v] as Point), { series: SERIES.held, label: 'held-out coverage per seed', radius: 3 }));
    if (n > 1) {
      seeds.set('in-ci', lineLayer([[-0.35, ins.low], [-0.35, ins.high]], { series: SERIES.train, label: 'training: 95% interval of the mean', width: 4 }));
      seeds.set('held-ci', lineLayer([[0.65, held.low], [0.65, held.high]], { series: SERIES.held, label: 'held-out: 95% interval of the mean', width: 4 }));
      seeds.set('in-mean', lineLayer([[-0.45, ins.mean], [-0.25, ins.mean]], { series: SERIES.train, label: 'training: mean', width: 2 }));
      seeds.set('held-mean', lineLayer([[0.55, held.mean], [0.75, held.mean]], { series: SERIES.held, label: 'held-out: mean', width: 2 }));
    }
    const fig = chart.element.closest('figure');
    if (fig) fig.dataset.seeds = String(n);
    seedsReadout.replaceChildren(...(n < 2 ? [`Fitting the band on ${QR_SEEDS} more seeds…`] : [
      `Over ${n} seeds${n < QR_SEEDS ? ` (of ${QR_SEEDS}, still running)` : ''}: training points `,
      el('strong', { class: 'in-mean', 'data-value': ins.mean, 'data-low': ins.low, 'data-high': ins.high }, pct(ins.mean)),
      ` (95% interval ${pct(ins.low)} to ${pct(ins.high)}); held-out points `,
      el('strong', { class: 'held-mean', 'data-value': held.mean, 'data-low': held.low, 'data-high': held.high }, pct(held.mean)),
      ` (95% interval ${pct(held.low)} to ${pct(held.high)}); nominal ${pct(nominal)}.`]));
  },
  async code(d, s, engine) {
    if (d.done < QR_SEEDS) throw new Error(`the band is still being fitted on ${QR_SEEDS} seeds: wait for it to finish`);
    const others = Array.from({ length: QR_SEEDS }, (_, k) => d.seed * 1000 + k + 1);
    const { columns, model } = await codeData(engine, { method: 'quantile-band', model: s.model, ntrain: s.ntrain }, [d.seed, ...others]);
    const shown = d.summary.shown;
    const fits: IntervalFits = { method: 'quantile-band', alpha: d.alpha, seeds: [d.seed, ...others], model };
    const mean = (name: string, values: number[]) => {
      const m = meanInterval(values);
      return [{ name: `${name} mean`, value: m.mean }, { name: `${name} low`, value: m.low }, { name: `${name} high`, value: m.high }];
    };
    return {
      title: 'Quantile-regression band: coverage on its own training points and on held-out points', source: 'prediction-intervals/bands', columns, dataNote: CODE_DATA_NOTE,
      runs: [...intervalRuns(fits, [
        { label: 'seed shown', report: { what: 'band', seed: d.seed }, expect: [
          { name: 'training coverage', value: shown.inSample.coverage }, { name: 'held-out coverage', value: shown.heldOut.coverage }, { name: 'crossings', value: shown.swapped }] },
        { label: `over ${QR_SEEDS} seeds`, report: { what: 'band-mean', seeds: others }, expect: [...mean('training', d.summary.inSample), ...mean('held-out', d.summary.heldOut)] },
      ]), ...sklearnLinesRun(fits, d.seed)],
    };
  },
});

/**
 * "Repeat over 50 seeds": the conformal run of the previous figures on 50 fresh data sets (new
 * training, calibration and test points each time), the distribution of each band's test
 * coverage against the nominal 1 − α, and the range split conformal promises for the mean:
 * k/(n + 1) with the spread of Beta(k, n + 1 − k) plus the binomial noise of 1,000 test points.
 */
import type { Layer } from '../../../ui/chart';
import { el, fmt, pct } from '../../../ui/dom';
import { binsLayer, histogram, ruleLayer, type Histogram } from '../../../ui/layers';
import { defineFigure } from '../../framework/figure';
import { intervalRuns, type CoverageLawRun } from '../../shared/code-conformal';
import { meanInterval } from '../../shared/stats';
import { CODE_DATA_NOTE, codeData } from '../code-data';
import { CONF_TEST, coverageLaw, REPEAT_SEEDS, repeatSeeds, type Repeat } from '../conformal';
import { SERIES, type State } from '../params';

const Z = 1.96;

/** Each seed's coverage and width, drawn as nothing, exported as CSV (the histograms' raw values). */
function perSeedLayer(r: Repeat, seed: number): Layer {
  return {
    draw() {},
    csv: () => ({
      columns: ['data_seed', 'split_coverage', 'cqr_coverage', 'split_mean_width', 'cqr_mean_width'],
      rows: r.split.map((v, i) => [seed * 1000 + i + 1, v, r.cqr[i], r.splitWidth[i], r.cqrWidth[i]]),
    }),
  };
}

/** The range the mean coverage should fall in: 1 − α − Z·sd to 1 − α + 1/(n + 1) + Z·sd. */
const lawRange = (alpha: number, ncal: number, law: { sdMean: number }) => ({ low: 1 - alpha - Z * law.sdMean, high: 1 - alpha + 1 / (ncal + 1) + Z * law.sdMean });

/**
 * What the figure shows after `done` seeds: each band's coverage histogram on one axis (40 bins
 * from below 1 − α to 1), the mean coverage and width, and the guarantee's law with its range.
 */
interface Summary {
  domain: [number, number];
  hist: Record<'split' | 'cqr', Histogram>;
  mean: Record<'split' | 'cqr' | 'splitWidth' | 'cqrWidth', number>;
  law: ReturnType<typeof coverageLaw>;
  range: { low: number; high: number };
}

type Data = { kind: 'idle' } | { kind: 'running' | 'done'; alpha: number; ncal: number; seed: number; done: number; repeat: Repeat; summary: Summary };

function summarise(alpha: number, ncal: number, r: Repeat, done: number): Summary {
  const domain: [number, number] = [Math.min(0.6, 1 - alpha - 0.2), 1];
  const law = coverageLaw(ncal, r.rank, CONF_TEST, done);
  const mean = (v: number[]) => meanInterval(v).mean;
  return {
    domain,
    hist: { split: histogram(r.split, domain, 40), cqr: histogram(r.cqr, domain, 40) },
    mean: { split: mean(r.split), cqr: mean(r.cqr), splitWidth: mean(r.splitWidth), cqrWidth: mean(r.cqrWidth) },
    law,
    range: lawRange(alpha, ncal, law),
  };
}

export default defineFigure<State>()({
  name: 'repeat',
  exportName: 'coverage-over-seeds',
  caption: `Test coverage of split conformal and CQR over ${REPEAT_SEEDS} seeds, against the nominal level`,
  deps: ['alpha', 'ncal', 'seed', 'repeats'],
  async compute(s, engine, { signal, partial, progress }): Promise<Data> {
    if (!s.repeats) return { kind: 'idle' };
    const repeat = await repeatSeeds(engine, s, signal, (r, done) => {
      progress(done / REPEAT_SEEDS, `seed ${done} of ${REPEAT_SEEDS}`);
      partial({ kind: 'running', alpha: s.alpha, ncal: s.ncal, seed: s.seed, done, repeat: r, summary: summarise(s.alpha, s.ncal, r, done) });
    });
    return { kind: 'done', alpha: s.alpha, ncal: s.ncal, seed: s.seed, done: REPEAT_SEEDS, repeat, summary: summarise(s.alpha, s.ncal, repeat, REPEAT_SEEDS) };
  },
  setup(host) {
    const run = el('button', { type: 'button', class: 'primary run-repeat' }, `Repeat over ${REPEAT_SEEDS} seeds`);
    run.addEventListener('click', () => host.local.set({ repeats: (host.local.get<number>('repeats') ?? 0) + 1 }));
    const status = el('p', { class: 'readout repeat-status', role: 'status', 'aria-live': 'polite' }, 'Not run yet: press the button (it trains 150 small models).');
    host.body.append(el('div', { class: 'button-row' }, run), status);
    const pair = el('div', { class: 'chart-pair' });
    host.body.append(pair);
    const split = host.chart({ title: 'Split conformal: test coverage per seed', xLabel: 'test coverage', yLabel: 'seeds', x: [0.6, 1], y: [0, 15], height: 220 }, pair);
    const cqr = host.chart({ title: 'CQR: test coverage per seed', xLabel: 'test coverage', yLabel: 'seeds', x: [0.6, 1], y: [0, 15], height: 220 }, pair);
    const readout = el('p', { class: 'readout repeat-readout', 'aria-live': 'polite' });
    host.body.append(el('p', { class: 'legend-note' }, 'Orange histogram: split conformal; green: CQR; each bar counts seeds. Dashed rule: the nominal 1 − α. Solid rule: the mean coverage over the seeds run so far. The CSV export lists each seed’s coverage and width.'), readout);
    return { run, status, split, cqr, readout };
  },
  draw(d, { run, status, split, cqr, readout }) {
    const fig = split.element.closest('figure');
    if (d.kind === 'idle') {
      if (fig) fig.dataset.repeat = 'idle';
      return;
    }
    run.disabled = d.kind === 'running';
    if (fig) fig.dataset.repeat = d.kind;
    status.textContent = d.kind === 'running' ? `Running seed ${d.done} of ${REPEAT_SEEDS}…` : `Done: ${REPEAT_SEEDS} seeds, each with new training, calibration and test points.`;
    const nominal = 1 - d.alpha;
    const { domain, hist, mean, law, range: { low, high } } = d.summary;
    for (const [chart, key, series] of [[split, 'split', SERIES.split], [cqr, 'cqr', SERIES.cqr]] as const) {
      chart.setDomain(domain, [0, Math.max(5, hist[key].top * 1.15)]);
      chart.set('hist', binsLayer(hist[key].bins, { series, label: 'seeds' }));
      chart.set('nominal', ruleLayer([nominal], 'x'));
      chart.set('mean', ruleLayer([mean[key]], 'x', 'rule solid-rule'));
      chart.render();
    }
    cqr.set('per-seed', perSeedLayer(d.repeat, d.seed));
    const k = d.repeat.rank;
    readout.replaceChildren(
      `Mean test coverage over ${d.done} seeds: split conformal `,
      el('strong', { class: 'split-mean', 'data-value': mean.split }, pct(mean.split)), ` (mean width ${fmt(mean.splitWidth, 2)}); CQR `,
      el('strong', { class: 'cqr-mean', 'data-value': mean.cqr }, pct(mean.cqr)), ` (mean width ${fmt(mean.cqrWidth, 2)}). `,
      `The guarantee: each seed's expected coverage is k/(n + 1) = ${k}/${d.ncal + 1} = ${fmt(law.mean, 4)}, between 1 − α and 1 − α + 1/(n + 1); `,
      `the mean of ${d.done} seeds, each scored on ${CONF_TEST} test points, should fall in `,
      el('strong', { class: 'law-range', 'data-low': low, 'data-high': high }, `${pct(low)} to ${pct(high)}`),
      ` (that range widened by ${Z} standard deviations of the mean, ${fmt(law.sdMean, 4)}). One seed's coverage scatters with standard deviation ${fmt(law.sdOne, 3)}.`);
  },
  async code(d, s, engine) {
    if (d.kind !== 'done') throw new Error(`press "Repeat over ${REPEAT_SEEDS} seeds" and let it finish first`);
    const seeds = Array.from({ length: REPEAT_SEEDS }, (_, k) => d.seed * 1000 + k + 1);
    const { columns, model } = await codeData(engine, { method: 'conformal', ncal: s.ncal }, seeds);
    const { law, range: { low, high }, mean } = d.summary;
    const guarantee: CoverageLawRun = {
      kind: 'coverage-law', label: 'the guarantee', calibration: d.ncal, alpha: d.alpha, testPoints: CONF_TEST, seeds: d.done, z: Z,
      expect: [{ name: 'rank', value: d.repeat.rank }, { name: 'expected coverage', value: law.mean }, { name: 'low', value: low }, { name: 'high', value: high }],
    };
    return {
      title: `Test coverage of split conformal and CQR over ${REPEAT_SEEDS} seeds, against the nominal level`, source: 'prediction-intervals/repeat', columns, dataNote: CODE_DATA_NOTE,
      runs: [
        ...intervalRuns({ method: 'conformal', alpha: d.alpha, seeds, model }, [{
          label: `mean over ${REPEAT_SEEDS} seeds`, report: { what: 'method-mean', seeds },
          expect: [{ name: 'split conformal coverage', value: mean.split }, { name: 'cqr coverage', value: mean.cqr },
            { name: 'split conformal width', value: mean.splitWidth }, { name: 'cqr width', value: mean.cqrWidth }],
        }]),
        guarantee,
      ],
    };
  },
});

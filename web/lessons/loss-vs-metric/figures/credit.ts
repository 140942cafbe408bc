/**
 * "Credit risk, trained live": three logistic models on the same imbalanced loans, four decision
 * rules (model.ts), scored on the held-out half: expected cost per 1,000 decisions with a 95%
 * interval, the paired difference from (a), the confusion matrices, and the cost over thresholds
 * of each model's probabilities with each rule's operating point marked.
 */
import { el, fmt, scrollRegion } from '../../../ui/dom';
import { lineLayer, ruleLayer, scatterLayer, type Point } from '../../../ui/layers';
import { controlRow } from '../../../ui/controls';
import { defineFigure } from '../../framework/figure';
import { costThreshold, MODEL_IDS, MODEL_LABELS, options, sharedCredit, THRESHOLDS, TRAIN_STEPS, type CreditRun, type ModelId } from '../model';
import { sessionCode, splitColumns, type Score } from '../../shared/code';
import { sklearnCheck } from '../../shared/code-sklearn';
import { ownData, ownDataNote, ownDataPanel } from '../../shared/own-data';
import { MODEL_SERIES, type LessonState } from '../params';
import { niceTop } from '../scoring';

const PER = 1000;
const Z = 1.96;
const per1000 = (v: number) => fmt(PER * v, 1);

export default defineFigure<LessonState>()({
  name: 'credit',
  exportName: 'credit-risk',
  caption: 'Credit risk: expected cost per 1,000 held-out decisions of four ways to decide, and the cost over thresholds',
  deps: ['fnfp', 'ratio', 'seed', 'owndata'],
  async compute(s, engine, ctx): Promise<CreditRun> {
    return sharedCredit(engine, s, ctx.signal, (f) => ctx.progress(f, 'training three models'));
  },
  setup(host) {
    host.body.append(controlRow(host.control('fnfp'), host.control('ratio'), host.control('seed')));
    const table = el('table', { class: 'credit-table' });
    const matrices = el('div', { class: 'confusion-grid' });
    const chart = host.chart({ title: 'Expected cost per 1,000 held-out decisions against the threshold, for each model’s probabilities', xLabel: 'threshold t (lend when p < t)', yLabel: 'cost per 1,000 decisions', x: [0, 1], y: [0, 1000], height: 300 });
    const readout = el('p', { class: 'readout credit-readout', 'aria-live': 'polite' });
    const note = el('p', { class: 'legend-note credit-note' });
    host.body.append(note, scrollRegion('Costs of the four decision rules', table), readout,
      el('p', { class: 'legend-note' }, 'Blue: the BCE model (rules a and b use it). Vermillion: the linear-loss model (c). Purple: the class-weighted model (d). Dots: each rule’s operating point in its rule’s colour (blue (a), black (b), vermillion (c), purple (d); (c) and (d) both sit at 0.5, so (d) hides (c)); the vertical rule is t = c_FP / (c_FP + c_FN).'),
      scrollRegion('Confusion matrices of the four decision rules', matrices));
    // Your own loans: two feature columns and a 0/1 label (1 = default), from a CSV.
    host.body.append(ownDataPanel({ slug: host.workKey, store: host.store, local: host.local, key: 'owndata', yKind: 'label', features: 2, notice: host.notice }));
    return { chart, table, matrices, readout, note, top: 0 };
  },
  draw(run, h, s) {
    const { models, diff } = run;
    const cost = (id: ModelId) => models[id].metrics;
    h.note.textContent = `Held-out: ${run.data.yVal.length.toLocaleString('en-US')} loans, ${fmt(100 * run.prevalence, 1)}% defaults; FN:FP = ${s.fnfp}:1 (a missed default costs ${s.fnfp}, a refused good loan 1). Intervals are ±1.96 standard errors.`;
    h.table.replaceChildren(
      el('caption', {}, 'Expected cost per 1,000 held-out decisions of each rule'),
      el('thead', {}, el('tr', {}, ...['Rule', 'Threshold', 'Cost per 1,000 (95% interval)', 'Minus (a), paired (95% interval)', 'Log loss', 'Brier'].map((t) => el('th', { scope: 'col' }, t)))),
      el('tbody', {}, ...MODEL_IDS.map((id) => {
        const m = cost(id);
        const d = id === 'a' ? null : diff[id];
        return el('tr', { 'data-model': id },
          el('th', { scope: 'row' }, MODEL_LABELS[id]),
          el('td', {}, fmt(models[id].threshold, 3)),
          el('td', { class: 'cost', 'data-value': PER * m.expectedCost, 'data-half': PER * Z * m.expectedCostSe }, `${per1000(m.expectedCost)} ± ${per1000(Z * m.expectedCostSe)}`),
          el('td', { class: 'diff', 'data-value': d ? PER * d.mean : 0, 'data-half': d ? PER * Z * d.se : 0 }, d ? `${d.mean >= 0 ? '+' : '−'}${per1000(Math.abs(d.mean))} ± ${per1000(Z * d.se)}` : '—'),
          el('td', {}, fmt(models[id].logLoss, 3)),
          el('td', {}, fmt(models[id].brier, 3)));
      })));
    h.matrices.replaceChildren(...MODEL_IDS.map((id) => {
      const [tn, fp, fn, tp] = cost(id).confusion;
      return el('table', { class: 'confusion', 'data-model': id },
        el('caption', {}, MODEL_LABELS[id]),
        el('thead', {}, el('tr', {}, el('td', {}), el('th', { scope: 'col' }, 'lend'), el('th', { scope: 'col' }, 'refuse'))),
        el('tbody', {},
          el('tr', {}, el('th', { scope: 'row' }, 'repaid'), el('td', { 'data-cell': 'tn' }, String(tn)), el('td', { 'data-cell': 'fp' }, `${fp} (FP)`)),
          el('tr', {}, el('th', { scope: 'row' }, 'defaulted'), el('td', { 'data-cell': 'fn' }, `${fn} (FN)`), el('td', { 'data-cell': 'tp' }, String(tp)))));
    }));
    const curve = (id: ModelId): Point[] => Array.from(THRESHOLDS, (t, i) => [t, PER * models[id].sweep.cost[i]] as Point);
    const top = Math.max(...(['a', 'c', 'd'] as ModelId[]).map((id) => PER * models[id].sweep.cost[0]), PER * s.fnfp * run.prevalence);
    const nice = niceTop(Math.min(top * 1.05, PER * s.fnfp * run.prevalence * 1.6));
    if (nice !== h.top) {
      h.top = nice;
      h.chart.setDomain(undefined, [0, nice]);
      h.chart.render();
    }
    h.chart.set('bce', lineLayer(curve('a'), { series: MODEL_SERIES.a, label: 'BCE model (a, b)', width: 2 }));
    h.chart.set('linear', lineLayer(curve('c'), { series: MODEL_SERIES.c, label: 'linear-loss model (c)', width: 2, dashed: true }));
    h.chart.set('weighted', lineLayer(curve('d'), { series: MODEL_SERIES.d, label: 'class-weighted model (d)', width: 2 }));
    h.chart.set('optimal', ruleLayer([costThreshold(s.fnfp)], 'x', 'rule hover-rule'));
    h.chart.set('points', scatterLayer(MODEL_IDS.map((id) => [models[id].threshold, PER * cost(id).expectedCost] as Point), { series: (i) => MODEL_SERIES[MODEL_IDS[i]], label: 'operating points', radius: 6 }));
    const best = models.a.sweep;
    h.readout.replaceChildren(
      `Thresholding the BCE model at c_FP / (c_FP + c_FN) = 1/${s.fnfp + 1} = ${fmt(costThreshold(s.fnfp), 3)} costs `,
      el('strong', { class: 'cost-a' }, per1000(cost('a').expectedCost)),
      ` per 1,000 decisions, against ${per1000(cost('b').expectedCost)} at 0.5, ${per1000(cost('c').expectedCost)} for the linear loss and ${per1000(cost('d').expectedCost)} for class weights. `,
      `The best threshold on this held-out half (chosen after seeing it, so a little optimistic) is ${fmt(best.bestThreshold, 3)} at ${per1000(best.bestCost)}.`);
  },
  async code(run, s, engine) {
    const { data, models } = run;
    const columns = splitColumns(data, 2);
    const train = { x: data.x, y: data.y };
    const costs = { fnCost: s.fnfp, fpCost: 1 };
    const cost = (name: string, threshold: number): Score => ({ kind: 'cost', name, threshold, ...costs });
    const shown = (id: ModelId, name: string) => ({ name, value: PER * models[id].metrics.expectedCost });
    const logLoss = (id: ModelId) => ({ name: 'held-out log loss', value: models[id].logLoss });
    const layout = { x: ['x1', 'x2'], y: 'y', standardize: false, report: 'loss' as const };
    const trains = await Promise.all([
      sessionCode(engine, options(train, 'bce_logits', s.seed), TRAIN_STEPS, {
        ...layout, label: 'bce', scores: [{ kind: 'log loss' }, cost('cost per thousand at the cost threshold', models.a.threshold), cost('cost per thousand at one half', 0.5)],
        expect: [logLoss('a'), shown('a', 'held-out cost per thousand at the cost threshold'), shown('b', 'held-out cost per thousand at one half')],
      }),
      sessionCode(engine, options(train, 'asymmetric', s.seed, { fn_cost: s.fnfp, fp_cost: 1 }), TRAIN_STEPS, {
        ...layout, label: 'linear asymmetric loss', scores: [{ kind: 'log loss' }, cost('cost per thousand at one half', 0.5)],
        expect: [logLoss('c'), shown('c', 'held-out cost per thousand at one half')],
      }),
      sessionCode(engine, options(train, 'bce_logits', s.seed), TRAIN_STEPS, {
        ...layout, label: 'class-weighted bce', repeatPositives: s.fnfp, scores: [{ kind: 'log loss' }, cost('cost per thousand at one half', 0.5)],
        expect: [logLoss('d'), shown('d', 'held-out cost per thousand at one half')],
      }),
    ]);
    // A fixed number of steps at a constant step size: not necessarily converged, so sklearn's
    // LogisticRegression prints the converged optimum beside it, compared with nothing.
    const runs = trains.flatMap((run) => [run, ...sklearnCheck(run, { converged: false, split: 'held_out' })]);
    return {
      title: 'Credit risk: three logistic models and four decision rules, scored on held-out loans', source: 'loss-vs-metric/credit', columns, split: 'held_out', runs,
      dataNote: ownData(s.owndata) ? `${ownDataNote(ownData(s.owndata)!, false)}; odd rows train, even rows are held out`
        : `The lab's seeded imbalanced loans (two Gaussian clouds, 1 default per ${s.ratio} good loans); defaults are label 1`,
    };
  },
});

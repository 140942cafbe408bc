/**
 * "Which metric for which question": the four decision rules of the credit figure (the same
 * trained models, not retrained), scored on held-out loans resampled to the prevalence of the
 * slider, by eight metrics. Each row says what the metric rewards and marks the rule it ranks
 * first; moving prevalence or costs shows which metrics change their verdict.
 */
import { el, fmt, scrollRegion } from '../../../ui/dom';
import { controlRow } from '../../../ui/controls';
import { defineFigure } from '../../framework/figure';
import { atPrevalence, MODEL_IDS, MODEL_LABELS, pick, sharedCredit, type ModelId } from '../model';
import type { LessonState } from '../params';
import credit from './credit';
import type { HeldOutMetricsRun } from '../../shared/code-held-out-metrics';
import '../../shared/code-held-out-metrics';

export interface MetricData { rows: MetricRow[]; n: number; positives: number }
export interface MetricRow { id: string; label: string; rewards: string; lowerIsBetter: boolean; values: Record<ModelId, number>; best: ModelId[] }

const DESCRIPTIONS: Array<[string, string, string, boolean]> = [
  ['accuracy', 'Accuracy', 'The share of decisions right, every mistake counted alike; at 10% defaults “always lend” already scores 90%.', false],
  ['balancedAccuracy', 'Balanced accuracy', 'The mean of the recall of each class: both classes count equally, whatever their share.', false],
  ['f1', 'F1', 'Precision and recall of the defaults at the threshold; ignores correct approvals (true negatives).', false],
  ['rocAuc', 'ROC-AUC', 'Ranking: the chance a random default is scored above a random good loan. No threshold, no costs.', false],
  ['prAuc', 'PR-AUC (average precision)', 'Ranking with the rare class in front; it falls with the prevalence even for the same model.', false],
  ['logLoss', 'Log loss', 'Honest probabilities (proper); charges confident mistakes without bound.', true],
  ['brier', 'Brier score', 'Honest probabilities (proper), bounded by 1 per loan.', true],
  ['cost', 'Expected cost per 1,000', 'What the business pays at the chosen threshold and costs: the question a lender asks.', true],
];

export default defineFigure<LessonState>()({
  name: 'metrics',
  exportName: 'metric-table',
  caption: 'Which metric for which question: eight metrics of the four decision rules, at a chosen prevalence and cost ratio',
  deps: ['fnfp', 'ratio', 'seed', 'prevalence', 'owndata'],
  lazy: true,
  async compute(s, engine, ctx): Promise<MetricData> {
    const run = await sharedCredit(engine, s, ctx.signal, (f) => ctx.progress(f, 'training three models'));
    const idx = atPrevalence(run.data.yVal, s.prevalence);
    const y = pick(run.data.yVal, idx);
    const values = {} as Record<string, Record<ModelId, number>>;
    for (const [id] of DESCRIPTIONS) values[id] = {} as Record<ModelId, number>;
    await Promise.all(MODEL_IDS.map(async (id) => {
      const m = run.models[id];
      const p = pick(m.probability, idx);
      const [b, ll, br] = await Promise.all([
        engine.metrics.binary(p, y, { threshold: m.threshold, fnCost: s.fnfp, fpCost: 1 }),
        engine.loss('bce', p, y),
        engine.loss('brier', p, y),
      ]);
      values.accuracy[id] = b.accuracy;
      values.balancedAccuracy[id] = b.balancedAccuracy;
      values.f1[id] = b.f1;
      values.rocAuc[id] = b.rocAuc ?? 0;
      values.prAuc[id] = b.prAuc ?? 0;
      values.logLoss[id] = ll.value as number;
      values.brier[id] = br.value as number;
      values.cost[id] = 1000 * b.expectedCost;
    }));
    let positives = 0;
    for (const v of y) positives += v;
    const rows: MetricRow[] = DESCRIPTIONS.map(([id, label, rewards, lowerIsBetter]) => {
      const v = values[id];
      const target = lowerIsBetter ? Math.min(...MODEL_IDS.map((m) => v[m])) : Math.max(...MODEL_IDS.map((m) => v[m]));
      return { id, label, rewards, lowerIsBetter, values: v, best: MODEL_IDS.filter((m) => Math.abs(v[m] - target) <= 1e-9 * Math.max(1, Math.abs(target))) };
    });
    return { rows, n: y.length, positives };
  },
  async code(d, s, engine) {
    // The credit figure's three trained models (the same run, not retrained), each followed by its rules' metrics.
    const run = await sharedCredit(engine, s);
    const spec = await credit.code!(run, s, engine);
    const n = run.data.y.length, picked = new Float64Array(n + run.data.yVal.length);
    for (const i of atPrevalence(run.data.yVal, s.prevalence)) picked[n + i] = 1;
    const NAMES: Record<string, string> = { accuracy: 'accuracy', balancedAccuracy: 'balanced accuracy', f1: 'f one', rocAuc: 'roc auc', prAuc: 'average precision', logLoss: 'log loss', brier: 'brier', cost: 'cost per thousand' };
    const rule = (id: ModelId): HeldOutMetricsRun => ({
      kind: 'held-out-metrics', label: `rule ${id}`, threshold: run.models[id].threshold, fnCost: s.fnfp, fpCost: 1, rows: 'picked',
      expect: d.rows.map((r) => ({ name: NAMES[r.id], value: r.values[id] })),
    });
    // A rule's metrics read the model of the training run just before them; the credit figure's
    // other runs (its scikit-learn cross-check) come after the rules.
    const [bce, linear, weighted] = spec.runs.filter((r) => r.kind === 'train');
    const others = spec.runs.filter((r) => r.kind !== 'train');
    return {
      ...spec, title: `Eight metrics of the four decision rules, held-out loans resampled to ${Math.round(100 * s.prevalence)}% defaults`, source: 'loss-vs-metric/metrics',
      columns: { ...spec.columns, picked }, runs: [bce, rule('a'), rule('b'), linear, rule('c'), weighted, rule('d'), ...others],
    };
  },
  setup(host) {
    host.body.append(controlRow(host.control('prevalence', { format: (v) => `${Math.round(100 * v)}%` }), host.control('fnfp')));
    const table = el('table', { class: 'metric-table' });
    const readout = el('p', { class: 'readout metric-readout', 'aria-live': 'polite' });
    const note = el('p', { class: 'legend-note metric-note' });
    host.body.append(note, scrollRegion('Metrics of the four decision rules', table), readout);
    return { table, readout, note };
  },
  draw(d, h, s) {
    const digits = (id: string) => (id === 'cost' ? 1 : id === 'brier' ? 4 : 3);
    h.note.textContent = `${d.n.toLocaleString('en-US')} held-out loans, ${d.positives} of them defaults (${fmt(100 * d.positives / d.n, 1)}%); FN:FP = ${s.fnfp}:1. Bold: the rule each metric ranks first, however small the lead: differences in the third digit between (a), (c) and (d) are within the noise (the credit figure's paired intervals). (a) and (b) are one model, so its ranking and probability scores are shared.`;
    h.table.replaceChildren(
      el('caption', {}, 'Eight metrics of the four decision rules'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Metric'), el('th', { scope: 'col' }, 'What it rewards'), ...MODEL_IDS.map((id) => el('th', { scope: 'col' }, MODEL_LABELS[id].split(' ')[0])))),
      el('tbody', {}, ...d.rows.map((r) => el('tr', { 'data-metric': r.id },
        el('th', { scope: 'row' }, `${r.label} ${r.lowerIsBetter ? '↓' : '↑'}`),
        el('td', { class: 'rewards' }, r.rewards),
        ...MODEL_IDS.map((id) => {
          const text = fmt(r.values[id], digits(r.id));
          return el('td', { 'data-model': id, 'data-value': r.values[id], ...(r.best.includes(id) ? { 'data-best': 'true' } : {}) }, r.best.includes(id) ? el('strong', {}, text) : text);
        })))));
    const winners = (id: string) => d.rows.find((r) => r.id === id)!.best.map((m) => `(${m})`).join(' = ');
    h.readout.textContent = `At this prevalence accuracy ranks ${winners('accuracy')} first and expected cost ranks ${winners('cost')} first; balanced accuracy picks ${winners('balancedAccuracy')}, F1 ${winners('f1')}, log loss ${winners('logLoss')}, Brier ${winners('brier')}. `
      + 'ROC-AUC barely moves with prevalence (it compares defaults with good loans, whatever their numbers; only the resampled loans change); PR-AUC, F1, accuracy and cost move with it.';
  },
});

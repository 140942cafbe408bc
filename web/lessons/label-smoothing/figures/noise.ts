/**
 * "Is the ECE gap bigger than chance?": the two trained models' test ECE next to the ECE a
 * perfectly calibrated model shows on the same test points by chance alone (the noise floor), and
 * a paired bootstrap interval for the difference. Reads the same trained pair as the temperature
 * figure and the questions (finalPair computes it once).
 */
import { el, fmt, scrollRegion } from '../../../ui/dom';
import { defineFigure } from '../../framework/figure';
import { finalPair, pairSettings, SIDES } from '../pair';
import { CALIBRATION_BINS, TEST_SIZE } from '../data';
import { DRAWS, eceDifference, eceNoiseFloor, type Interval, type NoiseFloor } from '../uncertainty';
import { TRAIN_STEPS, type LessonState } from '../params';
import { pairCode, RUN_LABEL } from '../code';
import { headlines } from '../../shared/code-classifier';
import { eceNoiseFloorRun } from '../../shared/code-ece-noise-floor';
import { eceBootstrapRun } from '../../shared/code-ece-bootstrap';

/** The test-set size such lessons commonly use, for the comparison of noise floors. */
const SMALL_TEST = 200;

interface NoiseData {
  epsilon: number;
  /** test points the ECEs are measured on (2000 of the lab's; a third of a learner's rows) */
  testSize: number;
  ece: { hard: number; smooth: number };
  floor?: { hard: NoiseFloor; smooth: NoiseFloor };
  smallFloor?: NoiseFloor;
  difference?: Interval;
}

export default defineFigure<LessonState>()({
  name: 'noise',
  exportName: 'ece-noise',
  caption: 'Is the ECE gap bigger than chance? The noise floor of ECE and a bootstrap interval',
  deps: ['classes', 'epsilon', 'noise', 'seed', 'model', 'owndata'],
  lazy: true,
  async compute(s, engine, { signal, progress, partial }): Promise<NoiseData> {
    progress(0, 'training both models');
    const r = await finalPair(engine, pairSettings(s), signal);
    const data: NoiseData = { epsilon: s.epsilon, testSize: r.hard.test.confidence.length, ece: { hard: r.hard.test.ece, smooth: r.smooth.test.ece } };
    partial({ ...data });
    // 4 × DRAWS calls of the core's calibration metric, about 2 ms each: report progress.
    let done = 0;
    const tick = () => { if (++done % 20 === 0) progress(done / (4 * DRAWS), 'drawing the noise'); };
    data.floor = {
      hard: await eceNoiseFloor(engine, r.hard.test.confidence, s.seed, signal, DRAWS, tick),
      smooth: await eceNoiseFloor(engine, r.smooth.test.confidence, s.seed + 1, signal, DRAWS, tick),
    };
    data.smallFloor = await eceNoiseFloor(engine, r.hard.test.confidence.slice(0, SMALL_TEST), s.seed + 3, signal, DRAWS, tick);
    partial({ ...data });
    data.difference = await eceDifference(engine, r.hard.test, r.smooth.test, s.seed + 2, signal, DRAWS, () => { tick(); tick(); });
    return data;
  },
  async code({ epsilon, ece, floor, smallFloor, difference }, s, engine) {
    if (!floor || !smallFloor || !difference) throw new Error('the noise floor is still being drawn');
    const { spec, runs } = await pairCode(engine, { ...pairSettings(s), epsilon }, TRAIN_STEPS,
      (side) => ({ expect: headlines({ ece: ece[side] }) }));
    const floorRun = (label: string, of: string, seed: number, f: NoiseFloor, first?: number) => eceNoiseFloorRun({
      label, of, seed, draws: DRAWS, bins: CALIBRATION_BINS, first,
      expect: headlines({ 'noise floor mean': f.mean, 'noise floor ninety-fifth percentile': f.p95 }),
    });
    return {
      title: `Is the ECE gap bigger than chance? (ε = ${epsilon}, ${TRAIN_STEPS} steps)`, source: 'label-smoothing/noise', ...spec,
      runs: [
        ...runs,
        floorRun(`${RUN_LABEL.hard} floor`, RUN_LABEL.hard, s.seed, floor.hard),
        floorRun(`${RUN_LABEL.smooth} floor`, RUN_LABEL.smooth, s.seed + 1, floor.smooth),
        floorRun(`first ${SMALL_TEST} test points floor`, RUN_LABEL.hard, s.seed + 3, smallFloor, SMALL_TEST),
        eceBootstrapRun({ label: 'ece difference', a: RUN_LABEL.hard, b: RUN_LABEL.smooth, seed: s.seed + 2, draws: DRAWS, bins: CALIBRATION_BINS,
          expect: headlines({ difference: difference.value, low: difference.low, high: difference.high }) }),
      ],
    };
  },
  setup(host) {
    const table = el('table', { class: 'noise-table' });
    const readout = el('p', { class: 'readout noise-readout', 'aria-live': 'polite' });
    host.body.append(scrollRegion('ECE noise floor table', table), readout);
    return { table, readout };
  },
  draw({ epsilon, testSize, ece, floor, difference, smallFloor }, { table, readout }) {
    const cell = (id: string, side: string, v: number | undefined) => v === undefined ? el('td', { 'data-metric': id, 'data-side': side }, '…') : el('td', { 'data-metric': id, 'data-side': side, 'data-value': v }, fmt(v, 3));
    const rows: Array<[string, string, (side: 'hard' | 'smooth') => number | undefined]> = [
      ['ece', 'Test ECE after training', (side) => ece[side]],
      ['floorMean', 'ECE of a perfectly calibrated model: mean', (side) => floor?.[side].mean],
      ['floorP95', '… and its 95th percentile', (side) => floor?.[side].p95],
    ];
    table.replaceChildren(
      el('caption', {}, `After ${TRAIN_STEPS} steps, on ${testSize} test points and ${CALIBRATION_BINS} bins. The perfectly calibrated model keeps each model's confidences and is right on each point with exactly that probability (${DRAWS} draws).`),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Measure'), el('th', { scope: 'col' }, 'Hard (ε = 0)'), el('th', { scope: 'col' }, `Smoothed (ε = ${fmt(epsilon, 2)})`))),
      el('tbody', {}, ...rows.map(([id, label, get]) => el('tr', { 'data-metric': id }, el('th', { scope: 'row' }, label), ...SIDES.map((side) => cell(id, side, get(side)))))));
    if (!difference || !smallFloor) {
      readout.textContent = 'Drawing the noise floor and the bootstrap interval…';
      return;
    }
    const outside = difference.low > 0 || difference.high < 0;
    readout.replaceChildren(
      'ECE(hard) − ECE(smoothed) = ',
      el('strong', { class: 'noise-difference', 'data-value': difference.value, 'data-low': difference.low, 'data-high': difference.high }, fmt(difference.value, 3)),
      `, 95% paired bootstrap interval [${fmt(difference.low, 3)}, ${fmt(difference.high, 3)}] over ${DRAWS} resamples of the test points: `,
      outside ? `the interval excludes 0, so the gap is not chance. ` : `the interval includes 0, so this test set cannot tell the two models apart. `,
      `With only ${Math.min(SMALL_TEST, testSize)} test points the same perfectly calibrated model would average an ECE of `,
      el('strong', { class: 'noise-small', 'data-value': smallFloor.mean, 'data-p95': smallFloor.p95 }, fmt(smallFloor.mean, 3)),
      ` (95th percentile ${fmt(smallFloor.p95, 3)}): ECE is biased upwards, and more so the fewer points each bin holds, ${testSize > SMALL_TEST ? `which is why this lesson tests on ${testSize}` : `which is why the lab\u2019s own data has ${TEST_SIZE} test points`}.`);
  },
});

// npm run bench, part 2 (issue 15): training steps and the public lab.loss routes, in one run.
//
//   1. The spirals MLP step (2-16-16-1 tanh, 300 points, full batch, Adam lr 0.01, bce_logits):
//      lab.session (public API, float32 and float64) against the same C++ natively, our bench
//      module's SIMD and scalar builds, a tfjs-layers MLP (wasm and cpu backends) and ConvNetJS.
//   2. The MLP 2-64-64-1 on 2,000 points, with GFLOP/s (6 × multiply-adds × rows per step, the
//      usual count of a training step's useful work, the same for every implementation).
//   3. lab.loss at N = 2^20 through the public API: the zero-copy route (lab.alloc) and the copying
//      route (Float32Arrays), against tfjs-wasm and plain JS.
// Same protocol as bench/run.mjs (protocol.mjs): warm-up, 15 runs, median per call. Ratios are
// from this run only. Before timing, each implementation's loss after one step from the same
// weights (training) or its value and gradient (losses) is compared with ours / plain JS.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import convnetjs from 'convnetjs';
import { plainLosses } from './peers/plain.mjs';
import { makeLossData, maxRelDiff, timeMedian } from './protocol.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const QUICK = process.argv.includes('--quick');
const log = (...a) => process.stderr.write(a.join(' ') + '\n');
const fmtX = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) + '×';
const fmtT = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} µs`);
const results = { machine: {}, training: [], losses: [], targets: [], mismatches: [] };

function printTable(head, rows) {
  const lines = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...lines.map((l) => String(l[i]).length)));
  const pad = (l) => l.map((v, i) => (i === 0 ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))).join('  ');
  console.log(pad(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(pad(r));
}

function target(what, measured, goal, pass) {
  results.targets.push({ what, measured, goal, pass });
}

// ---------------------------------------------------------------- implementations of one MLP step
const LR = 0.01;

/** lab.session through the public API; `k` steps per call, so the figure is per step. */
function labSession(lab, data, hidden, precision, k) {
  const options = {
    model: { name: 'mlp', hidden: [hidden, hidden], activation: 'tanh', task: 'binary' },
    loss: 'bce_logits',
    optimizer: 'adam',
    params: { lr: LR },
    epochs: 1_000_000,
    seed: 1,
    precision,
    data: { x: data.x, y: data.y, features: 2 },
  };
  const first = lab.session(options);
  const theta = first.params();
  const loss1 = first.step(1).trainLoss[0];
  first.free();
  const session = lab.session(options);
  return { theta, loss1, k, call: () => session.step(k), dispose: () => session.free() };
}

/** Our bench module (no Embind): the same session through a plain C export. */
function moduleSession(mod, data, hidden, float32, k) {
  const n = data.y.length;
  const px = mod._malloc(data.x.length * 8), py = mod._malloc(n * 8);
  new Float64Array(mod.HEAPF64.buffer, px, data.x.length).set(data.x);
  new Float64Array(mod.HEAPF64.buffer, py, n).set(data.y);
  if (!mod._bench_session_create(px, py, n, hidden, float32 ? 1 : 0)) throw new Error('bench_session_create failed');
  const loss1 = mod._bench_session_step(1);
  mod._bench_session_create(px, py, n, hidden, float32 ? 1 : 0);
  return { loss1, k, call: () => mod._bench_session_step(k), dispose: () => [px, py].forEach((p) => mod._free(p)) };
}

/** tfjs-layers: Dense(h, tanh) → Dense(h, tanh) → Dense(1), Adam, sigmoidCrossEntropy on the logits. */
function tfSession(tf, data, hidden, theta) {
  const n = data.y.length;
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [2], units: hidden, activation: 'tanh' }),
      tf.layers.dense({ units: hidden, activation: 'tanh' }),
      tf.layers.dense({ units: 1 }),
    ],
  });
  // θ's layout (per layer: inputs × outputs row-major, then biases) is Dense's kernel and bias
  let offset = 0;
  for (const layer of model.layers) {
    const [kernel, bias] = layer.getWeights();
    const [rows, cols] = kernel.shape;
    const w = tf.tensor2d(Float32Array.from(theta.subarray(offset, offset + rows * cols)), [rows, cols]);
    const b = tf.tensor1d(Float32Array.from(theta.subarray(offset + rows * cols, offset + rows * cols + cols)));
    layer.setWeights([w, b]);
    tf.dispose([w, b]); // getWeights() gives the layer's own variables: not disposed here
    offset += rows * cols + cols;
  }
  const xs = tf.tensor2d(Float32Array.from(data.x), [n, 2]), ys = tf.tensor2d(Float32Array.from(data.y), [n, 1]);
  const optimizer = tf.train.adam(LR, 0.9, 0.999, 1e-8);
  const objective = () => tf.losses.sigmoidCrossEntropy(ys, model.apply(xs));
  const call = () => {
    const cost = optimizer.minimize(objective, true);
    const v = cost.dataSync()[0];
    cost.dispose();
    return v;
  };
  call();
  const after = tf.tidy(() => objective().dataSync()[0]);
  return { loss1: after, k: 1, call, dispose: () => { tf.dispose([xs, ys]); model.dispose(); optimizer.dispose(); } };
}

/** ConvNetJS: fc(h) tanh → fc(h) tanh → softmax over 2 classes (its binary classifier), Adam, batch = all rows. */
function convnetSession(data, hidden) {
  const n = data.y.length;
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: 'input', out_sx: 1, out_sy: 1, out_depth: 2 },
    { type: 'fc', num_neurons: hidden, activation: 'tanh' },
    { type: 'fc', num_neurons: hidden, activation: 'tanh' },
    { type: 'softmax', num_classes: 2 },
  ]);
  const trainer = new convnetjs.Trainer(net, { method: 'adam', learning_rate: LR, batch_size: n, l2_decay: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
  const rows = Array.from({ length: n }, (_, i) => {
    const v = new convnetjs.Vol(1, 1, 2, 0);
    v.w[0] = data.x[2 * i];
    v.w[1] = data.x[2 * i + 1];
    return v;
  });
  // one optimizer step = n calls of train() (it steps when a batch of n has been seen)
  const call = () => {
    let cost = 0;
    for (let i = 0; i < n; i++) cost += trainer.train(rows[i], data.y[i]).cost_loss;
    return cost / n;
  };
  return { k: 1, call, dispose() {} };
}

// ---------------------------------------------------------------- helpers
async function loadBenchModule(dir, expectSimd) {
  const js = path.join(ROOT, dir, 'bench/losslab_bench.js');
  if (!fs.existsSync(js)) {
    log(`  (skipped: ${js} is missing; npm run bench builds it)`);
    return undefined;
  }
  const factory = (await import(pathToFileURL(js).href)).default;
  const mod = await factory({ wasmBinary: fs.readFileSync(js.replace(/\.js$/, '.wasm')) });
  if (mod._bench_simd() !== (expectSimd ? 1 : 0)) throw new Error(`${js}: expected simd = ${expectSimd}`);
  if (!mod._bench_session_create) throw new Error(`${js} predates the session export: rebuild it (npm run bench)`);
  return mod;
}

function nativeSession(data, hidden, float32, k) {
  const exe = path.join(ROOT, 'build/bench-native/bench/losslab_bench_native');
  if (!fs.existsSync(exe)) return undefined;
  const dir = path.join(ROOT, 'build/bench-data');
  fs.mkdirSync(dir, { recursive: true });
  const n = data.y.length;
  const fx = `mlp-${n}-x.f64`, fy = `mlp-${n}-y.f64`;
  fs.writeFileSync(path.join(dir, fx), Buffer.from(Float64Array.from(data.x).buffer));
  fs.writeFileSync(path.join(dir, fy), Buffer.from(Float64Array.from(data.y).buffer));
  const out = execFileSync(exe, { input: `session ${n} ${hidden} ${float32 ? 1 : 0} ${k} 15 ${fx} ${fy}\n`, encoding: 'utf8', cwd: dir });
  const r = JSON.parse(out.trim());
  return { loss1: r.value, median_ns: r.median_ns };
}

// ---------------------------------------------------------------- 1 and 2: training steps
async function trainingCases(lab, tfPeer) {
  const { tf, useBackend } = tfPeer;
  const simd = await loadBenchModule('build/bench-wasm', true);
  const scalar = await loadBenchModule('build/bench-wasm-scalar', false);
  const cases = [
    { label: 'spirals MLP 2-16-16-1, 300 points', hidden: 16, n: 300, k: 50 },
    { label: 'MLP 2-64-64-1, 2,000 points', hidden: 64, n: 2000, k: 10 },
  ];
  for (const c of cases) {
    log(`training: ${c.label} ...`);
    const data = lab.dataset('spirals', { n: c.n, seed: 1 });
    const macs = 2 * c.hidden + c.hidden * c.hidden + c.hidden;
    c.flops = 6 * macs * c.n;
    const rows = {};
    const run = (name, h) => {
      const t = timeMedian(h.call);
      rows[name] = { median_ns: t.median_ns / h.k, loss1: h.loss1 };
      h.dispose();
    };
    const native32 = nativeSession(data, c.hidden, true, c.k);
    if (native32) rows['native float32'] = native32;
    const native64 = nativeSession(data, c.hidden, false, c.k);
    if (native64) rows['native float64'] = native64;
    const ours = labSession(lab, data, c.hidden, 'float32', c.k);
    run('lab.session float32', ours);
    run('lab.session float64', labSession(lab, data, c.hidden, 'float64', c.k));
    if (simd) run('module simd float32', moduleSession(simd, data, c.hidden, true, c.k));
    if (scalar) run('module scalar float32', moduleSession(scalar, data, c.hidden, true, c.k));
    for (const backend of ['wasm', 'cpu']) {
      await useBackend(backend, ROOT);
      run(`tfjs-layers ${backend}`, tfSession(tf, data, c.hidden, ours.theta));
    }
    run('convnetjs', convnetSession(data, c.hidden));
    // cross-check: the loss after one step from the same weights (ConvNetJS has its own model: none)
    const reference = rows['lab.session float64'].loss1;
    for (const [name, r] of Object.entries(rows)) {
      if (r.loss1 === undefined) continue;
      const diff = Math.abs(r.loss1 - reference) / reference;
      r.check = diff;
      if (!(diff <= 1e-4)) results.mismatches.push({ case: c.label, impl: name, loss1: r.loss1, reference, diff });
    }
    c.rows = rows;
    results.training.push({ label: c.label, hidden: c.hidden, n: c.n, flops: c.flops, rows });
  }

  console.log('\nTraining step (full batch, Adam; lab.session steps k per call, the figure is per step)');
  for (const c of cases) {
    console.log(`\n${c.label}: ${(c.flops / 1e6).toFixed(2)} MFLOP per step (6 × multiply-adds × rows)`);
    const ours = c.rows['lab.session float32'].median_ns;
    printTable(
      ['implementation', 'per step', 'GFLOP/s', '÷ lab.session float32', 'loss after 1 step: rel. diff'],
      Object.entries(c.rows).map(([name, r]) => [
        name,
        fmtT(r.median_ns),
        (c.flops / r.median_ns).toFixed(2),
        fmtX(r.median_ns / ours),
        r.check === undefined ? '(own model)' : r.check.toExponential(1),
      ]),
    );
  }
  const [spirals, big] = cases;
  const t = (c, name) => c.rows[name]?.median_ns;
  const ours = t(spirals, 'lab.session float32');
  target('spirals step: lab.session vs tfjs-wasm', t(spirals, 'tfjs-layers wasm') / ours, '>= 30×', t(spirals, 'tfjs-layers wasm') / ours >= 30);
  target('spirals step: lab.session vs ConvNetJS', t(spirals, 'convnetjs') / ours, '>= 20×', t(spirals, 'convnetjs') / ours >= 20);
  if (t(spirals, 'native float32')) {
    target('spirals step: lab.session / native time', ours / t(spirals, 'native float32'), '<= 1.5', ours / t(spirals, 'native float32') <= 1.5);
  }
  if (t(big, 'native float32')) {
    const share = t(big, 'native float32') / t(big, 'lab.session float32');
    target('MLP 2-64-64-1: wasm GFLOP/s share of native', share, '>= 25%', share >= 0.25);
  }
}

// ---------------------------------------------------------------- 3: lab.loss routes
const LOSS_IDS = ['bce_logits', 'focal', 'log_cosh', 'cross_entropy', 'mse', 'huber', 'quantile']; // as run.mjs
const EXP_LOG = ['bce_logits', 'focal', 'log_cosh', 'cross_entropy'];
const PARAMS = { focal: { gamma: 2, alpha: 0.25 }, huber: { delta: 1 } };

async function lossCases(lab, tfPeer) {
  const { useBackend, prepareLoss } = tfPeer;
  await useBackend('wasm', ROOT);
  const size = QUICK ? 1 << 14 : 1 << 20;
  const rows = [];
  for (const name of [...EXP_LOG, 'mse', 'huber']) {
    const n = name === 'cross_entropy' ? size - (size % 10) : size; // whole rows of K = 10
    log(`lab.loss ${name} N=${n} ...`);
    const data = makeLossData(name, n, LOSS_IDS);
    const options = { params: PARAMS[name] ?? {}, ...(data.classes ? { classes: data.classes } : {}) };
    const hx = lab.alloc(n), hy = lab.alloc(data.target.length), hg = lab.alloc(n);
    hx.view.set(data.input);
    hy.view.set(data.target);
    const plainGrad = new Float32Array(n), into = new Float32Array(n);
    const impls = {
      'plain-js': { call: () => plainLosses[name](data.input, data.target, plainGrad, data.classes), result: () => ({ value: plainLosses[name](data.input, data.target, plainGrad, data.classes), grad: plainGrad }) },
      'zero-copy': { call: () => lab.loss(name, hx, hy, { ...options, grad: hg }), result: () => lab.loss(name, hx, hy, { ...options, grad: hg }) },
      copying: { call: () => lab.loss(name, data.input, data.target, options), result: () => lab.loss(name, data.input, data.target, options) },
      // the copying route with the gradient copied into the caller's Float32Array (no allocation per call)
      'copying into': { call: () => lab.loss(name, data.input, data.target, { ...options, grad: into }), result: () => lab.loss(name, data.input, data.target, { ...options, grad: into }) },
      'tfjs-wasm': prepareLoss(name, data.input, data.target, data.classes),
    };
    const row = { name, n };
    let reference;
    for (const [impl, h] of Object.entries(impls)) {
      const r = h.result();
      if (impl === 'plain-js') reference = { value: r.value, grad: Float32Array.from(r.grad) };
      const valueDiff = Math.abs(r.value - reference.value) / Math.abs(reference.value);
      const gradDiff = maxRelDiff(r.grad, reference.grad);
      const tolerance = impl === 'tfjs-wasm' ? 1e-4 + n * 2 ** -28 : 1e-4; // tfjs's float32 running sum (bench/README.md)
      if (!(valueDiff <= tolerance && gradDiff <= 1e-4)) results.mismatches.push({ loss: name, impl, valueDiff, gradDiff });
      row[impl] = timeMedian(h.call).median_ns;
      h.dispose?.();
    }
    [hx, hy, hg].forEach((h) => h.free());
    rows.push(row);
  }
  results.losses = rows;
  console.log(`\nlab.loss through the public API at N = ${size} (cross_entropy: ${size - (size % 10)}, rows of K = 10; mean reduction, value + gradient)`);
  printTable(
    ['loss', 'zero-copy', 'copying', 'copying ÷ zero-copy', 'copying into', '÷ zero-copy', '÷ tfjs-wasm', '÷ plain-js'],
    rows.map((r) => [
      r.name,
      fmtT(r['zero-copy']),
      fmtT(r.copying),
      (r.copying / r['zero-copy']).toFixed(2),
      fmtT(r['copying into']),
      (r['copying into'] / r['zero-copy']).toFixed(2),
      fmtX(r['tfjs-wasm'] / r['zero-copy']),
      fmtX(r['plain-js'] / r['zero-copy']),
    ]),
  );
  for (const r of rows) {
    const z = r['zero-copy'];
    const expLog = EXP_LOG.includes(r.name);
    target(`lab.loss ${r.name} zero-copy vs tfjs-wasm`, r['tfjs-wasm'] / z, expLog ? '>= 10×' : '>= 5×', r['tfjs-wasm'] / z >= (expLog ? 10 : 5));
    target(`lab.loss ${r.name} zero-copy vs plain-js`, r['plain-js'] / z, expLog ? '>= 8×' : '>= 1.5×', r['plain-js'] / z >= (expLog ? 8 : 1.5));
    target(`lab.loss ${r.name} copying / zero-copy time`, r.copying / z, '<= 1.5', r.copying / z <= 1.5);
    target(`lab.loss ${r.name} copying into / zero-copy`, r['copying into'] / z, '<= 1.5', r['copying into'] / z <= 1.5);
  }
}

// ---------------------------------------------------------------- main
async function main() {
  const entry = path.join(ROOT, 'lib/engine/index.js');
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: npm run build (npm run bench builds it)`);
  const { createLossLab } = await import(pathToFileURL(entry).href);
  const lab = await createLossLab();
  if (!lab.build.simd) throw new Error('lib/engine holds a wasm core without SIMD');
  const tfPeer = await import('./peers/tf.mjs');
  results.machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, tfjs: tfPeer.tf.version.tfjs, date: new Date().toISOString(), load: os.loadavg() };
  console.log(`\nIssue 15 benchmark — ${results.machine.cpu} (${results.machine.cpus} cores, load average at start ${results.machine.load.map((l) => l.toFixed(1)).join(' ')}), Node ${results.machine.node}, tfjs ${results.machine.tfjs}`);
  console.log('Median per-call time of 15 runs after warm-up; ratios are from this run.');
  if (!process.argv.includes("--losses-only")) await trainingCases(lab, tfPeer);
  await lossCases(lab, tfPeer);

  console.log('\nTargets (issue 15), from this run');
  for (const t of results.targets) {
    const m = t.goal.endsWith('%') ? `${(t.measured * 100).toFixed(0)}%` : t.goal.startsWith('<=') ? t.measured.toFixed(2) : fmtX(t.measured);
    console.log(`  ${t.pass ? 'met   ' : 'MISSED'}  ${t.what.padEnd(46)} ${m.padStart(8)}  (target ${t.goal})`);
  }
  const missed = results.targets.filter((t) => !t.pass).length;
  console.log(`  ${results.targets.length - missed} of ${results.targets.length} targets met`);
  const outDir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, QUICK ? 'issue15-partial.json' : 'issue15.json'), JSON.stringify(results, null, 2));
  if (results.mismatches.length) {
    console.log(`\nCROSS-CHECK FAILED for ${results.mismatches.length} case(s):`);
    for (const m of results.mismatches) console.log('  ' + JSON.stringify(m));
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// npm run bench: loss + gradient and optimizer steps, measured in one run for
//   ours-simd    our C++ as wasm with SIMD128        (build/bench-wasm)
//   ours-scalar  the same C++ as wasm without SIMD   (build/bench-wasm-scalar)
//   plain-js     a well-written Float32Array loop    (peers/plain.mjs)
//   tfjs-wasm    TensorFlow.js 4.22, wasm backend, SIMD binary (peers/tf.mjs)
//   tfjs-cpu     TensorFlow.js 4.22, cpu backend
//   native       our C++ built natively, g++ -O3 (build/bench-native, times itself)
// Protocol (the same for everyone, native included): a warm-up of >= 3 calls and >= 100 ms (one
// call if a call takes longer than 100 ms), then
// RUNS runs of `inner` calls each (inner sized so a run lasts >= 5 ms); the figure is the median
// per-call time. Cases run one after the other, and within a case every implementation back to
// back. Before timing, every implementation's value and gradient (or updated params) are
// compared with the plain-JS result; a mismatch is reported and makes the exit status non-zero.
// Results: bench/results/latest.json. See bench/README.md.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { plainLosses, plainAdam, plainSgd } from './peers/plain.mjs';
import { makeLossData as makeData, maxRelDiff, mulberry32, timeMedian as timeRuns } from './protocol.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const RUNS = 15;
const SIZES = QUICK ? [1e3, 1e4] : [1e3, 1e4, 1e5, 1e6];
const LOSSES = ['bce_logits', 'focal', 'log_cosh', 'cross_entropy', 'mse', 'huber', 'quantile']; // ids as in bench_calls.hpp
// --only bce_logits,adam measures just those cases (while working on a kernel; not for reported figures)
const onlyArg = args.find((a) => a.startsWith('--only='))?.slice(7) ?? (args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined);
const ONLY = onlyArg ? new Set(onlyArg.split(',')) : undefined;
const wanted = (name) => !ONLY || ONLY.has(name);
const CLASSES = 10;
const EXP_LOG = new Set(['bce_logits', 'focal', 'log_cosh', 'cross_entropy']);
const STEPS = ['adam', 'sgd'];
const IMPLS = ['ours-simd', 'ours-scalar', 'plain-js', 'tfjs-wasm', 'tfjs-cpu', 'native'];
const TOLERANCE = 1e-4; // relative, on the value and on the gradient (max-norm)
// TensorFlow.js reduces the mean in a float32 running sum, whose rounding grows with N (measured
// ~1e-3 relative at N = 10^6, while its gradients agree to 1e-6): its value gets N·2^-28 more.
const valueTolerance = (impl, n) => (impl.startsWith('tfjs') ? TOLERANCE + n * 2 ** -28 : TOLERANCE);

const makeLossData = (name, n) => makeData(name, n, LOSSES, CLASSES);
const timeMedian = (call) => timeRuns(call, RUNS);

function makeStepData(n) {
  const rand = mulberry32(99 + n);
  const params = new Float32Array(n), grads = new Float32Array(n);
  for (let i = 0; i < n; i++) params[i] = (rand() - 0.5) * 2;
  for (let i = 0; i < n; i++) grads[i] = (rand() - 0.5) * 0.2;
  return { params, grads };
}

/** Σ v_i (1 + i mod 7): the same checksum as bench_native.cpp; `scale` is Σ |v_i| (1 + i mod 7). */
function checksum(v) {
  let s = 0, scale = 0;
  for (let i = 0; i < v.length; i++) {
    const w = 1 + (i % 7);
    s += v[i] * w;
    scale += Math.abs(v[i]) * w;
  }
  return { s, scale };
}

// ---------------------------------------------------------------- our wasm builds
async function loadOurs(dir, expectSimd) {
  const js = path.join(ROOT, dir, 'bench/losslab_bench.js');
  const wasm = path.join(ROOT, dir, 'bench/losslab_bench.wasm');
  if (!fs.existsSync(js)) throw new Error(`${js} is missing: run npm run bench (it builds it) or scripts/bench.sh`);
  const factory = (await import(pathToFileURL(js).href)).default;
  const mod = await factory({ wasmBinary: fs.readFileSync(wasm) });
  if (mod._bench_simd() !== (expectSimd ? 1 : 0)) throw new Error(`${js}: expected simd = ${expectSimd}`);
  return mod;
}

function heapFloats(mod, values) {
  const ptr = mod._malloc(Math.max(4, values.length * 4));
  new Float32Array(mod.HEAPF32.buffer, ptr, values.length).set(values);
  return ptr;
}

function oursLoss(mod, id, data) {
  const n = data.input.length;
  const input = heapFloats(mod, data.input), target = heapFloats(mod, data.target);
  const grad = mod._malloc(n * 4);
  const call = () => mod._bench_loss(id, input, target, n, data.classes, grad);
  const result = () => {
    const value = call();
    return { value, grad: Float32Array.from(new Float32Array(mod.HEAPF32.buffer, grad, n)) };
  };
  return { call, result, dispose: () => [input, target, grad].forEach((p) => mod._free(p)) };
}

function oursStep(mod, kind, data) {
  const n = data.params.length;
  const p = heapFloats(mod, data.params), g = heapFloats(mod, data.grads);
  const a = heapFloats(mod, new Float32Array(n)), b = heapFloats(mod, new Float32Array(n));
  let t = 0;
  const call = () => {
    t++;
    if (kind === 'adam') mod._bench_adam(t, p, g, a, b, n, 1e-3);
    else mod._bench_sgd(t === 1 ? 1 : 0, p, g, a, n, 1e-2, 0.9);
  };
  const read = () => Float32Array.from(new Float32Array(mod.HEAPF32.buffer, p, n));
  return { call, read, dispose: () => [p, g, a, b].forEach((q) => mod._free(q)) };
}

// ---------------------------------------------------------------- plain JS
function plainLoss(name, data) {
  const grad = new Float32Array(data.input.length);
  const fn = plainLosses[name];
  const call = () => fn(data.input, data.target, grad, data.classes);
  return { call, result: () => ({ value: call(), grad: Float32Array.from(grad) }), dispose() {} };
}

function plainStep(kind, data) {
  const n = data.params.length;
  const p = Float32Array.from(data.params), a = new Float32Array(n), b = new Float32Array(n);
  let t = 0;
  const call = () => {
    t++;
    if (kind === 'adam') plainAdam(t, p, data.grads, a, b, 1e-3);
    else plainSgd(t === 1, p, data.grads, a, 1e-2, 0.9);
  };
  return { call, read: () => Float32Array.from(p), dispose() {} };
}

// ---------------------------------------------------------------- native
function runNative(jobs, dataDir) {
  const exe = path.join(ROOT, 'build/bench-native/bench/losslab_bench_native');
  if (!fs.existsSync(exe)) throw new Error(`${exe} is missing: run npm run bench`);
  const plan = jobs.map((j) => j.line).join('\n') + '\n';
  const out = execFileSync(exe, { input: plan, encoding: 'utf8', maxBuffer: 1 << 24, cwd: dataDir });
  return out.trim().split('\n').map((l) => JSON.parse(l));
}

// ---------------------------------------------------------------- main
const results = { machine: {}, losses: [], steps: [], mismatches: [], targets: [] };
const log = (...a) => process.stderr.write(a.join(' ') + '\n');

async function main() {
  const started = Date.now();
  const { tf, useBackend, prepareLoss, prepareStep } = await import('./peers/tf.mjs');
  const simd = await loadOurs('build/bench-wasm', true);
  const scalar = await loadOurs('build/bench-wasm-scalar', false);
  results.machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    node: process.version,
    tfjs: tf.version.tfjs,
    date: new Date().toISOString(),
    runs: RUNS,
    load: os.loadavg(),
  };

  // Data files for the native executable (it reads them; same bits as the JS side).
  const dataDir = path.join(ROOT, 'build/bench-data');
  fs.mkdirSync(dataDir, { recursive: true });
  const write = (name, arr) => {
    fs.writeFileSync(path.join(dataDir, name), Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength));
    return name;
  };

  const lossCases = [];
  for (const name of LOSSES.filter(wanted)) for (const n of SIZES) lossCases.push({ name, n, data: makeLossData(name, n) });
  const stepCases = [];
  for (const kind of STEPS.filter(wanted)) for (const n of SIZES) stepCases.push({ kind, n, data: makeStepData(n) });

  // --- native first (a separate process: nothing else runs meanwhile)
  const jobs = [];
  for (const c of lossCases) {
    const id = LOSSES.indexOf(c.name);
    const fi = write(`${c.name}-${c.n}-input.f32`, c.data.input), ft = write(`${c.name}-${c.n}-target.f32`, c.data.target);
    jobs.push({ line: `loss ${id} ${c.n} ${c.data.classes} ${RUNS} ${fi} ${ft}` });
  }
  for (const c of stepCases) {
    const fp = write(`step-${c.n}-params.f32`, c.data.params), fg = write(`step-${c.n}-grads.f32`, c.data.grads);
    jobs.push({ line: `${c.kind} ${c.n} ${RUNS} ${fp} ${fg}` });
  }
  // (the native executable runs each case in its own short process, at that case's turn below)
  let k = 0;
  for (const c of lossCases) c.nativeJob = jobs[k++];
  for (const c of stepCases) c.nativeJob = jobs[k++];

  // --- everything that runs in this process
  const wasmInfo = await useBackend('wasm', ROOT);
  results.machine.tfjsWasmSimd = wasmInfo.simd;
  const phases = [
    ['ours-simd', (c) => oursLoss(simd, LOSSES.indexOf(c.name), c.data), (c) => oursStep(simd, c.kind, c.data)],
    ['ours-scalar', (c) => oursLoss(scalar, LOSSES.indexOf(c.name), c.data), (c) => oursStep(scalar, c.kind, c.data)],
    ['plain-js', (c) => plainLoss(c.name, c.data), (c) => plainStep(c.kind, c.data)],
    ['tfjs-wasm', (c) => prepareLoss(c.name, c.data.input, c.data.target, c.data.classes), (c) => prepareStep(c.kind, c.data.params, c.data.grads)],
    ['tfjs-cpu', (c) => prepareLoss(c.name, c.data.input, c.data.target, c.data.classes), (c) => prepareStep(c.kind, c.data.params, c.data.grads)],
  ];
  // Case by case, every implementation back to back (plain JS first: it is the reference), so a
  // change in machine load during the run affects all implementations of a case alike.
  const order = ['plain-js', 'ours-simd', 'ours-scalar', 'tfjs-wasm', 'tfjs-cpu'];
  const byName = Object.fromEntries(phases.map(([impl, makeLoss, makeStep]) => [impl, { makeLoss, makeStep }]));
  let backend = 'wasm';
  const backendFor = async (impl) => {
    const wanted = impl === 'tfjs-cpu' ? 'cpu' : 'wasm';
    if (impl.startsWith('tfjs') && wanted !== backend) {
      await useBackend(wanted, ROOT);
      backend = wanted;
    }
  };
  for (const c of lossCases) {
    log(`loss ${c.name} N=${c.n} ...`);
    [c.native] = runNative([c.nativeJob], dataDir);
    for (const impl of order) {
      await backendFor(impl);
      const h = byName[impl].makeLoss(c);
      const r = h.result();
      if (impl === 'plain-js') c.reference = r;
      c[impl] = { ...timeMedian(h.call) };
      c[impl].result = r;
      h.dispose();
    }
  }
  for (const c of stepCases) {
    log(`step ${c.kind} N=${c.n} ...`);
    [c.native] = runNative([c.nativeJob], dataDir);
    for (const impl of order) {
      await backendFor(impl);
      // one step from fresh state for the cross-check, then a fresh copy for timing
      const first = byName[impl].makeStep(c);
      first.call();
      const after = first.read();
      first.dispose();
      if (impl === 'plain-js') c.reference = after;
      const h = byName[impl].makeStep(c);
      c[impl] = { ...timeMedian(h.call), after };
      h.dispose();
    }
  }

  // --- cross-checks against plain JS (computed in double, stored as float)
  for (const c of lossCases) {
    for (const impl of IMPLS) {
      const ref = c.reference;
      let valueDiff, gradDiff;
      if (impl === 'native') {
        valueDiff = Math.abs(c.native.value - ref.value) / Math.abs(ref.value);
        const { s, scale } = checksum(ref.grad);
        gradDiff = Math.abs(c.native.check - s) / scale;
      } else {
        const r = c[impl].result;
        valueDiff = Math.abs(r.value - ref.value) / Math.abs(ref.value);
        gradDiff = maxRelDiff(r.grad, ref.grad);
      }
      const ok = valueDiff <= valueTolerance(impl, c.n) && gradDiff <= TOLERANCE;
      if (!ok) results.mismatches.push({ loss: c.name, n: c.n, impl, valueDiff, gradDiff });
      if (impl !== 'native') delete c[impl].result;
      (c.checks ??= {})[impl] = { valueDiff, gradDiff, ok };
    }
  }
  for (const c of stepCases) {
    for (const impl of IMPLS) {
      let diff;
      const ref = c.reference;
      if (impl === 'native') {
        const { s, scale } = checksum(ref);
        diff = Math.abs(c.native.check - s) / scale;
      } else {
        diff = maxRelDiff(c[impl].after, ref);
        delete c[impl].after;
      }
      const ok = diff <= TOLERANCE;
      if (!ok) results.mismatches.push({ step: c.kind, n: c.n, impl, diff });
      (c.checks ??= {})[impl] = { diff, ok };
    }
  }

  report(lossCases, stepCases);
  results.seconds = (Date.now() - started) / 1000;
  const outDir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  const strip = (c) => {
    const { data, reference, nativeJob, ...rest } = c;
    return rest;
  };
  results.losses = lossCases.map(strip);
  results.steps = stepCases.map(strip);
  const file = ONLY || QUICK ? 'partial.json' : 'latest.json'; // a partial run never replaces the full figures
  fs.writeFileSync(path.join(outDir, file), JSON.stringify(results, null, 2));
  console.log(`\nwrote bench/results/${file} (${results.seconds.toFixed(0)} s)`);
  if (results.mismatches.length) {
    console.log(`\nCROSS-CHECK FAILED for ${results.mismatches.length} case(s):`);
    for (const m of results.mismatches) console.log('  ' + JSON.stringify(m));
    process.exitCode = 1;
  }
}

// ---------------------------------------------------------------- report
const fmtX = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) + '×';
const fmtN = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : `${n}`);
const time = (c, impl) => (impl === 'native' ? c.native.median_ns : c[impl].median_ns);

function table(title, rows, unitLabel) {
  console.log(`\n${title}`);
  const head = ['case', 'N', 'ours-simd', unitLabel, '÷scalar', '÷plain-js', '÷tfjs-wasm', '÷tfjs-cpu', 'simd/native', 'checked'];
  const lines = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...lines.map((l) => String(l[i]).length)));
  const pad = (l) => l.map((v, i) => (i < 2 ? String(v).padEnd(widths[i]) : String(v).padStart(widths[i]))).join('  ');
  console.log(pad(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(pad(r));
}

function rowFor(label, c) {
  const ours = time(c, 'ours-simd');
  const us = ours / 1000;
  const rate = c.n / (ours / 1e9) / 1e6;
  const allOk = Object.values(c.checks).every((x) => x.ok);
  return [
    label,
    fmtN(c.n),
    us >= 100 ? `${us.toFixed(0)} µs` : `${us.toFixed(1)} µs`,
    rate.toFixed(0),
    fmtX(time(c, 'ours-scalar') / ours),
    fmtX(time(c, 'plain-js') / ours),
    fmtX(time(c, 'tfjs-wasm') / ours),
    fmtX(time(c, 'tfjs-cpu') / ours),
    (ours / time(c, 'native')).toFixed(2),
    allOk ? 'ok' : 'MISMATCH',
  ];
}

function report(lossCases, stepCases) {
  console.log(`\nLoss Lab benchmark — ${results.machine.cpu} (${results.machine.cpus} cores, load average at start ${results.machine.load.map((l) => l.toFixed(1)).join(' ')}), Node ${results.machine.node}, tfjs ${results.machine.tfjs} (wasm SIMD: ${results.machine.tfjsWasmSimd})`);
  console.log(`Median per-call time of ${RUNS} runs after warm-up. "÷peer" = peer time / ours-simd time (higher is better for us);`);
  console.log('"simd/native" = ours-simd time / native time (lower is better). N counts elements (cross_entropy: N/10 rows of K = 10).');
  table('Loss + gradient (mean reduction), our wasm SIMD build against each peer', lossCases.map((c) => rowFor(c.name, c)), 'M elem/s');
  table('Optimizer step (one fused pass; sgd = momentum 0.9)', stepCases.map((c) => rowFor(c.kind, c)), 'M param/s');

  // targets from the issue
  const at = (list, key, n) => list.find((c) => (c.name ?? c.kind) === key && c.n === n);
  const target = (what, measured, goal, pass) => results.targets.push({ what, measured, goal, pass });
  const big = SIZES[SIZES.length - 1], small = SIZES[0];
  for (const name of LOSSES.filter(wanted)) {
    const c = at(lossCases, name, big);
    const ours = time(c, 'ours-simd');
    if (EXP_LOG.has(name)) {
      target(`${name} N=${fmtN(big)} vs tfjs-wasm`, time(c, 'tfjs-wasm') / ours, '>= 10×', time(c, 'tfjs-wasm') / ours >= 10);
      target(`${name} N=${fmtN(big)} vs plain-js`, time(c, 'plain-js') / ours, '>= 8×', time(c, 'plain-js') / ours >= 8);
      target(`${name} N=${fmtN(big)} vs ours-scalar`, time(c, 'ours-scalar') / ours, '>= 3×', time(c, 'ours-scalar') / ours >= 3);
      target(`${name} N=${fmtN(big)} simd/native time`, ours / time(c, 'native'), '<= 1.5', ours / time(c, 'native') <= 1.5);
    } else {
      target(`${name} N=${fmtN(big)} vs tfjs-wasm`, time(c, 'tfjs-wasm') / ours, '>= 5×', time(c, 'tfjs-wasm') / ours >= 5);
      target(`${name} N=${fmtN(big)} vs plain-js`, time(c, 'plain-js') / ours, '>= 1.5×', time(c, 'plain-js') / ours >= 1.5);
    }
    const s = at(lossCases, name, small);
    target(`${name} N=${fmtN(small)} vs tfjs-wasm`, time(s, 'tfjs-wasm') / time(s, 'ours-simd'), '>= 20×',
      time(s, 'tfjs-wasm') / time(s, 'ours-simd') >= 20);
  }
  const adam = at(stepCases, 'adam', big);
  if (adam) target(`adam N=${fmtN(big)} vs tfjs-wasm`, time(adam, 'tfjs-wasm') / time(adam, 'ours-simd'), '>= 10×',
    time(adam, 'tfjs-wasm') / time(adam, 'ours-simd') >= 10);

  console.log('\nTargets (issue 6), from this run');
  for (const t of results.targets) {
    const m = t.goal.startsWith('<=') ? t.measured.toFixed(2) : fmtX(t.measured);
    console.log(`  ${t.pass ? 'met   ' : 'MISSED'}  ${t.what.padEnd(36)} ${m.padStart(8)}  (target ${t.goal})`);
  }
  const missed = results.targets.filter((t) => !t.pass).length;
  console.log(`  ${results.targets.length - missed} of ${results.targets.length} targets met`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// The measuring protocol and the deterministic data shared by bench/run.mjs and bench/issue15.mjs
// (see bench/README.md, "Protocol"): a warm-up, then `runs` runs of `inner` calls each (a run lasts
// >= 5 ms); the figure is the median per-call time.
// ---------------------------------------------------------------- data (deterministic)
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeLossData(name, n, lossIds, rowClasses = 10) {
  const rand = mulberry32(1234 + n + lossIds.indexOf(name));
  const input = new Float32Array(n);
  const classes = name === 'cross_entropy' ? rowClasses : 0;
  const target = new Float32Array(classes ? n / classes : n);
  if (name === 'cross_entropy') {
    for (let i = 0; i < n; i++) input[i] = (rand() - 0.5) * 8;
    for (let i = 0; i < target.length; i++) target[i] = Math.floor(rand() * classes);
  } else if (name === 'bce_logits' || name === 'focal') {
    for (let i = 0; i < n; i++) input[i] = (rand() - 0.5) * 12;
    for (let i = 0; i < n; i++) target[i] = rand() < 0.5 ? 0 : 1;
  } else {
    for (let i = 0; i < n; i++) input[i] = (rand() - 0.5) * 6;
    for (let i = 0; i < n; i++) target[i] = (rand() - 0.5) * 6;
  }
  return { input, target, classes };
}

// ---------------------------------------------------------------- timing
/** max |a − b| over max |b| (absolute when b is all zeros). */
export function maxRelDiff(a, b) {
  let worst = 0, norm = 0;
  for (let i = 0; i < b.length; i++) norm = Math.max(norm, Math.abs(b[i]));
  for (let i = 0; i < b.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return norm > 0 ? worst / norm : worst;
}

export function timeMedian(call, runs = 15) {
  // Warm-up: >= 3 calls and >= 100 ms, except that one call suffices when a call alone takes
  // longer than 100 ms (nothing left to warm up; it keeps tfjs-cpu at N = 10^6 affordable).
  const warmStart = performance.now();
  call();
  let warm = 1;
  if (performance.now() - warmStart < 100) {
    while (warm < 3 || performance.now() - warmStart < 100) {
      call();
      warm++;
    }
  }
  const t0 = performance.now();
  call();
  const one = performance.now() - t0;
  const inner = Math.max(1, Math.ceil(5 / Math.max(one, 1e-4)));
  const perCall = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    for (let k = 0; k < inner; k++) call();
    perCall.push(((performance.now() - start) / inner) * 1e6); // ns
  }
  perCall.sort((a, b) => a - b);
  return { median_ns: perCall[Math.floor(perCall.length / 2)], runs, inner };
}


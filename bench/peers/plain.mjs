// The "plain JS" peer: each loss + gradient and each optimizer step as one well-written loop over
// Float32Arrays (no allocation, the sum in a double, Math.exp/log1p), the way a careful
// JavaScript author would write it. Conventions match the C++ losses (mean reduction).

const LN2 = Math.LN2;

export const plainLosses = {
  bce_logits(x, y, g) {
    const n = x.length, inv = 1 / n;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i], yi = y[i];
      const e = Math.exp(-Math.abs(xi));
      sum += (xi > 0 ? xi : 0) - xi * yi + Math.log1p(e);
      const sig = xi >= 0 ? 1 / (1 + e) : e / (1 + e);
      g[i] = (sig - yi) * inv;
    }
    return sum * inv;
  },
  // torchvision sigmoid_focal_loss, gamma = 2, alpha = 0.25, labels 0/1
  focal(x, y, g) {
    const n = x.length, inv = 1 / n, gamma = 2, alpha = 0.25;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const pos = y[i] === 1;
      const s = pos ? 1 : -1, z = s * x[i];
      const e = Math.exp(-Math.abs(z));
      const tail = Math.log1p(e);
      const spNeg = (z < 0 ? -z : 0) + tail; // -log p_t
      const sigZ = z >= 0 ? 1 / (1 + e) : e / (1 + e); // p_t
      const sigNeg = z >= 0 ? e / (1 + e) : 1 / (1 + e); // 1 - p_t
      const at = pos ? alpha : 1 - alpha;
      const mod = sigNeg * sigNeg;
      sum += at * mod * spNeg;
      g[i] = -s * at * mod * (sigNeg + gamma * sigZ * spNeg) * inv;
    }
    return sum * inv;
  },
  log_cosh(x, y, g) {
    const n = x.length, inv = 1 / n;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const r = x[i] - y[i], a = Math.abs(r);
      sum += a + Math.log1p(Math.exp(-2 * a)) - LN2;
      g[i] = Math.tanh(r) * inv;
    }
    return sum * inv;
  },
  cross_entropy(x, y, g, classes) {
    const rows = x.length / classes, inv = 1 / rows;
    let sum = 0;
    for (let r = 0, o = 0; r < rows; r++, o += classes) {
      let m = x[o];
      for (let k = 1; k < classes; k++) if (x[o + k] > m) m = x[o + k];
      let total = 0;
      for (let k = 0; k < classes; k++) {
        const e = Math.exp(x[o + k] - m);
        g[o + k] = e;
        total += e;
      }
      const c = y[r];
      sum += m - x[o + c] + Math.log(total);
      const scale = inv / total;
      for (let k = 0; k < classes; k++) g[o + k] *= scale;
      g[o + c] -= inv;
    }
    return sum * inv;
  },
  mse(x, y, g) {
    const n = x.length, two = 2 / n;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const r = x[i] - y[i];
      sum += r * r;
      g[i] = two * r;
    }
    return sum / n;
  },
  huber(x, y, g) {
    const n = x.length, inv = 1 / n, d = 1;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const r = x[i] - y[i], a = Math.abs(r);
      sum += a <= d ? 0.5 * r * r : d * (a - 0.5 * d);
      g[i] = (r > d ? d : r < -d ? -d : r) * inv;
    }
    return sum * inv;
  },
  quantile(x, y, g) {
    const n = x.length, inv = 1 / n, tau = 0.9;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const r = x[i] - y[i];
      sum += r > 0 ? (1 - tau) * r : -tau * r;
      g[i] = (r > 0 ? 1 - tau : r < 0 ? -tau : 0) * inv;
    }
    return sum * inv;
  },
};

/** torch.optim.Adam step t (1-based) in place. */
export function plainAdam(t, p, g, m, v, lr, beta1 = 0.9, beta2 = 0.999, eps = 1e-8) {
  const stepSize = lr / (1 - beta1 ** t);
  const invSqrtBias2 = 1 / Math.sqrt(1 - beta2 ** t);
  const a1 = 1 - beta1, a2 = 1 - beta2;
  for (let i = 0, n = p.length; i < n; i++) {
    const gi = g[i];
    const mi = beta1 * m[i] + a1 * gi;
    const vi = beta2 * v[i] + a2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] -= (stepSize * mi) / (Math.sqrt(vi) * invSqrtBias2 + eps);
  }
}

/** torch.optim.SGD(momentum) step in place; the buffer starts as the first gradient. */
export function plainSgd(first, p, g, buf, lr, momentum) {
  for (let i = 0, n = p.length; i < n; i++) {
    const b = first ? g[i] : momentum * buf[i] + g[i];
    buf[i] = b;
    p[i] -= lr * b;
  }
}

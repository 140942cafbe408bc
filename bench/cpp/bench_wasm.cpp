// The benchmark's wasm entry points: plain C functions over heap offsets (no Embind, so the
// timing is the C++ itself plus one JS-to-wasm call, as a training loop would pay).
#include <emscripten/emscripten.h>

#include "bench_calls.hpp"

extern "C" {

EMSCRIPTEN_KEEPALIVE double bench_loss(int id, const float* input, const float* target, std::uint32_t n,
                                       std::uint32_t classes, float* grad) {
    return losslab::bench::loss(id, input, target, n, classes, grad);
}

EMSCRIPTEN_KEEPALIVE void bench_adam(std::uint32_t t, float* params, const float* grads, float* m, float* v,
                                     std::uint32_t n, double lr) {
    losslab::bench::adam(t, params, grads, m, v, n, lr);
}

EMSCRIPTEN_KEEPALIVE void bench_sgd(int first, float* params, const float* grads, float* buffer, std::uint32_t n,
                                    double lr, double momentum) {
    losslab::bench::sgd(first != 0, params, grads, buffer, n, lr, momentum);
}

/// One training session at a time (bench/issue15.mjs): x is n × 2 doubles, y n labels, in the heap.
static losslab::train::session bench_session_slot;

EMSCRIPTEN_KEEPALIVE int bench_session_create(const double* x, const double* y, std::uint32_t n, std::uint32_t hidden,
                                              int float32) {
    return losslab::bench::make_session(x, y, n, hidden, float32 != 0, bench_session_slot).ok() ? 1 : 0;
}

/// k steps of the session; the training loss after the last.
EMSCRIPTEN_KEEPALIVE double bench_session_step(int k) { return losslab::bench::session_steps(bench_session_slot, k); }

/// 1 for the SIMD128 build, 0 for the scalar one (the benchmark checks it loaded the right file).
EMSCRIPTEN_KEEPALIVE int bench_simd() {
#ifdef __wasm_simd128__
    return 1;
#else
    return 0;
#endif
}
}

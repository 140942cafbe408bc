// The native side of `npm run bench`: the same C++ as the wasm module (bench_calls.hpp), timed
// here with the same protocol as bench/run.mjs (warm-up, then runs of `inner` calls each, the
// median per call). Reads a plan from stdin, one job per line:
//   loss <id> <n> <classes> <runs> <input.f32> <target.f32>
//   adam <n> <runs> <params.f32> <grads.f32>
//   sgd  <n> <runs> <params.f32> <grads.f32>
//   session <n> <hidden> <float32 0|1> <k> <runs> <x.f64> <y.f64>   (median_ns per optimizer step)
// and prints one JSON object per job: {"kind","id","n","value","check","median_ns","runs","inner"}.
// `check` is a checksum of the gradient (losses) or of the parameters after one step from fresh
// state (optimizers), compared by run.mjs against every other implementation.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "bench_calls.hpp"

namespace {

template <class T = float>
std::vector<T> read_floats(const std::string& path, std::size_t n) {
    std::vector<T> v(n);
    std::ifstream in(path, std::ios::binary);
    in.read(reinterpret_cast<char*>(v.data()), std::streamsize(n * sizeof(T)));
    if (!in) {
        std::fprintf(stderr, "bench_native: cannot read %zu floats from %s\n", n, path.c_str());
        std::exit(2);
    }
    return v;
}

double checksum(const std::vector<float>& v) {
    double s = 0;
    for (std::size_t i = 0; i < v.size(); ++i) s += double(v[i]) * double(1 + (i % 7));
    return s;
}

using clock_type = std::chrono::steady_clock;

/// Warm-up, then `runs` timed runs of `inner` calls each (inner chosen so a run lasts >= 5 ms);
/// returns the median nanoseconds per call.
template <class Fn>
double time_median(Fn&& call, int runs, int& inner_out) {
    // warm-up: >= 3 calls and >= 100 ms, or one call if it alone takes longer (as bench/run.mjs)
    const auto warm_start = clock_type::now();
    auto warm_ms = [&] { return std::chrono::duration<double, std::milli>(clock_type::now() - warm_start).count(); };
    call();
    if (warm_ms() < 100) {
        for (int warm = 1; warm < 3 || warm_ms() < 100; ++warm) call();
    }
    const auto t0 = clock_type::now();
    call();
    const double one = std::chrono::duration<double, std::nano>(clock_type::now() - t0).count();
    const int inner = std::max(1, int(5e6 / std::max(one, 1.0)));
    std::vector<double> per_call;
    for (int r = 0; r < runs; ++r) {
        const auto start = clock_type::now();
        for (int k = 0; k < inner; ++k) call();
        per_call.push_back(std::chrono::duration<double, std::nano>(clock_type::now() - start).count() / inner);
    }
    std::sort(per_call.begin(), per_call.end());
    inner_out = inner;
    return per_call[per_call.size() / 2];
}

}  // namespace

int main() {
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream in(line);
        std::string kind;
        in >> kind;
        if (kind.empty()) continue;
        int inner = 0;
        if (kind == "loss") {
            int id = 0, runs = 0;
            std::size_t n = 0, classes = 0;
            std::string input_path, target_path;
            in >> id >> n >> classes >> runs >> input_path >> target_path;
            const auto input = read_floats(input_path, n);
            const auto target = read_floats(target_path, classes ? n / classes : n);
            std::vector<float> grad(n);
            volatile double sink = 0;
            const double value = losslab::bench::loss(id, input.data(), target.data(), std::uint32_t(n),
                                                      std::uint32_t(classes), grad.data());
            const double check = checksum(grad);
            const double median = time_median(
                [&] { sink = losslab::bench::loss(id, input.data(), target.data(), std::uint32_t(n),
                                                  std::uint32_t(classes), grad.data()); },
                runs, inner);
            std::printf("{\"kind\":\"loss\",\"id\":%d,\"n\":%zu,\"value\":%.17g,\"check\":%.17g,\"median_ns\":%.1f,"
                        "\"runs\":%d,\"inner\":%d}\n",
                        id, n, value, check, median, runs, inner);
        } else if (kind == "adam" || kind == "sgd") {
            std::size_t n = 0;
            int runs = 0;
            std::string params_path, grads_path;
            in >> n >> runs >> params_path >> grads_path;
            const auto initial = read_floats(params_path, n);
            const auto grads = read_floats(grads_path, n);
            std::vector<float> params = initial, a(n, 0.0f), b(n, 0.0f);
            if (kind == "adam") {
                losslab::bench::adam(1, params.data(), grads.data(), a.data(), b.data(), std::uint32_t(n), 1e-3);
            } else {
                losslab::bench::sgd(true, params.data(), grads.data(), a.data(), std::uint32_t(n), 1e-2, 0.9);
            }
            const double check = checksum(params);
            std::uint32_t t = 1;
            const double median = time_median(
                [&] {
                    ++t;
                    if (kind == "adam") {
                        losslab::bench::adam(t, params.data(), grads.data(), a.data(), b.data(), std::uint32_t(n), 1e-3);
                    } else {
                        losslab::bench::sgd(false, params.data(), grads.data(), a.data(), std::uint32_t(n), 1e-2, 0.9);
                    }
                },
                runs, inner);
            std::printf("{\"kind\":\"%s\",\"n\":%zu,\"check\":%.17g,\"median_ns\":%.1f,\"runs\":%d,\"inner\":%d}\n",
                        kind.c_str(), n, check, median, runs, inner);
        } else if (kind == "session") {
            std::size_t n = 0;
            int hidden = 0, float32 = 0, runs = 0;
            long k = 0;
            std::string x_path, y_path;
            in >> n >> hidden >> float32 >> k >> runs >> x_path >> y_path;
            const auto x = read_floats<double>(x_path, 2 * n);
            const auto y = read_floats<double>(y_path, n);
            losslab::train::session s;
            const losslab::status created =
                losslab::bench::make_session(x.data(), y.data(), std::uint32_t(n), std::uint32_t(hidden), float32 != 0, s);
            if (!created.ok()) {
                std::fprintf(stderr, "bench_native: session: %s\n", created.error.c_str());
                return 2;
            }
            const double first = losslab::bench::session_steps(s, 1);  // the loss after one step, for the cross-check
            volatile double sink = 0;
            const double median = time_median([&] { sink = losslab::bench::session_steps(s, k); }, runs, inner) / double(k);
            std::printf("{\"kind\":\"session\",\"n\":%zu,\"hidden\":%d,\"float32\":%d,\"value\":%.17g,\"median_ns\":%.1f,"
                        "\"runs\":%d,\"inner\":%d}\n",
                        n, hidden, float32, first, median, runs, inner);
        }
        std::fflush(stdout);
    }
    return 0;
}

#pragma once
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "losslab/format.hpp"
#include "losslab/limits.hpp"

#include "losslab/losses/evaluate.hpp"
#include "losslab/losses/loss_info.hpp"

namespace losslab::losses {

/// InfoNCE over a batch of N anchor/positive pairs (the one-directional term of CLIP, i.e. torch's
/// F.cross_entropy(Â B̂ᵀ/τ, arange(N)); SimCLR's NT-Xent adds the other anchors as negatives):
/// the input holds the anchors a_i (N×D, row-major), the target the positives b_i (N×D). With
/// cosine similarities s_ij = â_i · b̂_j (â = a/|a|) and temperature τ,
///   l_i = −log( e^{s_ii/τ} / Σ_j e^{s_ij/τ} ) = logsumexp_j(s_ij/τ) − s_ii/τ
/// so the other samples' positives are anchor i's negatives. The gradient is taken with respect to
/// the anchors only (the positives are the target):
///   dl_i/da_i = 1/(τ |a_i|) · Σ_j (P_ij − [i = j]) (b̂_j − s_ij â_i),   P_i = softmax_j(s_ij/τ)
/// (the component along â_i is removed because cosine similarity ignores length). Every anchor and
/// positive must have non-zero length; the log-sum-exp is evaluated as in cross_entropy.
/// N = 1 gives 0: with no negatives there is nothing to contrast.
struct info_nce {
    static constexpr layout shape = layout::pairs;
    double temperature = 0.1;

    static loss_info info() {
        return {"info_nce", task::contrastive, shape, domain::real, domain::real,
                {{"temperature", 0.1, 0.0, 10.0, false, true,
                  "Softmax temperature tau > 0: small values make the task sharper (typical 0.05 to 0.5)."}},
                R"(-\log\frac{e^{s_{ii}/\tau}}{\sum_{j=1}^{N}e^{s_{ij}/\tau}},\quad s_{ij}=\frac{a_i\cdot b_j}{\lVert a_i\rVert\,\lVert b_j\rVert})",
                R"(\frac{1}{\tau\lVert a_i\rVert}\sum_j\left(P_{ij}-[i=j]\right)\left(\hat b_j-s_{ij}\,\hat a_i\right))",
                "Pick your own positive out of the batch: pulls pairs together, pushes others apart.",
                "InfoNCE (van den Oord et al. 2018) with cosine similarity, in-batch negatives, gradient "
                "w.r.t. the anchors",
                false, scale::linear_predictor};
    }
    static info_nce from_params(const double* params) { return {params[0]}; }
    const char* check() const { return temperature > 0 ? nullptr : "info_nce: temperature must be > 0"; }

    /// Euclidean length, scaled by the largest entry so that squaring cannot overflow a float.
    template <class T>
    static T length(const T* v, std::size_t n) {
        T largest = 0;
        for (std::size_t k = 0; k < n; ++k) largest = std::fmax(largest, std::fabs(v[k]));
        if (largest == 0) return 0;
        T sum = 0;
        for (std::size_t k = 0; k < n; ++k) sum += (v[k] / largest) * (v[k] / largest);
        return largest * std::sqrt(sum);
    }

    template <class T>
    status validate(const batch<T>& b) const {
        // Every anchor meets every positive: N² (D + 4) work, held to the limit of one call
        // (limits.hpp) before anything is computed.
        const double anchors = b.classes ? double(b.input_size / b.classes) : 0;
        const double work = anchors * anchors * (double(b.classes) + 4);
        if (work > limits::work_per_call) {
            return status::failure("info_nce: input: " + format_number(anchors) + " anchors make N² × (D + 4) = " +
                                   format_number(work) + " work units; the limit per call is " +
                                   format_number(limits::work_per_call));
        }
        const std::size_t dim = b.classes, n = b.input_size / dim;
        for (std::size_t i = 0; i < n; ++i) {
            if (length(b.input + i * dim, dim) == 0) {
                return status::failure("info_nce: anchor " + std::to_string(i) +
                                       " has length 0; cosine similarity needs non-zero embeddings");
            }
            if (length(b.target + i * dim, dim) == 0) {
                return status::failure("info_nce: positive " + std::to_string(i) +
                                       " has length 0; cosine similarity needs non-zero embeddings");
            }
        }
        return status::success();
    }

    /// Double only: the registry runs a float batch through evaluate_in_double (rounding once).
    void evaluate(const batch<double>& b, output<double>& out) const {
        using T = double;
        const std::size_t dim = b.classes;
        const std::size_t n = dim ? b.input_size / dim : 0;
        std::vector<T> positives(b.target, b.target + n * dim);  // becomes b̂_j
        for (std::size_t j = 0; j < n; ++j) {
            T* v = positives.data() + j * dim;
            const T len = length(v, dim);
            for (std::size_t k = 0; k < dim; ++k) v[k] /= len;
        }
        const T inv_tau = T(1.0 / temperature);
        std::vector<T> anchor(dim), sims(n), exps(n);

        reduce_rows(b, out, [&](std::size_t i, const T* a, T* g) {
            const T len = length(a, dim);
            for (std::size_t k = 0; k < dim; ++k) anchor[k] = a[k] / len;
            std::size_t top = 0;
            for (std::size_t j = 0; j < n; ++j) {
                T dot = 0;
                for (std::size_t k = 0; k < dim; ++k) dot += anchor[k] * positives[j * dim + k];
                sims[j] = dot;
                if (dot > sims[top]) top = j;
            }
            const T m = sims[top] * inv_tau;
            T rest = 0;
            for (std::size_t j = 0; j < n; ++j) {
                exps[j] = j == top ? T(1) : std::exp(sims[j] * inv_tau - m);
                if (j != top) rest += exps[j];
            }
            const T total = T(1) + rest;
            const T value = (m - sims[i] * inv_tau) + std::log1p(rest);
            const T not_i = i == top ? rest : total - exps[i];

            // g = 1/(τ|a|) [ Σ_j c_j b̂_j − (Σ_j c_j s_ij) â ],  c_j = P_ij − [i = j]
            for (std::size_t k = 0; k < dim; ++k) g[k] = 0;
            T along_anchor = 0;
            for (std::size_t j = 0; j < n; ++j) {
                const T coef = j == i ? -not_i / total : exps[j] / total;
                along_anchor += coef * sims[j];
                const T* bj = positives.data() + j * dim;
                for (std::size_t k = 0; k < dim; ++k) g[k] += coef * bj[k];
            }
            const T factor = inv_tau / len;
            for (std::size_t k = 0; k < dim; ++k) g[k] = factor * (g[k] - along_anchor * anchor[k]);
            return row_value{double(value), 1.0};
        });
    }
};

}  // namespace losslab::losses

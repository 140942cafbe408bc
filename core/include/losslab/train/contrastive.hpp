#pragma once
/// Contrastive learning with InfoNCE: a small encoder trained on pairs of augmented views, with
/// the measures the lesson shows (alignment, uniformity, a linear probe).
///
/// The loss is the registry's `info_nce` (losses/info_nce.hpp): the one-directional form of CLIP
/// (Radford et al. 2021), i.e. torch's F.cross_entropy(Z Z'ᵀ / τ, arange(N)) over unit vectors:
///   l_i = logsumexp_{j ∈ C_i}(s_ij / τ) − s_ii / τ,   s_ij = z_i · z'_j,   L = mean_i l_i,
/// where z_i and z'_i are the embeddings of two views of sample i and C_i = {i} ∪ negatives(i).
/// With every other positive as a negative (C_i = all N) it is exactly `info_nce`. SimCLR's NT-Xent
/// (Chen et al. 2020) differs: it also contrasts each anchor with the other anchors (2N − 2
/// negatives) and averages both directions; CLIP averages both directions. Here the gradient flows
/// into both views (anchors and positives), as in every one of them:
///   dL/dz_i  = 1/(Nτ) Σ_{j∈C_i} (P_ij − [i=j]) z'_j,
///   dL/dz'_j = 1/(Nτ) Σ_{i: j∈C_i} (P_ij − [i=j]) z_i,   P_i = softmax_{j∈C_i}(s_ij / τ),
/// then through the L2 normalisation z = u/|u|: dL/du = (I − z zᵀ) dL/dz / |u|, then the encoder.
///
/// Negatives: the first K of a seeded shuffle of the other samples in the batch, or the K with the
/// highest similarity to the anchor ("hard" negatives, chosen under the current encoder and then
/// held fixed for the gradient). Positives only: with no negatives the softmax has one term and
/// InfoNCE is identically 0, so what remains is its positive term, L = mean_i (1 − s_ii)/τ
/// (= mean ‖z_i − z'_i‖² / 2τ): it is minimised by any constant encoder, which is collapse.
///
/// Data: `classes` latent classes. Sample i has class i mod K; its first two coordinates are the
/// class centre (radius 1.5, angle 2πk/K) plus N(0, spread²) noise, its third is a nuisance
/// N(0, nuisance²). A view adds N(0, augmentation²) to the first two and draws the nuisance afresh:
/// the augmentations say what the encoder should ignore. The loss never sees the class.
///
/// Encoder: the core's MLP (models/model.hpp), 3 inputs → hidden (tanh) → D outputs, then z = u/|u|.
/// Measures (Wang & Isola 2020), on held-out samples:
///   alignment  = mean_i ‖z_i − z'_i‖²            (α = 2, over two fixed views of each sample)
///   uniformity = log mean_{i<j} exp(−2 ‖z_i − z_j‖²)   (t = 2, over the clean samples)
/// Uniformity is 0 at collapse (its maximum) and log(e^{−4} I₀(4)) ≈ −1.571 for points spread
/// uniformly on the circle (D = 2). The linear probe is a softmax regression (train::session) fitted
/// on the frozen embeddings of the training pool and scored on the held-out samples.
#include <cstdint>
#include <string>
#include <vector>

#include "losslab/data/random.hpp"
#include "losslab/models/model.hpp"
#include "losslab/optim/optimizer.hpp"
#include "losslab/status.hpp"

namespace losslab::contrastive {

/// InfoNCE over the unit vectors z (anchors) and zp (positives), n × dim each, with the negatives
/// of anchor i in negatives[i·k .. i·k + k) (indices ≠ i). Writes the mean loss and, when non-null,
/// its gradients with respect to z and zp (n × dim), the similarities s (n × n) and the softmax
/// weights P (n × n, zero outside each anchor's candidates). The log-sum-exp subtracts each row's
/// largest logit, so τ → 0 neither overflows nor divides 0 by 0.
void info_nce_views(const double* z, const double* zp, std::size_t n, std::size_t dim, double tau,
                    const std::vector<std::size_t>& negatives, std::size_t k, double& value, double* grad_z,
                    double* grad_zp, double* sims, double* weights);

/// Picks k negatives per anchor from the similarity matrix (n × n): the k largest s_ij (j ≠ i)
/// when hard, else the first k of a seeded shuffle of the others. Needs k ≤ n − 1 (the session
/// clamps K to its batch); sims may be empty when not hard.
void choose_negatives(const std::vector<double>& sims, std::size_t n, std::size_t k, bool hard, data::rng& g,
                      std::vector<std::size_t>& out);

/// Wang & Isola's measures of unit vectors: alignment of the pairs (z_i, zp_i) and uniformity of z.
double alignment(const std::vector<double>& z, const std::vector<double>& zp, std::size_t dim);
double uniformity(const std::vector<double>& z, std::size_t dim);

struct frame {
    long step = 0;
    std::vector<double> embedding;   ///< the held-out samples' clean embeddings, eval × dim
    std::vector<double> sims, weights;  ///< the display batch: n_d × n_d similarities and softmax weights
    double display_loss = 0;         ///< the objective on the display batch
    double alignment = 0, uniformity = 0;
    double probe_accuracy = 0, probe_low = 0, probe_high = 0;  ///< held-out accuracy, 95% Wilson interval
};

struct step_report {
    std::vector<double> batch_loss;  ///< the objective of each step taken
    frame snapshot;                  ///< after the last step
};

/// A contrastive run's settings, with their defaults and ranges.
struct config {
    long classes = 4;           ///< in [2, 8]
    long pool = 256;            ///< training samples, in [16, 2000]
    long eval = 200;            ///< held-out samples, in [16, 1000]
    double spread = 0.35;       ///< in [0, 3]
    double augmentation = 0.3;  ///< in [0, 3]
    double nuisance = 2;        ///< in [0, 10]
    long hidden = 16;           ///< in [1, 64]
    long dim = 2;               ///< in [2, 3]
    long batch = 32;            ///< in [2, 256], at most pool
    long negatives = -1;        ///< in [0, 255]; -1: batch − 1 (clamped to it)
    bool hard = false;
    bool positives_only = false;
    double temperature = 0.1;   ///< in [1e-3, 10]
    long display = 32;          ///< in [2, 64], at most eval
    optim::spec optimizer = default_optimizer();  ///< adam, lr 0.01
    long probe_steps = 150;     ///< in [1, 2000]
    double seed = 0;            ///< an integer in [0, 2^53)

    static optim::spec default_optimizer() {
        optim::adam::config a;
        a.lr = 0.01;
        return a;
    }
};

class session {
public:
    static status create(const config& c, session& out);

    /// Takes k optimizer steps (k = 0: none) and reports their losses and a snapshot after them.
    status step(long k, step_report& out);

    /// The objective on given views (rows of 3 features) at parameters theta, with the negatives
    /// fixed (n × k indices; k = 0 with positives_only). Gradient with respect to theta if non-null.
    status objective(const std::vector<double>& theta, const std::vector<double>& view_a,
                     const std::vector<double>& view_b, const std::vector<std::size_t>& negatives, std::size_t k,
                     double& value, std::vector<double>* grad) const;

    /// Two fresh views of each held-out sample, drawn from the session's stream (for tests).
    void held_out_views(std::vector<double>& a, std::vector<double>& b) {
        std::vector<std::size_t> idx(eval_y_.size());
        for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
        views_of(eval_x_, idx, draw_, a, b);
    }
    /// Unit embeddings of rows of 3 features under theta.
    void embed(const std::vector<double>& theta, const std::vector<double>& x, std::vector<double>& z) const;

    const std::vector<double>& params() const { return theta_; }
    const std::vector<double>& eval_labels() const { return eval_y_; }
    std::size_t dim() const { return dim_; }
    std::size_t negatives() const { return negatives_; }
    std::size_t display() const { return display_; }
    std::size_t batch() const { return batch_; }
    bool positives_only() const { return positives_only_; }
    double temperature() const { return tau_; }
    long steps() const { return step_; }
    /// Work units of one step and of one snapshot (limits.hpp).
    double step_cost() const;
    double snapshot_cost() const;

private:
    void snapshot(frame& f) const;
    /// Two views of the rows idx of source (rows of 3 features), drawn from g.
    void views_of(const std::vector<double>& source, const std::vector<std::size_t>& idx, data::rng& g,
                  std::vector<double>& a, std::vector<double>& b) const;

    models::model encoder_;
    optim::optimizer opt_;
    std::vector<double> theta_, grad_;
    std::size_t classes_ = 4, dim_ = 2, batch_ = 32, negatives_ = 31, display_ = 16;
    bool hard_ = false, positives_only_ = false;
    double tau_ = 0.1, augmentation_ = 0.3, nuisance_ = 2;
    long probe_steps_ = 150, step_ = 0;
    std::uint64_t seed_ = 0;
    std::vector<double> pool_x_, pool_y_, eval_x_, eval_y_;
    std::vector<double> eval_a_, eval_b_;        ///< two fixed views of each held-out sample
    std::vector<std::size_t> display_negatives_;  ///< random negatives of the display batch (fixed)
    data::rng draw_{0};
};

}  // namespace losslab::contrastive

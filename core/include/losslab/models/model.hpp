#pragma once
/// The models the lessons train, each a forward pass and a hand-written backward pass on xtensor
/// views over one flat parameter vector θ (so any optimizer can step any model):
///
///   linear    ŷ = x·w + b                      (regression)
///   logistic  z = x·w + b, p = σ(z)            (binary; the output is the logit z)
///   softmax   z = x·W + b, p = softmax(z)      (multiclass; the output is the K logits)
///   loglink   η = x·w + b, μ = e^η             (non-negative targets: Poisson/Tweedie regression;
///                                               the output is the log-mean η)
///   mlp       1 or 2 hidden layers of width ≤ 64, tanh or relu, then a linear output layer with
///             1 output (regression, binary) or K (multiclass)
///
/// Layout of θ: per layer, the weights (inputs × outputs, row-major) then the biases; the linear
/// models have one layer. Initialisation is seeded and follows torch.nn.Linear: every weight and
/// bias ~ U(−1/√fan_in, 1/√fan_in). Penalties apply to weights only, never to biases.
/// Optional output_bias: every output bias starts at this value instead (the weights are still
/// drawn as above). log(π / (1 − π)) for a binary model is the prior-probability initialisation of
/// the focal loss paper (Lin et al. 2017): the untrained model predicts the base rate π.
#include <cstdint>
#include <string>
#include <vector>

#include <string_view>

#include "losslab/models/config.hpp"
#include "losslab/models/linear.hpp"
#include "losslab/models/loglink.hpp"
#include "losslab/models/logistic.hpp"
#include "losslab/models/mlp.hpp"
#include "losslab/models/softmax.hpp"
#include "losslab/status.hpp"

namespace losslab::models {

/// The metadata of every model, in the order of `kind`.
const std::vector<model_info>& all_models();
const model_info& info_of(kind k);
/// The named model with its defaults; false (out unchanged) for an unknown name.
bool default_config(std::string_view name, config& out);

class model {
public:
    /// Checks a config (hidden widths, output_bias) and sizes the model for data with `features`
    /// columns and `classes` classes (softmax and a multiclass mlp need at least 2).
    static status create(const config& c, std::size_t features, std::size_t classes, model& out);

    const std::string& name() const { return info_of(kind_).name; }
    models::kind model_kind() const { return kind_; }
    task kind() const { return task_; }
    std::size_t features() const { return features_; }
    std::size_t outputs() const { return layers_.back(); }
    std::size_t parameter_count() const { return parameter_count_; }
    /// Layer widths: features, the hidden widths, outputs (what train::float_mlp mirrors in float).
    const std::vector<std::size_t>& layer_widths() const { return layers_; }
    bool relu() const { return relu_; }
    /// 1 for a weight, 0 for a bias (what penalties and reports use).
    const std::vector<std::uint8_t>& weight_mask() const { return weight_mask_; }

    void initialize(std::uint64_t seed, std::vector<double>& theta) const;

    /// Raw outputs (score, logit, log-mean or K logits) for n samples: out is n × outputs().
    void forward(const double* theta, const double* x, std::size_t n, double* out) const;

    /// Given d(loss)/d(output) (n × outputs()), writes d(loss)/dθ into grad (parameter_count()).
    /// Like autograd, it reuses the hidden activations of the last forward() when that call had the
    /// same θ, x and n and θ was not changed since (the session's forward-then-backward pattern);
    /// otherwise it runs the forward pass itself.
    void backward(const double* theta, const double* x, std::size_t n, const double* d_out, double* grad) const;

private:
    models::kind kind_ = models::kind::linear;
    task task_ = task::regression;
    bool relu_ = false;
    bool has_output_bias_ = false;
    double output_bias_ = 0;
    std::size_t features_ = 1, parameter_count_ = 0;
    std::vector<std::size_t> layers_;  ///< widths: features, hidden..., outputs
    std::vector<std::uint8_t> weight_mask_;
    // Activations of the last forward pass, kept for backward (mutable workspace).
    mutable std::vector<std::vector<double>> activations_;
    mutable std::vector<double> delta_, next_delta_;
    // What the kept activations were computed from (see backward).
    mutable const double* forward_theta_ = nullptr;
    mutable const double* forward_x_ = nullptr;
    mutable std::size_t forward_n_ = 0;
    mutable std::vector<double> forward_theta_copy_;
};

}  // namespace losslab::models

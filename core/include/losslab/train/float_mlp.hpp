#pragma once
/// The float32 SIMD path of a training session's objective (the session's `precision: 'float32'`):
/// the same objective as the double path (loop.cpp: mean loss over the rows + l1 Σ|w| +
/// (l2/2) Σ w² over the weights, and its gradient with respect to θ), computed with
///   - the model's forward and backward passes in float, four lanes at a time (simd/vec.hpp), with
///     simd::tanh for the hidden layers;
///   - the loss through losses::evaluate on float data, i.e. its fused float kernel
///     (simd/losses/*) where the loss has one.
/// θ stays in double in the session (the optimizer and the schedule are unchanged) and is rounded
/// to float once per call; the gradient comes back in double. The double path is the reference:
/// tests/core/train/test_float_mlp.cpp checks that float sessions follow double sessions' loss
/// histories within 1e-4 relative over 500 steps.
///
/// Layout. Each layer's weights are kept as a float matrix (inputs × outputs rounded up to a
/// multiple of 4, zero in the padding columns) and a transposed copy for backpropagation; the
/// activations of the n rows are row-major with the same padded width, so every inner loop runs
/// over whole f32x4 blocks. Padded units have zero weights and bias, so their activations are
/// tanh(0) = relu(0) = 0 and they never reach the real outputs.
///
/// Supported: every session whose link (link.hpp) is the identity, i.e. the model's raw output is
/// the loss's input (linear, logistic with a logits loss, softmax, mlp with tanh or relu, loglink
/// with a loss on the log-mean). The exp link (loglink with a loss on means) and the sigmoid link
/// (a probability-input loss such as bce on a binary model) are not on the float path: create()
/// says so.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "losslab/losses/registry.hpp"
#include "losslab/models/model.hpp"
#include "losslab/status.hpp"
#include "losslab/train/config.hpp"
#include "losslab/train/link.hpp"

namespace losslab::train {

class float_mlp {
public:
    /// Checks that the session (its model, its bound loss and the link between them) can take the
    /// float path and prepares its buffers. The penalty applies to the weights only (weight_mask).
    static status create(const models::model& model, const losses::bound_loss& loss, link l, const penalty& p,
                         float_mlp& out);

    /// The objective over n rows (x: n × features, y: n labels or targets, both in double) at θ;
    /// when grad is non-null it is resized to θ's length and receives the gradient.
    status objective(const double* theta, const double* x, const double* y, std::size_t n, double& value,
                     std::vector<double>* grad) const;

private:
    struct layer {
        std::size_t in = 0, out = 0, padded = 0;  ///< real input and output widths; out rounded up to 4
        std::size_t in_padded = 0;                ///< the previous layer's padded width (features for the first)
        std::size_t offset = 0;                   ///< where the layer's weights start in θ (biases follow)
    };
    void load_parameters(const double* theta) const;

    std::vector<layer> layers_;
    std::vector<std::uint8_t> weight_mask_;
    std::string loss_;
    std::vector<double> loss_params_;
    bool multiclass_ = false, relu_ = false;
    double l1_ = 0, l2_ = 0;
    // workspace, reused from call to call
    mutable std::vector<std::vector<float>> weights_, transposed_, biases_, activations_, weight_grads_, bias_grads_;
    mutable std::vector<float> input_, target_, output_, output_grad_, delta_, next_delta_;
};

}  // namespace losslab::train

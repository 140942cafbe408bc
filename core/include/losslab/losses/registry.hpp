#pragma once
/// The loss registry: every loss by name, with its metadata and its batch evaluators for float
/// (the fast path) and double (the reference path). The JS API, the lessons and the docs read it.
#include <string_view>
#include <vector>

#include "losslab/losses/evaluate.hpp"
#include "losslab/losses/loss_info.hpp"

namespace losslab::losses {

/// Evaluates the named loss. `params` holds one value per entry of info().params, in order;
/// a shorter list takes the remaining defaults. On error nothing is written to `out`.
status evaluate(std::string_view name, const std::vector<double>& params, const batch<float>& b, output<float>& out);
status evaluate(std::string_view name, const std::vector<double>& params, const batch<double>& b, output<double>& out);

/// Metadata of every registered loss, in registry order.
const std::vector<loss_info>& all_loss_info();

/// Metadata of one loss, or nullptr for an unknown name.
const loss_info* find_loss(std::string_view name);

/// Fills missing parameters with defaults and checks each against its documented range.
status resolve_params(const loss_info& info, std::vector<double>& params);

/// A loss looked up and its parameters resolved and checked once (a training session binds its
/// loss at create): evaluate() then skips the name lookup and the parameter checks, and gives
/// exactly what losses::evaluate(name, params, ...) gives.
class bound_loss {
public:
    /// Fails for an unknown name (listing the known ones) or a parameter outside its range.
    static status bind(std::string_view name, std::vector<double> params, bound_loss& out);

    const loss_info& info() const { return *info_; }
    const std::vector<double>& params() const { return params_; }
    status evaluate(const batch<double>& b, output<double>& out) const;

private:
    const loss_info* info_ = nullptr;
    status (*run_)(const std::vector<double>&, const batch<double>&, output<double>&) = nullptr;
    std::vector<double> params_;
};

}  // namespace losslab::losses

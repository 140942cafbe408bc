#pragma once
/// Any of the five optimizers by its torch.optim name, with its arguments by torch's names:
///
///   sgd      lr=0.001 momentum=0 dampening=0 weight_decay=0 nesterov=false
///   rmsprop  lr=0.01 alpha=0.99 eps=1e-8 weight_decay=0 momentum=0 centered=false
///   adagrad  lr=0.01 lr_decay=0 weight_decay=0 initial_accumulator_value=0 eps=1e-10
///   adam     lr=0.001 betas=[0.9, 0.999] eps=1e-8 weight_decay=0 amsgrad=false bias_correction=true
///   adamw    as adam, with weight_decay=0.01 decoupled
///
/// The state the lessons show is exposed after every step: `first` (sgd/rmsprop momentum buffer,
/// adam m̂), `second` (rmsprop square_avg, adagrad sum, adam v̂), `effective_lr` (the factor the
/// gradient or m̂ is multiplied by, per coordinate) and `last_step` (θ_{t+1} − θ_t).
#include <string>
#include <variant>
#include <vector>

#include "losslab/optim/spec.hpp"
#include "losslab/status.hpp"

namespace losslab::optim {

class optimizer {
public:
    /// Builds an optimizer from its spec; rejects lr <= 0, betas outside [0, 1), negative eps,
    /// momentum or weight decay, dampening outside [0, 1], and torch's nesterov rule.
    static status create(const spec& s, optimizer& out);

    const std::string& name() const { return name_of(spec_); }
    double lr() const { return lr_of(spec_); }
    const optim::spec& config() const { return spec_; }

    /// Clears the state for a parameter vector of n entries.
    void reset(std::size_t n);

    /// One step at learning rate `lr` (the schedule's value for this step).
    void step(std::vector<double>& params, const std::vector<double>& grad, double lr);

    /// True when one_cycle can cycle a momentum (sgd/rmsprop momentum, adam beta1).
    bool has_momentum() const;
    /// Sets that momentum (torch's OneCycleLR cycle_momentum writes it before every step).
    void set_momentum(double value);

    const std::vector<double>& first() const;
    const std::vector<double>& second() const;
    const std::vector<double>& effective_lr() const { return effective_lr_; }
    const std::vector<double>& last_step() const { return last_step_; }
    /// Labels of first/second for the UI ("" when the optimizer has none).
    const char* first_name() const;
    const char* second_name() const;

private:
    template <class O>
    struct slot {
        typename O::config config;
        typename O::state state;
    };
    optim::spec spec_;
    std::variant<slot<sgd>, slot<rmsprop>, slot<adagrad>, slot<adam>, slot<adamw>> impl_;
    std::vector<double> effective_lr_, last_step_, empty_;
};

}  // namespace losslab::optim

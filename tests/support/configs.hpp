#pragma once
/// The core's typed configs as the tests build them: a generated dataset from its options type
/// (defaults, then the test's changes), and a loss's parameters by name in registry order.
#include <catch2/catch.hpp>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "losslab/data/datasets.hpp"
#include "losslab/losses/registry.hpp"

namespace losslab::testing {

/// The dataset of a config that must be valid.
inline data::dataset make_dataset(const data::dataset_config& c) {
    data::dataset d;
    const status st = data::make_dataset(c, d);
    INFO(st.error);
    REQUIRE(st.ok());
    return d;
}

/// The dataset whose options are O's defaults changed by `set`; n = 0: its default size.
template <class O, class F>
data::dataset dataset(long n, double seed, double validation, F set) {
    data::dataset_config c;
    O options;
    set(options);
    c.options = options;
    c.n = n;
    c.seed = seed;
    c.validation = validation;
    return make_dataset(c);
}

template <class O>
data::dataset dataset(long n, double seed, double validation = 0) {
    return dataset<O>(n, seed, validation, [](O&) {});
}

/// A loss's parameters in its registry order: the named ones as given, the others their defaults.
inline std::vector<double> loss_params(const std::string& loss, std::initializer_list<std::pair<const char*, double>> named) {
    const losses::loss_info* info = losses::find_loss(loss);
    REQUIRE(info != nullptr);
    std::vector<double> out;
    for (const auto& p : info->params) {
        double v = p.default_value;
        for (const auto& [name, value] : named)
            if (p.name == name) v = value;
        out.push_back(v);
    }
    return out;
}

}  // namespace losslab::testing

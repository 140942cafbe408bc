#pragma once
/// A generated dataset as the rows a session trains on (its validation split too, if it has one).
#include "losslab/data/datasets.hpp"
#include "losslab/train/session.hpp"

namespace losslab::test {

inline train::training_data rows_of(const data::dataset& d) {
    train::training_data t;
    t.x = d.x;
    t.y = d.y;
    t.x_val = d.x_val;
    t.y_val = d.y_val;
    t.features = long(d.features);
    return t;
}

}  // namespace losslab::test

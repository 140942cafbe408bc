#pragma once
/// The float fast path: a loss may have a fused, vectorised float kernel (value + gradient in one
/// pass, deterministic multi-lane reduction). The registry uses it for float batches when
/// `fast_path<Loss>::available`; the double path always uses the loss's own value/grad, and is the
/// reference the fast path is tested against (tests/core/simd/test_fast_path.cpp).
///
/// The kernels live in losslab/simd/losses/<loss>.hpp; each one is called after validation and
/// keeps evaluate_elementwise's semantics (none/sum/mean, sample weights, Σw normalisation).
#include "losslab/simd/fast_path_base.hpp"
#include "losslab/simd/losses/asymmetric.hpp"
#include "losslab/simd/losses/bce.hpp"
#include "losslab/simd/losses/bce_logits.hpp"
#include "losslab/simd/losses/cross_entropy.hpp"
#include "losslab/simd/losses/focal.hpp"
#include "losslab/simd/losses/hinge.hpp"
#include "losslab/simd/losses/huber.hpp"
#include "losslab/simd/losses/log_cosh.hpp"
#include "losslab/simd/losses/mae.hpp"
#include "losslab/simd/losses/mse.hpp"
#include "losslab/simd/losses/quantile.hpp"
#include "losslab/simd/losses/smooth_l1.hpp"
#include "losslab/simd/losses/squared_hinge.hpp"

#pragma once
/// Resource limits of one call of the public API (docs/limits.md). Each is checked before any
/// allocation or generation, and the error names the limit. They are generous for every lesson
/// (the largest use: 1,500-step fits, 3,000-point datasets, 1,000-step MLP sessions, 110 × 110
/// grids) and keep one synchronous call within a few seconds and a few hundred MB of wasm heap.
#include <cstddef>

namespace losslab::limits {

/// Numbers passed in one call, all arrays together (input, target, weights, x, y, ...).
constexpr std::size_t elements_per_call = std::size_t(1) << 24;  // 16,777,216
/// Points of one generated dataset.
constexpr long dataset_points = 200000;
/// Optimizer steps in one call: lrSchedule, session.step(k).
constexpr long steps_per_call = 1000000;
/// Steps of one optimize call: each keeps its point, gradient and optimizer state (about 14
/// numbers), and 100,000 steps take about 0.5 s.
constexpr long trajectory_steps = 100000;
/// Steps a training session may take in total (epochs × steps per epoch, or one_cycle's total_steps).
constexpr long training_steps = 1000000;
/// Work units of one call of session.step, lab.train or predict: a step costs
/// (mini-batch rows + training rows + validation rows) × (parameters + 20), a prediction
/// rows × (parameters + 20) (the 20 stands for the per-row work of loss, link and copies). One
/// unit took 3-10 ns in wasm on the 2-core CI machine (measured: a 64×64 MLP on 300 points, a
/// linear fit on 200,000, a 20-class MLP on 200,000), so a call stays within about 3 s. A session
/// whose single step exceeds it is refused at creation.
constexpr double work_per_call = 3e8;
/// The per-row work of a step or prediction, in units of one parameter (see work_per_call).
constexpr double row_overhead = 20;
/// Cells of one grid (surfaceGrid, predictGrid): nx × ny.
constexpr long grid_cells = 1000000;
/// Classes of a classification model or metric.
constexpr long classes = 1000;

}  // namespace losslab::limits

#pragma once
/// A training session: see loop.hpp (the loop), config.hpp (its settings), link.hpp (how a model
/// output meets the loss) and report.hpp (what it reports).
#include "losslab/train/loop.hpp"

#pragma once
/// Batches enter the core as xtensor adaptors over caller-owned buffers: no copy, no ownership.
#include <array>
#include <cstddef>
#include <xtensor/xadapt.hpp>

namespace losslab {

/// A 1-D view over `size` elements at `data`, owned by the caller.
template <class T>
auto adapt_vector(T* data, std::size_t size) {
    return xt::adapt(data, size, xt::no_ownership(), std::array<std::size_t, 1>{size});
}

/// A row-major 2-D view (rows x cols) over caller-owned memory.
template <class T>
auto adapt_matrix(T* data, std::size_t rows, std::size_t cols) {
    return xt::adapt(data, rows * cols, xt::no_ownership(), std::array<std::size_t, 2>{rows, cols});
}

template <class T>
using vector_view = decltype(adapt_vector(std::declval<T*>(), std::size_t{}));
template <class T>
using matrix_view = decltype(adapt_matrix(std::declval<T*>(), std::size_t{}, std::size_t{}));

}  // namespace losslab

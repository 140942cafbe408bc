// The vectorised domain scan (losslab/simd/validate.hpp) must accept exactly what the element-wise
// check (losses::detail::domain_problem) accepts, for every domain, in float and double, wherever
// the offending value sits in the array (inside a SIMD block or in the tail).
#include <catch2/catch.hpp>
#include <cfloat>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "losslab/losses/evaluate.hpp"
#include "losslab/simd/validate.hpp"

using namespace losslab::losses;

namespace {

// domain_problem reports "no problem" as nullptr or as an empty string, depending on its version.
[[maybe_unused]] bool no_problem(const char* problem) { return problem == nullptr || *problem == 0; }
[[maybe_unused]] bool no_problem(const std::string& problem) { return problem.empty(); }

template <class T>
void check_agreement() {
    const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
    const std::vector<T> specials = {T(0),   T(-0.0), T(1),    T(-1),   T(0.5), T(2),       T(3),   T(9), T(10),
                                     T(2.5), inf,     -inf,    nan,     T(1e-30), -T(1e-30), T(FLT_MAX), T(-FLT_MAX),
                                     std::nextafter(T(1), T(2)), std::nextafter(T(0), T(-1))};
    for (const domain d : {domain::real, domain::positive, domain::nonnegative, domain::probability, domain::binary,
                           domain::class_index}) {
        for (const T v : specials) {
            for (const std::size_t at : {std::size_t(0), std::size_t(5), std::size_t(10)}) {
                std::vector<T> data(11, d == domain::positive ? T(1) : T(0));  // valid filler
                data[at] = v;
                const bool expected = no_problem(detail::domain_problem(d, v, 10));
                CAPTURE(int(d), double(v), at);
                CHECK(losslab::simd::all_in_domain(data.data(), data.size(), d, 10) == expected);
            }
        }
    }
}

}  // namespace

TEST_CASE("vectorised domain scan agrees with the element-wise check in float", "[simd][validate]") {
    check_agreement<float>();
}

TEST_CASE("vectorised domain scan agrees with the element-wise check in double", "[simd][validate]") {
    check_agreement<double>();
}

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "losslab/data/datasets.hpp"
#include "losslab/data/random.hpp"
#include "support/configs.hpp"

using namespace losslab;

namespace {
/// The named dataset with its default options; n = 0: its default size.
data::dataset_config config(const std::string& name, double seed, long n = 0) {
    data::dataset_config c;
    REQUIRE(data::default_options(name, c.options));
    c.seed = seed;
    c.n = n;
    return c;
}
using testing::make_dataset;
double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / double(v.size());
}
}  // namespace

TEST_CASE("portable log and exp agree with libm to a few ulps", "[data][random]") {
    for (double x : {1e-300, 1e-10, 0.001, 0.3, 0.7071, 1.0, 1.5, 2.0, 10.0, 12345.678, 1e300}) {
        CAPTURE(x);
        CHECK(data::portable_log(x) == Approx(std::log(x)).epsilon(4e-16).margin(1e-300));
    }
    CHECK(data::portable_log(1.0) == 0.0);
    for (double x : {-700.0, -20.0, -1.0, -1e-8, 0.0, 0.5, 1.0, 3.3, 100.0, 700.0}) {
        CAPTURE(x);
        CHECK(data::portable_exp(x) == Approx(std::exp(x)).epsilon(1e-15));
    }
}

TEST_CASE("the generator's normals and gammas have the advertised moments", "[data][random]") {
    data::rng g(7);
    double s = 0, s2 = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
        const double z = g.normal();
        s += z;
        s2 += z * z;
    }
    CHECK(std::abs(s / n) < 0.01);
    CHECK(std::abs(s2 / n - 1) < 0.01);
    double gs = 0;
    for (int i = 0; i < n; ++i) gs += g.gamma(2.5, 2);
    CHECK(gs / n == Approx(5).epsilon(0.01));
    double ps = 0;
    for (int i = 0; i < n; ++i) ps += double(g.poisson(3.2));
    CHECK(ps / n == Approx(3.2).epsilon(0.01));
}

TEST_CASE("datasets are reproducible by seed", "[data]") {
    for (const auto& name : data::dataset_names()) {
        CAPTURE(name);
        const auto a = make_dataset(config(name, 5));
        const auto b = make_dataset(config(name, 5));
        const auto c = make_dataset(config(name, 6));
        CHECK(a.x == b.x);
        CHECK(a.y == b.y);
        CHECK(a.x != c.x);
        for (double v : a.x) CHECK(std::isfinite(v));
    }
}

TEST_CASE("datasets are bit-identical to values pinned from the native build", "[data][portable]") {
    // Recorded (as hexadecimal doubles) from the native build; the wasm build runs the same test,
    // so any difference in arithmetic between the two targets fails it there.
    struct pin {
        const char* name;
        double x3, y3, sum_x, sum_y;
    };
    const pin pins[] = {
        {"linear", -0x1.5088df52fd901p-1, -0x1.080d92ebcbdb5p+1, -0x1.0948359bbe51p+2, -0x1.497f838dfee5cp+3},
        {"zero_inflated", -0x1.02d663811486fp-1, 0x1.6fcbaa7128d0bp+0, 0x1.9327835ca580bp-1, 0x1.d53beb390ebafp+6},
        {"moons", 0x1.1daac3973251dp-1, 0x0p+0, 0x1.2c1aeff908c02p+5, 0x1.9p+4},
        {"spirals", -0x1.40ba1e2e3f285p-1, 0x1p+0, 0x1.5b045e9d99cbcp+1, 0x1.9p+4},
        {"blobs", -0x1.0262d9ea25cb2p+1, 0x0p+0, 0x1.0eb1df44cdcb6p+2, 0x1.88p+5},
        {"imbalanced", 0x1.28aba3e7f732ep-1, 0x0p+0, -0x1.8ef2a045a8803p+5, 0x1.4p+2},
    };
    for (const pin& p : pins) {
        CAPTURE(p.name);
        const auto d = make_dataset(config(p.name, 1, 50));
        double sx = 0, sy = 0;
        for (double v : d.x) sx += v;
        for (double v : d.y) sy += v;
        CHECK(d.x[3] == p.x3);
        CHECK(d.y[3] == p.y3);
        CHECK(sx == p.sum_x);
        CHECK(sy == p.sum_y);
    }
}

TEST_CASE("linear data reproduce the reference's outlier setup", "[data]") {
    auto reference = config("linear", 0);
    std::get<data::linear_options>(reference.options).outliers = 10;
    const auto d = make_dataset(reference);
    REQUIRE(d.size() == 200);
    double planted = 0;
    for (auto o : d.outlier) planted += o;
    CHECK(planted == 10);
    // Least squares on the inliers recovers slope 3 and intercept 0 within noise.
    double sx = 0, sy = 0, sxx = 0, sxy = 0, m = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (d.outlier[i]) continue;
        sx += d.x[i], sy += d.y[i], sxx += d.x[i] * d.x[i], sxy += d.x[i] * d.y[i], m += 1;
    }
    const double slope = (m * sxy - sx * sy) / (m * sxx - sx * sx), intercept = (sy - slope * sx) / m;
    CHECK(slope == Approx(3).margin(0.15));
    CHECK(intercept == Approx(0).margin(0.15));
    // Every planted outlier sits about 50 above the line.
    for (std::size_t i = 0; i < d.size(); ++i)
        if (d.outlier[i]) CHECK(d.y[i] - 3 * d.x[i] == Approx(50).margin(2.5));
    auto leverage = config("linear", 0);
    std::get<data::linear_options>(leverage.options).leverage_outliers = 3;
    std::get<data::linear_options>(leverage.options).leverage_x = 8;
    const auto lev = make_dataset(leverage);
    double far = 0;
    for (double x : lev.x) far += x == 8;
    CHECK(far == 3);
}

TEST_CASE("heteroscedastic noise grows with |x|", "[data]") {
    const auto d = make_dataset(config("heteroscedastic", 3, 4000));
    double near = 0, far = 0, n_near = 0, n_far = 0;
    for (std::size_t i = 0; i < d.size(); ++i) {
        const double r = d.y[i] - 3 * d.x[i];
        if (d.x[i] < 1) near += r * r, n_near += 1;
        if (d.x[i] > 4) far += r * r, n_far += 1;
    }
    CHECK(std::sqrt(far / n_far) > 3 * std::sqrt(near / n_near));
}

TEST_CASE("zero-inflated data have about 40% exact zeros and a right skew", "[data]") {
    const auto d = make_dataset(config("zero_inflated", 11, 5000));
    double zeros = 0;
    for (double y : d.y) {
        CHECK(y >= 0);
        zeros += y == 0;
    }
    CHECK(zeros / double(d.size()) == Approx(0.40).margin(0.03));
    std::vector<double> sorted = d.y;
    std::sort(sorted.begin(), sorted.end());
    CHECK(mean(d.y) > sorted[d.size() / 2]);  // mean above the median: right-skewed
}

TEST_CASE("imbalanced blobs have the advertised ratio, up to 1:1000", "[data]") {
    for (double ratio : {1.0, 10.0, 100.0, 1000.0}) {
        CAPTURE(ratio);
        auto c = config("imbalanced", 2, 20000);
        std::get<data::imbalanced_options>(c.options).ratio = ratio;
        const auto d = make_dataset(c);
        double positives = 0;
        for (double y : d.y) positives += y;
        CHECK(positives == std::round(20000 / (1 + ratio)));
        CHECK((double(d.size()) - positives) / positives == Approx(ratio).epsilon(0.01));
    }
}

TEST_CASE("blobs with label noise flip about the requested fraction", "[data]") {
    auto c = config("blobs", 4, 3000);
    std::get<data::blobs_options>(c.options).classes = 4;
    const auto clean = make_dataset(c);
    std::get<data::blobs_options>(c.options).label_noise = 0.2;
    const auto noisy = make_dataset(c);
    CHECK(clean.classes == 4);
    // Clean labels follow the nearest centre most of the time; noisy ones less by about 20%.
    auto nearest_agreement = [](const data::dataset& d) {
        double agree = 0;
        for (std::size_t i = 0; i < d.size(); ++i) {
            const double angle = std::atan2(d.x[2 * i + 1], d.x[2 * i]);
            long k = std::lround(angle / (2 * 3.14159265358979 / 4));
            k = ((k % 4) + 4) % 4;
            agree += double(k) == d.y[i];
        }
        return agree / double(d.size());
    };
    CHECK(nearest_agreement(clean) - nearest_agreement(noisy) == Approx(0.2 * nearest_agreement(clean)).margin(0.04));
}

TEST_CASE("moons and spirals are labelled two-feature data", "[data]") {
    for (const char* name : {"moons", "spirals"}) {
        const auto d = make_dataset(config(name, 1));
        CHECK(d.features == 2);
        CHECK(d.x.size() == 2 * d.size());
        CHECK(mean(d.y) == Approx(0.5).margin(0.01));
    }
}

TEST_CASE("the validation split holds out the requested fraction", "[data]") {
    auto c = config("moons", 1, 200);
    c.validation = 0.25;
    const auto d = make_dataset(c);
    CHECK(d.size() == 150);
    CHECK(d.y_val.size() == 50);
    CHECK(d.x_val.size() == 100);
}

TEST_CASE("dataset options are checked", "[data]") {
    // (Unknown option names are the JS API's to reject: tests/web/configs.test.ts.)
    data::options unknown;
    CHECK_FALSE(data::default_options("iris", unknown));
    data::dataset d;
    auto c = config("imbalanced", 0);
    std::get<data::imbalanced_options>(c.options).ratio = 5000;
    CHECK_THAT(data::make_dataset(c, d).error, Catch::Contains("ratio = 5000 is outside [1, 1000]"));
    c = config("linear", 0, 200001);
    CHECK_THAT(data::make_dataset(c, d).error, Catch::Contains("n = 200001 is outside [1, 200000]"));
    c = config("linear", 0, -1);
    CHECK_THAT(data::make_dataset(c, d).error, Catch::Contains("n = -1 is outside"));
    c = config("moons", 0.5);
    CHECK_THAT(data::make_dataset(c, d).error, Catch::Contains("seed = 0.5 must be a whole number"));
    c = config("moons", 0);
    c.validation = 0.95;
    CHECK_THAT(data::make_dataset(c, d).error, Catch::Contains("validation = 0.95 is outside [0, 0.9]"));
    // outlier_fraction: -1 is its default ("use outliers"); no other negative value means anything
    c = config("linear", 0);
    std::get<data::linear_options>(c.options).outlier_fraction = -0.5;
    CHECK_THAT(data::make_dataset(c, d).error, Catch::Contains("outlier_fraction must be in [0, 1] (or -1"));
    std::get<data::linear_options>(c.options).outlier_fraction = -1;
    CHECK(data::make_dataset(c, d).ok());
    std::get<data::linear_options>(c.options).outlier_fraction = 0.1;
    REQUIRE(data::make_dataset(c, d).ok());
    CHECK(std::count(d.outlier.begin(), d.outlier.end(), 1) == 20);  // 0.1 of the default n = 200
}

// The typed configs' defaults against torch's. Each expected value is torch 1.13's default for
// the argument (inspect.signature of the named class), written here by hand; where we differ
// (torch has no default, or ours is documented as different) the test says so.
#include <catch2/catch.hpp>

#include <cmath>
#include <variant>

#include "losslab/models/model.hpp"
#include "losslab/optim/spec.hpp"
#include "losslab/schedules/schedule.hpp"
#include "losslab/surfaces/surface.hpp"
#include "losslab/train/config.hpp"

using namespace losslab;

namespace {

/// The registry's default of a parameter (what the UI shows) equals the config's field default.
void check_registry_default(const std::vector<parameter>& params, const char* name, double field) {
    const parameter* p = find_parameter(params, name);
    INFO(name);
    REQUIRE(p != nullptr);
    CHECK(p->default_value == field);
}

}  // namespace

TEST_CASE("optimizer configs default to torch.optim's arguments", "[config][optim]") {
    // torch.optim.SGD(params, lr=<required>, momentum=0, dampening=0, weight_decay=0, nesterov=False)
    const optim::sgd::config sgd;
    CHECK(sgd.lr == 0.001);  // torch requires lr; ours is documented as 0.001
    CHECK(sgd.momentum == 0);
    CHECK(sgd.dampening == 0);
    CHECK(sgd.weight_decay == 0);
    CHECK_FALSE(sgd.nesterov);
    // torch.optim.RMSprop(lr=0.01, alpha=0.99, eps=1e-08, weight_decay=0, momentum=0, centered=False)
    const optim::rmsprop::config rms;
    CHECK(rms.lr == 0.01);
    CHECK(rms.alpha == 0.99);
    CHECK(rms.eps == 1e-8);
    CHECK(rms.weight_decay == 0);
    CHECK(rms.momentum == 0);
    CHECK_FALSE(rms.centered);
    // torch.optim.Adagrad(lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10)
    const optim::adagrad::config ada;
    CHECK(ada.lr == 0.01);
    CHECK(ada.lr_decay == 0);
    CHECK(ada.weight_decay == 0);
    CHECK(ada.initial_accumulator_value == 0);
    CHECK(ada.eps == 1e-10);
    // torch.optim.Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False)
    const optim::adam::config adam;
    CHECK(adam.lr == 0.001);
    CHECK(adam.beta1 == 0.9);
    CHECK(adam.beta2 == 0.999);
    CHECK(adam.eps == 1e-8);
    CHECK(adam.weight_decay == 0);
    CHECK_FALSE(adam.amsgrad);
    CHECK(adam.bias_correction);  // not a torch argument: torch always corrects
    // torch.optim.AdamW(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=False)
    const optim::adamw::config adamw;
    CHECK(adamw.lr == 0.001);
    CHECK(adamw.beta1 == 0.9);
    CHECK(adamw.beta2 == 0.999);
    CHECK(adamw.eps == 1e-8);
    CHECK(adamw.weight_decay == 0.01);
    CHECK_FALSE(adamw.amsgrad);
}

TEST_CASE("optimizer specs are named in the UI's order and built with their defaults", "[config][optim]") {
    const std::vector<std::string> names = {"sgd", "rmsprop", "adagrad", "adam", "adamw"};
    CHECK(optim::optimizer_names() == names);
    for (std::size_t i = 0; i < names.size(); ++i) {
        optim::spec s;
        REQUIRE(optim::default_spec(names[i], s));
        CHECK(s.index() == i);
        CHECK(optim::name_of(s) == names[i]);
    }
    optim::spec s;
    CHECK_FALSE(optim::default_spec("adamax", s));
    CHECK(std::holds_alternative<optim::sgd::config>(optim::spec{}));
}

TEST_CASE("schedule configs default to torch.optim.lr_scheduler's arguments", "[config][schedules]") {
    // StepLR(step_size=<required>, gamma=0.1)
    CHECK(schedules::step::config{}.gamma == 0.1);
    CHECK(schedules::step::config{}.step_size == 0);  // 0 = not given: create() says "needs step_size"
    // ExponentialLR(gamma=<required>)
    CHECK(schedules::exponential::config{}.gamma == 0);  // 0 = not given
    // CosineAnnealingLR(T_max=<required>, eta_min=0)
    CHECK(schedules::cosine::config{}.eta_min == 0);
    CHECK(schedules::cosine::config{}.T_max == 0);  // 0 = not given
    // CosineAnnealingWarmRestarts(T_0=<required>, T_mult=1, eta_min=0)
    CHECK(schedules::cosine_warm_restarts::config{}.T_mult == 1);
    CHECK(schedules::cosine_warm_restarts::config{}.eta_min == 0);
    // OneCycleLR(max_lr=<required>, total_steps=None, pct_start=0.3, anneal_strategy='cos',
    //   cycle_momentum=True, base_momentum=0.85, max_momentum=0.95, div_factor=25.0,
    //   final_div_factor=10000.0, three_phase=False)
    const schedules::one_cycle::config oc;
    CHECK(oc.pct_start == 0.3);
    CHECK(oc.anneal_strategy == schedules::one_cycle::anneal::cos);
    CHECK(oc.cycle_momentum);
    CHECK(oc.base_momentum == 0.85);
    CHECK(oc.max_momentum == 0.95);
    CHECK(oc.div_factor == 25.0);
    CHECK(oc.final_div_factor == 10000.0);
    CHECK_FALSE(oc.three_phase);
    CHECK(oc.max_lr == 0);       // 0 = the optimizer's lr (torch requires max_lr)
    CHECK(oc.total_steps == 0);  // 0 = the run's steps (torch: None, then epochs × steps_per_epoch)
    // LinearLR(start_factor=1/3, end_factor=1.0, total_iters=5): our warm-up takes start_factor
    // and names total_iters warmup_steps (0 = no warm-up).
    CHECK(schedules::warmup::config{}.start_factor == 1.0 / 3);
    CHECK(schedules::warmup::config{}.warmup_steps == 0);
    // ConstantLR(factor=1/3, total_iters=5): ours is documented as factor=1, total_iters=0 (a plain
    // constant, what "no schedule" means in the lessons).
    CHECK(schedules::constant::config{}.factor == 1);
    CHECK(schedules::constant::config{}.total_iters == 0);
}

TEST_CASE("each schedule's registry defaults are its config's", "[config][schedules]") {
    const auto& infos = schedules::all_schedules();
    REQUIRE(infos.size() == std::variant_size_v<schedules::spec>);
    const std::vector<std::string> names = {"constant", "step", "exponential", "cosine", "cosine_warm_restarts", "one_cycle"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        CHECK(infos[i].name == names[i]);
        schedules::spec s;
        REQUIRE(schedules::default_spec(names[i], s));
        CHECK(s.index() == i);
        CHECK(schedules::info_of(s).name == names[i]);
        CHECK_FALSE(infos[i].latex.empty());
        CHECK_FALSE(infos[i].convention.empty());
    }
    check_registry_default(schedules::constant::info().params, "factor", schedules::constant::config{}.factor);
    check_registry_default(schedules::step::info().params, "gamma", schedules::step::config{}.gamma);
    check_registry_default(schedules::cosine::info().params, "eta_min", schedules::cosine::config{}.eta_min);
    check_registry_default(schedules::cosine_warm_restarts::info().params, "T_mult",
                           double(schedules::cosine_warm_restarts::config{}.T_mult));
    const schedules::one_cycle::config oc;
    const auto& p = schedules::one_cycle::info().params;
    check_registry_default(p, "pct_start", oc.pct_start);
    check_registry_default(p, "div_factor", oc.div_factor);
    check_registry_default(p, "final_div_factor", oc.final_div_factor);
    check_registry_default(p, "base_momentum", oc.base_momentum);
    check_registry_default(p, "max_momentum", oc.max_momentum);
    check_registry_default(p, "cycle_momentum", oc.cycle_momentum ? 1 : 0);
}

TEST_CASE("a schedule without its required argument is refused by name", "[config][schedules]") {
    schedules::schedule s;
    CHECK(schedules::schedule::create(schedules::step::config{}, {}, 0.1, 10, s).error ==
          "schedule 'step': needs step_size");
    CHECK(schedules::schedule::create(schedules::cosine::config{}, {}, 0.1, 10, s).error ==
          "schedule 'cosine': needs T_max");
    schedules::cosine::config c;
    c.T_max = 10;
    c.eta_min = -1;
    CHECK(schedules::schedule::create(c, {}, 0.1, 10, s).error == "schedule 'cosine': eta_min = -1 is outside [0, 1e+300]");
    schedules::one_cycle::config oc;  // max_lr and total_steps from the optimizer and the run
    REQUIRE(schedules::schedule::create(oc, {}, 0.2, 100, s).ok());
    CHECK(s.step_limit() == 100);
    CHECK(s.lr(0) == Approx(0.2 / 25));
}

TEST_CASE("surface configs hold the classic constants and their registry says so", "[config][surfaces]") {
    // scipy.optimize.rosen: (1 − x)² + 100 (y − x²)², i.e. a = 1, b = 100.
    CHECK(surfaces::rosenbrock::config{}.a == 1);
    CHECK(surfaces::rosenbrock::config{}.b == 100);
    check_registry_default(surfaces::rosenbrock::info().params, "a", surfaces::rosenbrock::config{}.a);
    check_registry_default(surfaces::rosenbrock::info().params, "b", surfaces::rosenbrock::config{}.b);
    check_registry_default(surfaces::quadratic::info().params, "kappa", surfaces::quadratic::config{}.kappa);
    check_registry_default(surfaces::quadratic::info().params, "angle", surfaces::quadratic::config{}.angle);
    const std::vector<std::string> names = {"rosenbrock", "beale", "himmelblau", "saddle", "quadratic", "camel"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        surfaces::spec s;
        REQUIRE(surfaces::default_spec(names[i], s));
        CHECK(s.index() == i);
        surfaces::surface surf;
        REQUIRE(surfaces::surface::create(s, surf).ok());
        CHECK(surf.info().name == names[i]);
        // Every listed minimum is a stationary point of the default surface.
        for (const auto& m : surf.minima()) {
            double gx, gy;
            surf.gradient(m.x, m.y, gx, gy);
            CHECK(std::abs(gx) < 1e-6);
            CHECK(std::abs(gy) < 1e-6);
        }
    }
    surfaces::rosenbrock::config bad;
    bad.b = 0;
    surfaces::surface surf;
    CHECK(surfaces::surface::create(bad, surf).error == "rosenbrock: b = 0 is outside [0.1, 1000]");
}

TEST_CASE("model configs default as documented and every model has its metadata", "[config][models]") {
    const models::config c;
    CHECK(c.name == models::kind::linear);
    CHECK(c.hidden == std::vector<long>{16});
    CHECK(c.act == models::activation::tanh);  // nn.Tanh, as the lessons' MLP
    CHECK(c.task == models::task_choice::from_data);
    CHECK_FALSE(c.has_output_bias);  // torch.nn.Linear's U(−1/√fan_in, 1/√fan_in) for the biases too
    const std::vector<std::string> names = {"linear", "logistic", "softmax", "loglink", "mlp"};
    REQUIRE(models::all_models().size() == names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        models::config m;
        REQUIRE(models::default_config(names[i], m));
        CHECK(std::size_t(m.name) == i);
        CHECK(models::info_of(m.name).name == names[i]);
        CHECK_FALSE(models::info_of(m.name).latex.empty());
    }
    models::config mlp = models::mlp::defaults();
    mlp.hidden = {16, 65};
    models::model m;
    CHECK(models::model::create(mlp, 2, 2, m).error == "model 'mlp': hidden[1] = 65 is outside [1, 64]");
}

TEST_CASE("a training config defaults to a full-batch, unpenalised 100-epoch run", "[config][train]") {
    const train::config c;
    CHECK(c.batch_size == 0);
    CHECK(c.epochs == 100);
    CHECK(c.seed == 0);
    CHECK(c.penalty.l1 == 0);
    CHECK(c.penalty.l2 == 0);
    CHECK(c.stopping.patience == 0);
    CHECK_FALSE(c.stopping.restore_best);
    CHECK(std::holds_alternative<optim::sgd::config>(c.optimizer));
    CHECK(std::holds_alternative<schedules::constant::config>(c.schedule));
    CHECK(c.loss_params.empty());  // every loss parameter at its registry default
}

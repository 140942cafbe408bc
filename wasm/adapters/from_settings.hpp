#pragma once
/// TEMPORARY: today's JSON settings (the string-keyed `settings` bag that settings_json.hpp
/// parses) translated into the core's typed configs. The readers keep the argument names,
/// defaults, ranges and error messages the JS API has always had (an unknown key is an error
/// listing the known ones). The boundary's value objects replace this file.
#include <string>

#include "adapters/settings.hpp"
#include "losslab/data/datasets.hpp"
#include "losslab/models/model.hpp"
#include "losslab/optim/optimizer.hpp"
#include "losslab/optim/trajectory.hpp"
#include "losslab/regularisation/elastic_net.hpp"
#include "losslab/schedules/schedule.hpp"
#include "losslab/surfaces/surface.hpp"
#include "losslab/train/contrastive.hpp"
#include "losslab/train/session.hpp"

namespace losslab::adapters {

/// An optimizer by name with its arguments { lr, momentum, betas, ... }; `lr` defaults to
/// `default_lr` when that is > 0 (else the optimizer's own default).
status optimizer_from(const std::string& name, const settings& args, optim::spec& out, double default_lr = 0);
/// A schedule { name, ...torch arguments, warmup: { start_factor, warmup_steps } }.
status schedule_from(const settings& args, schedules::spec& out, schedules::warmup::config& warmup);
status surface_from(const std::string& name, const settings& params, surfaces::spec& out);
/// A model { name, hidden, activation, task, output_bias }.
status model_from(const settings& args, models::config& out);
/// A session { model, loss, lossParams, optimizer, params, schedule, batch_size, epochs, seed,
/// penalty, early_stopping, data }.
status session_from(const settings& args, train::config& out, train::training_data& data);
/// optimize { surface, surfaceParams, optimizer, params, schedule, start, steps, noise }.
status run_from(const settings& args, optim::run_config& out);
/// lrSchedule { lr, ...schedule }.
status lr_schedule_from(const settings& args, double& lr, schedules::spec& out, schedules::warmup::config& warmup);
status contrastive_from(const settings& args, contrastive::config& out);
status elastic_net_from(const settings& args, regularisation::path_config& out);
/// A dataset by name with { n, seed, validation, ...its options }.
status dataset_from(const std::string& name, const settings& args, data::dataset_config& out);

// Translate, then build: what the JSON entry points (and the tests of their arguments) call.
status make_optimizer(const std::string& name, const settings& args, optim::optimizer& out);
status make_schedule(const settings& args, double lr, long total_steps, schedules::schedule& out);
status make_surface(const std::string& name, const settings& params, surfaces::surface& out);
status make_model(const settings& args, std::size_t features, std::size_t classes, models::model& out);
status make_session(const settings& args, train::session& out);
status make_contrastive(const settings& args, contrastive::session& out);
status make_dataset(const std::string& name, const settings& args, data::dataset& out);
status optimize(const settings& args, optim::trajectory& out);
status lr_schedule(const settings& args, long steps, std::vector<double>& lr, std::vector<double>& momentum);
status elastic_net_path(const settings& args, regularisation::path_result& out);

}  // namespace losslab::adapters

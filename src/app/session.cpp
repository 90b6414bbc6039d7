#include "app/session.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/base/format.hpp"
#include "core/engine/sweep.hpp"
#include "core/ingest/detect.hpp"
#include "core/link/url_state.hpp"
#include "core/model/model_config.hpp"
#include "core/options/option_table.hpp"
#include "core/report/netron.hpp"
#include "core/report/report_model.hpp"
#include "embedded/embedded_files.hpp"

namespace mm::app {
namespace {

// "a, b and c": the names of a table's rows in a notice.
template <class Rows>
std::string list_names(const Rows& rows) {
    std::string out;
    const std::size_t n = std::size(rows);
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0) out += i + 1 == n ? " and " : ", ";
        out += rows[i].name;
    }
    return out;
}

std::string capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

}  // namespace

Result<ComparedOptions> compared_options(const Catalog& catalog, const AnalyzeOptions& o, const Comparison& with) {
    ComparedOptions out{o, {}};
    AnalyzeOptions& c = out.options;
    if (!with.gpu.empty() && with.gpu != o.gpu) {
        c.gpu = with.gpu;  // an unknown preset is the analysis' to refuse, with its sentence
        c.gpu_overrides.clear();  // the edited figures belong to the first GPU
    }
    if (with.model.empty() || with.model == o.model) return out;
    // Through the option table, as a link's or the CLI's --model sets it: the mode falls back there.
    const std::string refused = apply_option(*find_option("model"), c, with.model, catalog);
    if (!refused.empty()) return make_error(capitalised(refused) + ".", "compare_model");
    const ModelEntry* m = catalog.find_model(c.model);
    if (c.mode != o.mode)
        out.notes.push_back(m->config->display_name + " has no mode " + o.mode + ": its default mode, " + c.mode + ", is compared.");
    const int64_t tiles = c.crops_w * c.crops_h;
    if (c.crops == AnalyzeOptions::Crops::explicit_grid &&
        (tiles < m->config->crop_min_tiles || tiles > m->config->crop_max_tiles)) {
        c.crops = AnalyzeOptions::Crops::from_image;
        c.crops_w = c.crops_h = 0;
        out.notes.push_back(m->config->display_name + " crops " + std::to_string(m->config->crop_min_tiles) + " to " +
                            std::to_string(m->config->crop_max_tiles) + " tiles, not " + std::to_string(o.crops_w) + "x" +
                            std::to_string(o.crops_h) + ": its crops come from the page by its own rule.");
    }
    return out;
}

Session::Session() {
    auto catalog = load_catalog(embedded_assets());
    if (catalog.ok()) {
        catalog_ = std::move(catalog).value();
    } else {
        catalog_error_ = "The built-in presets could not be read: " + catalog.error().message;
    }
    reanalyse();
}

void Session::set_publisher(std::function<void(const std::string&)> publish) { publish_ = std::move(publish); }

Result<Analysis> Session::analyse(const AnalyzeOptions& options) const {
    return study_ ? analyze_study(catalog_, *study_, options) : analyze(catalog_, options);
}

std::string Session::network_files() const {
    std::string names;
    if (network())
        for (const auto& i : inputs_) names += (names.empty() ? "" : ",") + i.name;
    return names;
}

void Session::reanalyse() {
    if (!catalog_error_.empty()) return;
    auto result = analyse(options_);
    if (result.ok()) {
        analysis_ = std::move(result).value();
        analysis_error_.clear();
        if (selected_ >= static_cast<int>(analysis_->modules().size())) selected_ = -1;
        if (selected_ >= 0) formula_ = explain_module(*analysis_, selected_);
        analyse_comparison();
        publish_state();
    } else {
        analysis_error_ = result.error().message;  // the last good analysis stays on screen
    }
}

void Session::analyse_comparison() {
    compare_.reset();
    compare_error_.clear();
    compare_notes_.clear();
    if (comparison_.empty()) return;
    const std::string label = compare_label();
    if (network() && !comparison_.model.empty()) {
        compare_error_ = "No comparison with " + label + ": a dropped network is compared on another GPU only, not with a model.";
        return;
    }
    auto other = compared_options(catalog_, options_, comparison_);
    if (!other.ok()) {
        compare_error_ = "No comparison with " + label + ": " + other.error().message;
        return;
    }
    compare_notes_ = std::move(other.value().notes);
    if (!comparison_.gpu.empty() && !comparison_.model.empty())
        compare_notes_.insert(compare_notes_.begin(),
                              "One comparison at a time: the model and the GPU both differ from " + this_label() + ".");
    auto second = analyse(other.value().options);
    if (second.ok()) compare_ = std::move(second).value();
    else compare_error_ = "No comparison with " + label + ": " + second.error().message;
}

std::string Session::compare_label() const {
    std::string model = comparison_.model;
    if (const ModelEntry* m = catalog_.find_model(model)) model = m->config->display_name;
    if (comparison_.gpu.empty()) return model;
    return model.empty() ? comparison_.gpu : model + " on " + comparison_.gpu;
}

std::string Session::this_label() const {
    std::string model = network() ? study_->network_label() : options_.model;
    if (!network())
        if (const ModelEntry* m = catalog_.find_model(model)) model = m->config->display_name;
    if (comparison_.gpu.empty()) return model;
    return comparison_.model.empty() ? options_.gpu : model + " on " + options_.gpu;
}

std::vector<std::pair<std::string, std::string>> Session::link_params() const {
    std::vector<std::pair<std::string, std::string>> p = {{"view", std::string(view_name(view_))}};
    // A dropped network is not in the link: it names the file, which whoever opens the link must drop.
    if (network()) p.emplace_back("torchinfo", network_files());
    if (!comparison_.gpu.empty()) p.emplace_back("compare", comparison_.gpu);
    if (!comparison_.model.empty()) p.emplace_back("compare_model", comparison_.model);
    if (view_ == View::sweep) p.emplace_back("sweep", std::string(sweep_axis_spec(sweep_axis_).name));
    if (view_ == View::capacity) {  // the planner's knobs, while its view is shown
        std::string list;
        for (int64_t c : plan_.concurrency) list += (list.empty() ? "" : ",") + std::to_string(c);
        p.emplace_back("concurrency", list);
        p.emplace_back("host_s", format_number(plan_.host_preprocess_s));
        p.emplace_back("host_workers", std::to_string(plan_.host_workers));
        if (plan_.host_step_s > 0) p.emplace_back("host_step_ms", format_number(plan_.host_step_s * 1e3));
        if (plan_.ttft_max_s > 0) p.emplace_back("ttft_max_s", format_number(plan_.ttft_max_s));
        if (plan_.tpot_max_s > 0) p.emplace_back("tpot_max_ms", format_number(plan_.tpot_max_s * 1e3));
        if (plan_.target_pages_per_hour > 0) p.emplace_back("pages_per_hour", format_number(plan_.target_pages_per_hour));
    }
    if (analysis_ && selected_ >= 0) p.emplace_back("module", std::string(analysis_->modules()[size_t(selected_)].id));
    p.emplace_back("theme", dark_ ? "dark" : "light");
    return p;
}

void Session::publish_state() {
    url_state_ = encode_url_state(options_, link_params());
    if (publish_) publish_(url_state_);
}

Result<Plan> Session::capacity_plan(const Comparison& with) const {
    if (network())
        return make_error("Capacity planning batches requests that prefill and decode; " + study_->network_label() +
                          " is one forward pass. Its Sweep view varies the batch.");
    PlanOptions p = plan_;
    p.base = options_;
    if (!with.empty()) {
        auto other = compared_options(catalog_, options_, with);
        if (!other.ok()) return other.error();
        p.base = std::move(other.value().options);
    }
    return plan_capacity(catalog_, p);
}

void Session::set_plan_options(const PlanOptions& plan) {
    plan_ = plan;
    publish_state();
}

void Session::select_module(int index) {
    if (!analysis_ || index < 0 || index >= static_cast<int>(analysis_->modules().size())) index = -1;
    if (index == selected_) return;
    selected_ = index;
    formula_ = index >= 0 ? explain_module(*analysis_, index) : std::string();
    publish_state();
}

void Session::set_compare_gpu(std::string gpu) {
    comparison_.gpu = std::move(gpu);
    reanalyse();
}

void Session::set_compare_model(std::string model) {
    comparison_.model = std::move(model);
    reanalyse();
}

void Session::show_view(View view) {
    view_requested_ = true;
    set_view(view);
}

void Session::set_view(View view) {
    view_ = view;
    publish_state();
}

bool Session::take_view_request() { return std::exchange(view_requested_, false); }

void Session::set_sweep_axis(SweepAxis axis) {
    sweep_axis_ = axis;
    publish_state();
}

void Session::toggle_theme() {
    dark_ = !dark_;
    publish_state();
}

std::optional<ExportFile> Session::export_file(std::string_view what) {
    if (!analysis_) {
        report_error("There is no analysis to export yet.");
        return std::nullopt;
    }
    if (what == "analysis.json") return ExportFile{"modelmeter-analysis.json", "application/json", analysis_to_json(*analysis_)};
    if (what == "netron-attachment.json")
        return ExportFile{"modelmeter.attachment.json", "application/json", netron_attachment_json(*analysis_)};
    if (what == "view.png") return ExportFile{"modelmeter-" + std::string(view_name(view_)) + ".png", "image/png", {}, true};
    if (what == "report.json" || what == "summary.json" || what == "modules.csv" || what == "report.zip") {
        // The seed system's report, exactly as `modelmeter report` writes it for these settings.
        auto report = build_report(catalog_, *analysis_);
        if (!report.ok()) {
            report_error(report.error().message);
            return std::nullopt;
        }
        const auto& r = report.value();
        if (what == "report.json") return ExportFile{"report.json", "application/json", report_json(r)};
        if (what == "summary.json") return ExportFile{"summary.json", "application/json", report_summary_json(r)};
        if (what == "modules.csv") return ExportFile{"modules.csv", "text/csv", report_modules_csv(r)};
        ExportFile zip{r.run_id + ".zip", "application/zip", {}};
        for (auto& f : report_files(r)) zip.archive.push_back({std::move(f.path), std::move(f.text)});
        return zip;
    }
    report_error("Unknown export \"" + std::string(what.substr(0, 40)) + "\"; the exports are analysis.json, report.json, "
                 "summary.json, modules.csv, report.zip, netron-attachment.json and view.png.");
    return std::nullopt;
}

void Session::open_file(std::string_view name, std::string_view text) {
    const auto check = identify_artifact(name, text);
    // An error names its file, and stays until that file loads (or it is dismissed): dropping a bad
    // and a good file together must not lose the bad one's sentence, whichever arrives first.
    auto refuse = [&](std::string sentence) {
        report_error(std::move(sentence));
        error_file_ = std::string(name);
    };
    if (!check.identity) {
        refuse(check.error);
        return;
    }
    // The files loaded so far and this one are read together as one TorchInfo run (DeepSeek-OCR's
    // summary, unique-layers and stages files); a file of the same name replaces its earlier version.
    // A summary of another network stands alone: it replaces whatever was loaded, and whatever is
    // dropped after it replaces it. Nothing changes unless the new set reads.
    LoadedInput input{std::string(name), std::string(text), std::string(artifact_kind_name(check.identity->kind)),
                      check.identity->summary};
    const TextFile file{input.name, input.text};
    auto alone = study_torchinfo(std::span<const TextFile>(&file, 1), embedded_assets());
    // So does a file of the other DeepSeek-OCR model: an OCR 2 summary is not read with OCR 1's files.
    const bool replace = network() || (alone.ok() && alone.value().network) ||
                         (alone.ok() && study_ && alone.value().recovered.model != study_->recovered.model);
    std::vector<LoadedInput> inputs = replace ? std::vector<LoadedInput>() : inputs_;
    auto same = std::find_if(inputs.begin(), inputs.end(), [&](const LoadedInput& i) { return i.name == input.name; });
    if (same != inputs.end()) *same = std::move(input);
    else inputs.push_back(std::move(input));
    auto study = std::move(alone);
    if (inputs.size() > 1) {
        std::vector<TextFile> files;
        for (const auto& i : inputs) files.push_back({i.name, i.text});
        study = study_torchinfo(files, embedded_assets());
    }
    if (!study.ok()) {
        refuse(study.error().message);
        return;
    }
    inputs_ = std::move(inputs);
    study_ = std::move(study).value();
    if (error_file_ == name) {
        last_error_.reset();
        error_file_.clear();
    }
    if (study_->deepseek_ocr) {
        options_ = options_from_study(*study_, options_);
        info_ = recorded_run_info();
        reanalyse();
        return;
    }
    // Another network: one forward pass of its own tree at the batch its summary was taken at, on the
    // GPU, time profile and precisions already chosen. A share link waiting for this file applies now.
    options_ = options_from_study(*study_, options_);
    selected_ = -1;
    formula_.clear();
    info_ = "Analysing " + study_->network_label() + ": one forward pass at batch " + std::to_string(options_.batch) +
            ", the batch its summary was taken at; every shape scales with the batch.";
    if (!pending_file_.empty() && pending_file_ == network_files()) {
        const std::string state = std::exchange(pending_state_, {});
        pending_file_.clear();
        apply_url_state(state);
        return;
    }
    show_view(View::breakdown);
    reanalyse();
}

void Session::load_sample(bool ocr2) {
    for (const auto& f : embedded_samples())
        if ((f.path.find("deepseek-ocr-2-") != std::string::npos) == ocr2) open_file(f.path, f.text);
}

void Session::forget_files() {
    inputs_.clear();
    study_.reset();
    info_.clear();  // it spoke about those files
}

void Session::clear_inputs() {
    forget_files();
    pending_file_.clear();
    pending_state_.clear();
    AnalyzeOptions o;
    o.gpu = options_.gpu;
    o.gpu_overrides = options_.gpu_overrides;
    o.profile = options_.profile;
    o.convention = options_.convention;
    o.weights_precision = options_.weights_precision;
    o.activations_precision = options_.activations_precision;
    o.kv_precision = options_.kv_precision;
    o.gpu_memory_percent = options_.gpu_memory_percent;
    selected_ = -1;
    formula_.clear();
    set_options(o);
}

void Session::report_error(std::string sentence) {
    last_error_ = std::move(sentence);
    error_file_.clear();
}

void Session::begin_files() { dismiss_error(); }

void Session::dismiss_error() {
    last_error_.reset();
    error_file_.clear();
}

// "Analysing the run ..." while the settings are the run's; once a recorded figure (crops, batch, new
// tokens, page size) is changed, the banner says what the files record and that the settings rule.
std::string Session::recorded_run_info() const {
    const AnalyzeOptions run = options_from_study(*study_, options_);
    const bool crops = run.crops != AnalyzeOptions::Crops::off && run.crops_w * run.crops_h > 0;
    const std::string what = (crops ? std::to_string(run.crops_w) + "x" + std::to_string(run.crops_h) + " crops"
                                    : std::string("the global view only")) +
                             ", batch " + std::to_string(run.batch);
    if (encode_url_state(run) != encode_url_state(options_))
        return "The TorchInfo files record " + what + "; the analysis follows the settings you changed.";
    return "Analysing the run the TorchInfo files record: " + what +
           (study_->recovered.standard_fallback ? " (no crop grid recorded: the standard workload)." : ".");
}

void Session::set_info(std::string sentence) { info_ = std::move(sentence); }

void Session::apply_url_state(std::string_view state) {
    if (catalog_error_.size()) return;
    const auto decoded = decode_url_state(state, catalog_, AnalyzeOptions{}, kPageViewKeys);
    options_ = decoded.options;
    notices_ = decoded.notices;
    std::string module, network_file;
    PlanOptions plan;  // the link's planner knobs, else the defaults
    comparison_ = {};
    for (const auto& param : decoded.app_params) {
        const std::string& key = param.first;
        const std::string& value = param.second;  // a plain reference: clang 14 cannot capture structured bindings
        if (key == "theme") {
            dark_ = value != "light";
        } else if (key == "view") {
            if (const auto v = find_view(value)) show_view(*v);
            else notices_.push_back("Ignored view=" + value.substr(0, 40) + ": the views are " + list_names(kViews) + ".");
        } else if (key == "module") {
            module = value;
        } else if (key == "sweep") {
            if (const auto axis = find_sweep_axis(value)) sweep_axis_ = *axis;
            else notices_.push_back("Ignored sweep=" + value.substr(0, 40) + ": the sweeps are " + list_names(kSweepAxes) + ".");
        } else if (key == "torchinfo") {
            network_file = value;
        } else if (key == "concurrency") {
            auto list = parse_int_list(value, "concurrency");
            if (!list.ok()) notices_.push_back("Ignored concurrency=" + value.substr(0, 40) + ": " + list.error().message);
            else if (list.value().empty() || list.value().size() > kMaxPlanRows)
                notices_.push_back("Ignored concurrency=" + value.substr(0, 40) + ": the Capacity view plans 1 to " +
                                   std::to_string(kMaxPlanRows) + " concurrencies.");
            else plan.concurrency = list.value();
        } else if (key == "ttft_max_s" || key == "tpot_max_ms" || key == "host_s" || key == "host_workers" ||
                   key == "host_step_ms" || key == "pages_per_hour") {
            char* end = nullptr;
            const double v = std::strtod(value.c_str(), &end);
            const bool whole = key != "host_workers" || v == std::floor(v);
            const double hi = key == "host_workers" ? 1e6 : 1e12;
            if (value.empty() || *end != '\0' || !std::isfinite(v) || v < (key == "host_workers" ? 1 : 0) || v > hi || !whole) {
                notices_.push_back("Ignored " + key + "=" + value.substr(0, 40) + ": " +
                                   (key == "host_workers" ? "a whole number of workers from 1 to 1,000,000."
                                                          : "a number from 0 (none) to 10^12."));
            } else if (key == "ttft_max_s") plan.ttft_max_s = v;
            else if (key == "tpot_max_ms") plan.tpot_max_s = v / 1e3;
            else if (key == "host_s") plan.host_preprocess_s = v;
            else if (key == "host_workers") plan.host_workers = int64_t(v);
            else if (key == "host_step_ms") plan.host_step_s = v / 1e3;
            else plan.target_pages_per_hour = v;
        } else if (key == "compare") {
            const auto names = gpu_names(catalog_);
            if (std::find(names.begin(), names.end(), value) != names.end()) comparison_.gpu = value;
            else notices_.push_back("Ignored compare=" + value.substr(0, 40) + ": no such GPU preset.");
        } else if (key == "compare_model") {
            const auto names = model_names(catalog_);
            if (std::find(names.begin(), names.end(), value) != names.end()) comparison_.model = value;
            else notices_.push_back("Ignored compare_model=" + value.substr(0, 40) + ": " + find_option("model")->accepted(names) + ".");
        }
    }
    plan_ = plan;
    // The link's network: the one loaded, or a file to drop (its settings wait for it); a link without
    // one is DeepSeek-OCR's, whatever network was loaded.
    pending_file_.clear();
    pending_state_.clear();
    if (!network_file.empty() && network_file != network_files()) {
        pending_file_ = network_file;
        pending_state_ = std::string(state);
        notices_.push_back("This link analysed " + network_file.substr(0, 120) +
                           ", a TorchInfo summary the page does not hold: drop that file on the page and the link's settings "
                           "apply to it. Meanwhile DeepSeek-OCR is shown.");
        if (network()) forget_files();
        module.clear();
    } else if (network_file.empty() && network()) {
        forget_files();
    }
    if (study_ && study_->deepseek_ocr) info_ = recorded_run_info();
    reanalyse();
    if (!module.empty() && analysis_) {
        const auto& rows = analysis_->modules();
        const auto it = std::find_if(rows.begin(), rows.end(), [&](const ModuleRow& r) { return r.id == module; });
        if (it != rows.end()) select_module(static_cast<int>(it - rows.begin()));
        else notices_.push_back("Ignored module=" + module.substr(0, 60) + ": no module has that id.");
    }
}

void Session::set_options(const AnalyzeOptions& options) {
    options_ = options;
    if (study_ && study_->deepseek_ocr) info_ = recorded_run_info();
    reanalyse();
}

std::string Session::state_json() const {
    // ordered_json keeps the CLI's key order, so state() reads like `modelmeter analyze --format json`.
    nlohmann::ordered_json j =
        analysis_ ? nlohmann::ordered_json::parse(analysis_to_json(*analysis_), nullptr, false) : nlohmann::ordered_json::object();
    if (j.is_discarded()) j = nlohmann::ordered_json::object();
    j["url_state"] = url_state_;
    j["analysis_error"] = analysis_error_.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(analysis_error_);
    j["last_error"] = last_error_ ? nlohmann::ordered_json(*last_error_) : nlohmann::ordered_json(nullptr);
    j["notices"] = notices_;
    j["info"] = info_;  // the passing confirmation line ("Downloaded ...", "Copied ...")
    j["theme"] = dark_ ? "dark" : "light";
    if (!compare_error_.empty()) j["compare_error"] = compare_error_;
    if (!compare_notes_.empty()) j["compare_notes"] = compare_notes_;
    if (compare_) {
        // The compared analysis as `modelmeter analyze --format json` prints its members, and what sets it apart.
        const auto other = nlohmann::ordered_json::parse(analysis_to_json(*compare_), nullptr, false);
        auto& c = j["compare"] = {{"gpu", compare_->gpu().name}, {"model", compare_->model_name}, {"label", compare_label()}};
        if (other.is_object())
            for (const char* key : {"workload", "params", "stages", "latency", "memory"})
                if (other.contains(key)) c[key] = other[key];
    }
    j["view"] = view_name(view_);
    if (view_ == View::capacity) {  // what the Capacity view shows: `modelmeter plan --format json`, or why not
        const auto plan = capacity_plan();
        if (plan.ok()) {
            const auto p = nlohmann::ordered_json::parse(plan_to_json(plan.value()), nullptr, false);
            j["capacity"] = p.is_discarded() ? nlohmann::ordered_json(nullptr) : p;
        } else {
            j["capacity"] = {{"error", plan.error().message}};
        }
        if (!comparison_.empty()) {  // the compared plan the view draws beside it (`plan` with the compared flags)
            const auto other = capacity_plan(comparison_);
            if (other.ok()) {
                auto p = nlohmann::ordered_json::parse(plan_to_json(other.value()), nullptr, false);
                if (p.is_object()) p["label"] = compare_label();
                j["compare_capacity"] = p.is_discarded() ? nlohmann::ordered_json(nullptr) : p;
            } else {
                j["compare_capacity"] = {{"error", other.error().message}};
            }
        }
    }
    j["selected_module"] = analysis_ && selected_ >= 0 ? nlohmann::ordered_json(std::string(analysis_->modules()[size_t(selected_)].id))
                                                       : nlohmann::ordered_json(nullptr);
    auto& inputs = j["inputs"] = nlohmann::ordered_json::array();
    for (const auto& i : inputs_)
        inputs.push_back({{"name", i.name}, {"bytes", i.text.size()}, {"kind", i.kind}, {"summary", i.summary}});
    // The dropped network being analysed ("ResNet (resnet34.txt)"), null for DeepSeek-OCR.
    j["network"] = network() ? nlohmann::ordered_json(study_->network_label()) : nlohmann::ordered_json(nullptr);
    if (study_) {
        const auto extra = nlohmann::ordered_json::parse(torchinfo_json(*study_, analysis_ ? &*analysis_ : nullptr), nullptr, false);
        if (extra.is_object())
            for (auto it = extra.begin(); it != extra.end(); ++it) j[it.key()] = it.value();
    }
    // A sentence may quote bytes of a file that are not UTF-8 (a parser's "last read: ..."): replace
    // them (U+FFFD) rather than throw, which would take the page's state() down with it.
    return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string Session::status_line() const {
    std::string s = "state " + url_state_;
    if (analysis_) {
        s += " | TTFT " + std::to_string(analysis_->latency().ttft_s) + " s, TPOT " + std::to_string(analysis_->latency().tpot_s) + " s";
    }
    if (!catalog_error_.empty()) s += " | catalog error: " + catalog_error_;
    if (!analysis_error_.empty()) s += " | analysis error: " + analysis_error_;
    if (last_error_) s += " | error: " + *last_error_;
    for (const auto& n : notices_) s += " | notice: " + n;
    return s;
}

}  // namespace mm::app

#pragma once
// The subcommands of `modelmeter`. Each registers its flags on the CLI11 app and runs after parsing.
#include <CLI/CLI.hpp>

#include <optional>

#include "core/api.hpp"
#include "core/ingest/study.hpp"
#include "core/report/report_model.hpp"
#include "core/engine/plan.hpp"
#include "core/engine/sweep.hpp"

namespace mm::cli {

// Exit codes: 0 success, 2 a bad flag or input (one sentence on stderr).
inline constexpr int kExitUsage = 2;

struct AnalyzeFlags {
    // One flag per row of the option table (core/options), in its order: the text as given, and the
    // flag, so a --workload preset is overridden only by flags actually set.
    std::vector<std::string> values;
    std::vector<CLI::Option*> given;
    std::string workload;  // preset to start from; other flags override it
    bool no_crops = false;
    std::string precision;  // weights = activations = KV cache
    std::vector<std::string> gpu_set;
    std::string format = "table";
    std::vector<std::string> torchinfo;  // TorchInfo artifacts of one run: their workload, flags override it
    std::string link;  // a share link from the page (or just its state): applied after the preset and TorchInfo
    CLI::Option* opt_precision = nullptr;

    bool set(std::string_view key) const;       // the option's flag was given
    std::string value(std::string_view key) const;  // its text (empty when not given)
};

void add_analyze_flags(CLI::App& cmd, AnalyzeFlags& flags);
// Reads and studies the --torchinfo files (none given: an empty optional).
Result<std::optional<TorchInfoStudy>> load_torchinfo(const AnalyzeFlags& flags);
// Builds the options (preset, then the TorchInfo run's recovered workload, then the flags actually
// given); a problem is a one-sentence Diagnostic.
Result<AnalyzeOptions> resolve_analyze_flags(const Catalog& catalog, const AnalyzeFlags& flags,
                                             const TorchInfoStudy* study = nullptr);
int run_analyze(const Catalog& catalog, const AnalyzeFlags& flags);
// `unique_layers_path`: the real torchinfo-unique-layers.json to time parsing on (skipped if absent).
int run_bench(const Catalog& catalog, const std::string& unique_layers_path);

// `modelmeter report`: the analyze flags plus where to write.
struct ReportFlags {
    AnalyzeFlags analyze;
    std::string out, run_id;
    bool timestamp = false;
    int top = 20;
};
void add_report_flags(CLI::App& cmd, ReportFlags& flags);
// --run-id names one folder: empty (the default id) or UTF-8 without slashes or control characters, not "." or "..".
bool valid_run_id(const std::string& run_id);
int run_report(const Catalog& catalog, const ReportFlags& flags);

// `modelmeter explain MODULE`: the analyze flags plus the module.
struct ExplainFlags {
    AnalyzeFlags analyze;
    std::string module;
};
void add_explain_flags(CLI::App& cmd, ExplainFlags& flags);
// The modules `explain MODULE` prints: those whose id is `module`, else whose vendor name is. None:
// `near` lists up to five close ids (containing the text, else by edit distance).
std::vector<int> explain_matches(const Analysis& analysis, const std::string& module, std::string& near);
int run_explain(const Catalog& catalog, const ExplainFlags& flags);

// `modelmeter sweep`: lists on every axis.
struct SweepFlags {
    std::string workload, model, mode, attention, convention;
    CLI::Option *opt_model = nullptr, *opt_mode = nullptr, *opt_attention = nullptr, *opt_convention = nullptr;
    std::string crops, image, new_tokens, batch, gpu, precision, profile;
    std::string stages = "all";
    std::string format = "csv";
    std::string out;
};
void add_sweep_flags(CLI::App& cmd, SweepFlags& flags);
// The grid's points and the stage columns the flags ask for; a problem is a one-sentence Diagnostic.
struct SweepPlan {
    std::vector<SweepPoint> points;
    SweepColumns columns;
};
Result<SweepPlan> plan_sweep(const Catalog& catalog, const SweepFlags& flags);
int run_sweep_command(const Catalog& catalog, const SweepFlags& flags);

// `modelmeter plan`: the analyze flags (the workload and GPU) plus concurrency, host term and SLA.
struct PlanFlags {
    AnalyzeFlags analyze;
    std::string concurrency = "1,4,16,64";
    double host_preprocess_s = kDefaultHostPreprocessS;
    int64_t host_workers = 1;
    double host_step_ms = kDefaultHostStepS * 1e3;
    int64_t prefill_chunk_tokens = 2048;
    int64_t kv_block_tokens = 16;
    double ttft_max_s = 0;
    double tpot_max_ms = 0;
    double pages_per_hour = 0;
};
void add_plan_flags(CLI::App& cmd, PlanFlags& flags);
int run_plan(const Catalog& catalog, const PlanFlags& flags);

int run_gpus(const Catalog& catalog, const std::string& format);

}  // namespace mm::cli

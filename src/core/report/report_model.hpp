#pragma once
// The seed system's report artifacts (docs formats.md: AnalyticModelReport, its summary, the
// Markdown layer docs) plus modules.csv, built from one Analysis. Pure: values in, text out; the
// caller writes the files. Deterministic: the same analysis and options give byte-identical text
// natively and in WebAssembly (no clocks: a timestamp appears only when the caller passes one).
//
// Units: the core keeps base units; the seed's field names carry their own units and are kept for
// its users' scripts: *_tflops = FLOPs / 1e12, *_io_tb = terabits = bytes * 8 / 1e12,
// *_gb = GiB = bytes / 2^30, *_ms = seconds * 1e3. modules.csv stays in base units.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/analysis.hpp"
#include "core/report/metric_table.hpp"
#include "core/presets/catalog.hpp"
#include "core/engine/categories.hpp"
#include "core/base/result.hpp"

namespace mm {

struct ReportOptions {
    // Names the run folder and the report; empty = default_run_id(analysis) (deterministic).
    std::string run_id;
    // Written as "generated_at" when non-empty (the CLI's --timestamp); never read from a clock here.
    std::string timestamp;
    int top_modules = 20;  // rows of summary.json's top_modules[] and summary.md's slowest-modules table
};

// The seed's stage of a module: vision | projector | prefill | decode (the projector component
// of the vision stage is "projector").
std::string_view seed_stage(const ModuleRow& row);


// The share link that reproduces the analysis; a network's names the TorchInfo summary it needs
// (torchinfo=<file>), which whoever opens it must drop on the page.
std::string report_share_link(const Analysis& analysis);

// "<workload>_<gpu>_<8 hex digits of the options' share-link text>": the same options give the
// same id, different options a different one.
std::string default_run_id(const AnalyzeOptions& options);

// Work of one module's subtree by operator category, with the calls of the ops in it.
struct ModuleBreakdown {
    CategoryBreakdown totals{};
    std::array<double, kOperatorCategoryCount> calls{};
};

// Everything the writers need, resolved once: the analysis, its model's configuration, the
// workload preset it started from, per-module category breakdowns.
struct AnalyticReport {
    Analysis analysis;
    ModelConfig model;
    WorkloadPreset preset;        // the preset named by analysis.options.workload
    bool preset_modified = false; // the options differ from the preset's
    std::string run_id;
    std::string profile_id;       // workload profile id: the preset's name, or "<name>-custom-<hash>"
    ReportOptions options;
    std::vector<ModuleBreakdown> breakdowns;  // one per module, tree order
    std::array<std::vector<std::string>, kOperatorCategoryCount> category_classes;  // sorted, unique
};

// Fails (one sentence) only when the analysis' model or workload preset is not in the catalog.
Result<AnalyticReport> build_report(const Catalog& catalog, const Analysis& analysis, ReportOptions options = {});

// The folder the seed used, relative to --out: "<run_id>/static_analysis/analytic_model".
std::string report_folder(const AnalyticReport& report);
// Markdown page of a module: its id with '/' replaced by '_', plus ".md".
std::string module_doc_filename(std::string_view module_id);

std::string report_json(const AnalyticReport& report);          // report.json (AnalyticModelReport)
std::string report_yaml(const AnalyticReport& report);          // report.yaml: the same document
std::string report_summary_json(const AnalyticReport& report);  // summary.json
std::string report_modules_csv(const AnalyticReport& report);   // modules.csv: one row per module
std::string report_summary_md(const AnalyticReport& report);    // layers/summary.md
std::string report_module_md(const AnalyticReport& report, int index);  // layers/<module>.md

// JSON text -> YAML text with the same keys, order and numbers (block style, strings quoted).
// An unparsable input gives an empty string.
std::string json_to_yaml(std::string_view json_text);

struct ReportFile {
    std::string path;  // relative to --out, '/'-separated: "<report_folder>/layers/summary.md"
    std::string text;
};
// The whole folder in a fixed order: report.json, report.yaml, summary.json, modules.csv,
// layers/summary.md, then one page per module in tree order.
std::vector<ReportFile> report_files(const AnalyticReport& report);

}  // namespace mm

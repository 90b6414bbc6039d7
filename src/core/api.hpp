#pragma once
// The public face of the ModelMeter core: load the presets, analyse a workload, format the result.
// Pure: text in, values out; no I/O, clocks, globals or threads. Errors are values.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/engine/analysis.hpp"
#include "core/presets/catalog.hpp"
#include "core/base/result.hpp"
#include "core/base/text_file.hpp"

namespace mm {

// The options that reproduce a workload preset (its name in AnalyzeOptions::workload).
Result<AnalyzeOptions> options_for_workload(const Catalog& catalog, std::string_view name);

// Resolves the options into a concrete workload (crop grid, token counts, formats) for `model`.
Result<Workload> resolve_workload(const ModelConfig& model, const AnalyzeOptions& options);

Result<Analysis> analyze(const Catalog& catalog, const AnalyzeOptions& options);
// Analyses `model` (a catalog entry, or a tree built from a TorchInfo summary) on the catalog's GPUs
// and time profiles; options.model is not looked up.
Result<Analysis> analyze_model(const Catalog& catalog, const ModelEntry& model, const AnalyzeOptions& options);

// Exactly what `modelmeter analyze --format json` prints (keys in a fixed order, base units).
std::string analysis_to_json(const Analysis& analysis);
// What `--format table` prints: at most 100 columns wide.
std::string analysis_to_table(const Analysis& analysis);
// How module `index` was costed: its op(s), the formulas with the numbers substituted, the
// assumptions. Built on demand (the UI's formula pane, the Markdown layer docs).
std::string explain_module(const Analysis& analysis, int index);

}  // namespace mm

#pragma once
// Everything ModelMeter learns from a set of TorchInfo artifacts of one run, in one call shared by
// the CLI (`analyze --torchinfo`) and the app (dropped files): the parsed run, the workload recovered
// from it, class coverage, the footer check, and for a network other than DeepSeek-OCR the per-layer
// analysis from classes and shapes.
#include <optional>
#include <span>
#include <string>

#include "core/engine/analysis.hpp"
#include "core/ingest/torchinfo.hpp"
#include "core/ingest/torchinfo_tree.hpp"
#include "core/base/result.hpp"
#include "core/base/text_file.hpp"

namespace mm {

struct TorchInfoStudy {
    TorchInfoRun run;
    RecoveredWorkload recovered;
    ClassCoverage coverage;
    FooterCheck footer;
    bool deepseek_ocr = false;                // the run is DeepSeek-OCR: the analytic engine applies
    std::optional<GenericAnalysis> generic;   // otherwise: the leaf layers costed from class + shapes
    std::optional<TorchInfoModel> network;    // and the network as a tree the engine analyses (table rows only)
};

// `assets` supplies torchinfo/class-map.json (embedded_assets()). `element_bytes` sizes the generic
// analysis' tensors (the activation precision).
Result<TorchInfoStudy> study_torchinfo(std::span<const TextFile> files, std::span<const TextFile> assets,
                                       double element_bytes);

// Options for the engine: `base` with the recovered workload applied (DeepSeek-OCR runs only).
AnalyzeOptions options_from_study(const TorchInfoStudy& study, AnalyzeOptions base);

// The JSON members "source" and "reconciliation" (with `analysis` of a DeepSeek-OCR run) or
// "generic" (any other network), as one object's body: {"source": ..., ...}.
std::string torchinfo_json(const TorchInfoStudy& study, const Analysis* analysis);

// `modelmeter analyze --torchinfo ... --format json`: the analysis document with "source" and
// "reconciliation" (DeepSeek-OCR runs) or "source" and "generic" (any other network, `analysis` being
// its tree's) added; {"source", "generic"} alone when there is no analysis.
std::string analysis_json_with_torchinfo(const TorchInfoStudy& study, const Analysis* analysis);

// What was understood, for a terminal (<= 100 columns): the files, the recovered workload, coverage,
// the footer check; for another network its costed leaf layers.
std::string torchinfo_table(const TorchInfoStudy& study);

}  // namespace mm

#pragma once
// Everything ModelMeter learns from a set of TorchInfo artifacts of one run, in one call shared by
// the CLI (`analyze --torchinfo`) and the app (dropped files): the parsed run, the workload recovered
// from it, class coverage, the footer check, and for a network other than DeepSeek-OCR its module tree
// (the TorchInfo builder), which the engine analyses like a built-in model.
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
    ClassCoverage coverage;                   // which classes map to a kind (DeepSeek-OCR runs)
    FooterCheck footer;
    bool deepseek_ocr = false;                // the run is DeepSeek-OCR or DeepSeek-OCR 2 (recovered.model): its built-in model applies
    std::optional<TorchInfoModel> network;    // otherwise: the network's own tree, which the engine analyses
    std::string network_label() const;        // "ResNet (resnet34.txt)"; empty for DeepSeek-OCR
};

// `assets` supplies torchinfo/class-map.json (embedded_assets()). A run of another network without
// table rows (a unique-layers file alone lists classes, not the network) is refused with a sentence.
Result<TorchInfoStudy> study_torchinfo(std::span<const TextFile> files, std::span<const TextFile> assets);

// Options for the engine: `base` with the recovered workload applied (DeepSeek-OCR runs), or with the
// batch the summary was taken at (another network; at most the engine's largest batch).
AnalyzeOptions options_from_study(const TorchInfoStudy& study, AnalyzeOptions base);

// Analyses what the study describes with `options`: DeepSeek-OCR's built-in model, or the network's tree.
Result<Analysis> analyze_study(const Catalog& catalog, const TorchInfoStudy& study, const AnalyzeOptions& options);

// The JSON members "source" and (with `analysis`, the study's) "reconciliation", as one
// object's body: {"source": ..., ...}. A network's "source" has no class coverage: its analysis says
// what was costed ("coverage", "estimated", "uncosted").
std::string torchinfo_json(const TorchInfoStudy& study, const Analysis* analysis);

// `modelmeter analyze --torchinfo ... --format json`: the analysis document with "source" and
// "reconciliation" added; {"source"} alone when there is no analysis.
std::string analysis_json_with_torchinfo(const TorchInfoStudy& study, const Analysis* analysis);

// What was understood, for a terminal (<= 100 columns): the files, the recovered workload and class
// coverage (DeepSeek-OCR runs), the footer check and notes.
std::string torchinfo_table(const TorchInfoStudy& study);

}  // namespace mm

#pragma once
// The TorchInfo builder: any network's module tree from its TorchInfo table, with one forward stage
// whose leaves are typed ops (ops/op.hpp) costed from each row's class, shapes and parameters. The
// engine analyses it like DeepSeek-OCR's tree: time, bound, roofline, memory, explain.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.hpp"
#include "core/ingest/torchinfo.hpp"
#include "core/presets/catalog.hpp"

namespace mm {

struct TorchInfoModel {
    ModelEntry entry;             // a plain model (ModelConfig::plain) and its tree
    int64_t recorded_batch = 1;   // the batch the summary was taken at: the shapes' leading dimension
    std::vector<std::string> notes;
};

// Fails (with a sentence) only when the run has no table rows; rows it cannot cost become modules
// with ModuleNode::uncosted set.
Result<TorchInfoModel> build_torchinfo_model(const TorchInfoRun& run, const ClassMap& map, std::string_view source_name);

}  // namespace mm

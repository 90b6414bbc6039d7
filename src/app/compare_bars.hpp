#pragma once
// The stage bars as plain data (no ImGui): each stage of the analysis, and with a comparison the
// compared analysis's bar beside it, paired by role: the stages by name (vision, prefill, decode; a
// network's forward), the vision stage's parts by what they do (SAM; the second encoder, DeepSeek-OCR's
// CLIP or DeepSeek-OCR 2's Qwen2 encoder; the projector). A stage or part one side lacks is nullopt,
// which the bars draw as "absent", never as a zero. Every figure is the core's (stage totals, module rows).
#include <optional>
#include <string>
#include <vector>

#include "core/api.hpp"

namespace mm::app {

struct BarPart {
    int root = -1;      // the module whose subtree the bar is (the stage's root, or the vision part)
    std::string name;   // "vision", "vision/qwen2_model"
    double time_s = 0, flops = 0, bytes = 0;
};

struct BarPair {
    std::string label;   // "vision", "  SAM" (a part, indented under its stage)
    std::string what;    // "vision stage", "second encoder (CLIP or Qwen2)": what one side lacks
    bool part = false;   // a part of the vision stage, not a stage
    std::optional<BarPart> mine, theirs;  // this analysis's and the compared one's; nullopt: it has none
    std::optional<double> ratio() const;  // theirs.time_s / mine.time_s, when both take time
};

// The bars in drawing order: every stage either analysis has, in execution order; with `theirs`, the
// vision stage's three parts after it.
std::vector<BarPair> stage_bar_pairs(const Analysis& mine, const Analysis* theirs);

}  // namespace mm::app

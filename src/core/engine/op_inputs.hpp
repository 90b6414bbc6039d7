#pragma once
// The shapes an op is costed with, worked out once for the evaluator (analyze.cpp) and for explain
// (explain.cpp): the vision views, the token set a linear runs over, SAM's window geometry and the
// decoder passes. explain prints what these return, so the formulas a user reads are the numbers the
// engine costed, not a second derivation.
#include <cstdint>

#include "core/engine/workload.hpp"
#include "core/model/model_config.hpp"
#include "core/model/module_tree.hpp"
#include "core/ops/layers.hpp"

namespace mm {

// One batched call of the vision encoders: the crops of all pages, or the global views.
struct View {
    const char* label = "";    // "crops" or "global"
    int64_t images = 0;        // crops x batch, or batch
    int64_t grid = 0;          // SAM patch grid side
    int64_t feature_side = 0;  // SAM output side (= CLIP grid side)
    int64_t pixels = 0;        // input image side
    bool tiled = false;        // local crops
    int64_t clip_seq() const { return feature_side * feature_side + 1; }  // features + CLS
    int64_t grid_tokens() const { return images * grid * grid; }
};

// The vendor's order: the crops (when there are any), then the global views. At most two, held in
// place (analyze() makes them for every analysis).
struct Views {
    View items[2];
    int count = 0;
    const View* begin() const { return items; }
    const View* end() const { return items + count; }
};
Views vision_views(const Workload& w);

// Tokens a linear of the vision stage runs over for one view (its TokenSet).
int64_t linear_tokens(const OpSpec& op, const ModelConfig& model, const View& v);

// SAM attention geometry of a block (window or global) on one view; the window side is the model's.
SamAttentionShape sam_shape(const OpSpec& op, const ModelConfig& model, const View& v);

// One forward pass of the decoder.
struct Pass {
    int64_t batch = 1;
    int64_t query_tokens = 0;  // per sequence
    int64_t kv_tokens = 0;     // per sequence after the pass
    int64_t image_tokens = 0;  // per sequence, scattered into the embeddings (prefill only)
    bool prefill = true;
};

// The prefill pass and the first two decode passes (the rest grow linearly from them).
struct Passes {
    Pass prefill, decode0, decode1;
};
Passes decoder_passes(const Workload& w);

}  // namespace mm

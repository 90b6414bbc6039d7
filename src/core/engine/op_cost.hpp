#pragma once
// What an op costs on one call of its stage. A stage calls its ops once per vision view (the crops,
// then the global views), once per decoder pass, or once per plain forward pass; the call supplies
// the rows, the images and the cache length the op's constructor dimensions do not fix.
//
// The shapes an op is costed with are worked out here, once, for the evaluator (analyze.cpp) and for
// explain (explain.cpp): explain prints what these return, so the formulas a user reads are the
// numbers the engine costed, not a second derivation.
#include <cstdint>

#include "core/engine/workload.hpp"
#include "core/ops/layers.hpp"
#include "core/ops/op.hpp"

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
    int64_t encoder_seq() const { return 2 * feature_side * feature_side; }  // OCR 2: features + queries
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

// One forward pass of the decoder.
struct Pass {
    int64_t batch = 1;
    int64_t query_tokens = 0;  // per sequence
    int64_t kv_tokens = 0;     // per sequence after the pass
    int64_t kv_capacity = 0;   // cache length per sequence at the end of the request (resident KV)
    int64_t image_tokens = 0;  // per sequence, scattered into the embeddings (prefill only)
    bool prefill = true;
    bool flash = true;         // flash attention kernel (causal tiles skipped) vs eager
    int64_t tokens() const { return batch * query_tokens; }
};

// The prefill pass and the first two decode passes (the rest grow linearly from them).
struct Passes {
    Pass prefill, decode0, decode1;
};
Passes decoder_passes(const Workload& w);

// One forward pass of a plain network over `batch` samples.
struct Sample {
    int64_t batch = 1;
    bool flash = true;  // attention kernels skip causally masked pairs (Workload::attention)
};

// Rows a per-token op runs over in one call.
int64_t rows(Rows r, const View& v, int64_t window = 0);
int64_t rows(Rows r, const Pass& p);
int64_t rows(Rows r, const Sample& s, int64_t per_sample);

// Side of the grid padded to whole windows (the grid itself for window 0).
int64_t padded_side(int64_t grid, int64_t window);

// The shapes of the ops whose geometry explain prints.
Conv2dShape conv_shape(const op::Conv2d& o, const View& v);
SamAttentionShape sam_shape(const op::SamAttentionDims& o, const View& v);

// The cost of one call; an op that does not run in calls of this kind (a decoder op in a view) costs
// nothing: the builders never put it there (tests/core/test_op_tree.cpp).
LayerCost op_cost(const Op& o, const View& v, const ElementBytes& e);
LayerCost op_cost(const Op& o, const Pass& p, const ElementBytes& e);
LayerCost op_cost(const Op& o, const Sample& s, const ElementBytes& e);
bool runs_in_views(const Op& o);
bool runs_in_passes(const Op& o);
bool runs_in_samples(const Op& o);

// Ops costed once per request in the vision stage rather than once per view.
LayerCost request_cost(const op::ViewSeparator& o, const Workload& w, const ElementBytes& e);

}  // namespace mm

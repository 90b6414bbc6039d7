#include "core/engine/op_inputs.hpp"

namespace mm {

Views vision_views(const Workload& w) {
    Views v;
    if (w.num_crops() > 0)
        v.items[v.count++] = View{"crops", w.batch * w.num_crops(), w.tile_patch_grid, w.tile_feature_side, w.tile_size_px, true};
    v.items[v.count++] = View{"global", w.batch, w.global_patch_grid, w.global_feature_side, w.base_size_px, false};
    return v;
}

SamAttentionShape sam_shape(const OpSpec& op, const ModelConfig& model, const View& v) {
    const SamConfig& s = model.sam;
    return SamAttentionShape{v.images, v.grid, s.embed_dim, s.num_heads, s.head_dim(), s.window_size,
                             op.global_attention, op.global_attention ? s.pos_embed_grid : s.window_size};
}

int64_t linear_tokens(const OpSpec& op, const ModelConfig& model, const View& v) {
    switch (op.tokens) {
        case TokenSet::sam_grid: return v.grid_tokens();
        case TokenSet::sam_attn: return sam_shape(op, model, v).attention_tokens();  // padded to whole windows
        case TokenSet::clip_seq: return v.images * v.clip_seq();
        case TokenSet::projector: return v.images * v.feature_side * v.feature_side;
        default: return 0;
    }
}

// Prefill: one pass over S tokens per sequence. Decode pass j (j = 0..N-2) adds one token per sequence
// and attends to S + j + 1 cached keys (docs/domain.md section 2).
Passes decoder_passes(const Workload& w) {
    return Passes{Pass{w.batch, w.prefill_tokens, w.prefill_tokens, w.image_tokens, true},
                  Pass{w.batch, 1, w.prefill_tokens + 1, 0, false}, Pass{w.batch, 1, w.prefill_tokens + 2, 0, false}};
}

}  // namespace mm

#include "core/engine/op_cost.hpp"

#include <type_traits>

namespace mm {

Views vision_views(const Workload& w) {
    Views v;
    if (w.num_crops() > 0)
        v.items[v.count++] = View{"crops", w.batch * w.num_crops(), w.tile_patch_grid, w.tile_feature_side, w.tile_size_px, true};
    v.items[v.count++] = View{"global", w.batch, w.global_patch_grid, w.global_feature_side, w.base_size_px, false};
    return v;
}

// Prefill: one pass over S tokens per sequence. Decode pass j (j = 0..N-2) adds one token per sequence
// and attends to S + j + 1 cached keys (docs/domain.md section 2).
Passes decoder_passes(const Workload& w) {
    const int64_t S = w.prefill_tokens, cap = w.kv_tokens_final();
    const bool flash = w.attention == AttentionImpl::flash;
    return Passes{Pass{w.batch, S, S, cap, w.image_tokens, true, flash}, Pass{w.batch, 1, S + 1, cap, 0, false, flash},
                  Pass{w.batch, 1, S + 2, cap, 0, false, flash}};
}

int64_t padded_side(int64_t grid, int64_t window) { return window > 0 ? (grid + window - 1) / window * window : grid; }

int64_t rows(Rows r, const View& v, int64_t window) {
    switch (r) {
        case Rows::sam_grid: return v.grid_tokens();
        case Rows::sam_windows: {
            const int64_t side = padded_side(v.grid, window);  // padded to whole windows
            return v.images * side * side;
        }
        case Rows::clip_seq: return v.images * v.clip_seq();
        case Rows::features: return v.images * v.feature_side * v.feature_side;
        case Rows::encoder_seq: return v.images * v.encoder_seq();
        default: return 0;
    }
}

int64_t rows(Rows r, const Pass& p) { return r == Rows::pass ? p.tokens() : 0; }
int64_t rows(Rows r, const Sample& s, int64_t per_sample) { return r == Rows::sample ? s.batch * per_sample : 0; }

Conv2dShape conv_shape(const op::Conv2d& o, const View& v) {
    const int64_t side = o.grid_divisor == 0 ? v.pixels : v.grid / o.grid_divisor;
    return {v.images, o.in_channels, o.out_channels, side, side, o.kernel, o.stride, o.padding, o.bias};
}

SamAttentionShape sam_shape(const op::SamAttentionDims& o, const View& v) {
    return SamAttentionShape{v.images, v.grid, o.dim, o.heads, o.head_dim, o.window, o.global, o.rel_pos_table_side};
}

LayerCost request_cost(const op::ViewSeparator& o, const Workload& w, const ElementBytes& e) {
    return view_separator_cost(w.batch, w.image_tokens, o.n_embed, e);
}

namespace {

// One cost function per op kind and call: the formula is the op's (ops/op.hpp), implemented by the
// shape functions of ops/layers.hpp.

// Vision views.
LayerCost cost(const op::Conv2d& o, const View& v, const ElementBytes& e) { return conv2d_cost(conv_shape(o, v), e); }
LayerCost cost(const op::Linear& o, const View& v, const ElementBytes& e) {
    return linear_cost({rows(o.rows, v, o.window), o.in_features, o.out_features, o.bias}, e);
}
LayerCost cost(const op::LayerNorm& o, const View& v, const ElementBytes& e) { return layer_norm_cost(rows(o.rows, v), o.dim, e); }
LayerCost cost(const op::LayerNorm2d& o, const View& v, const ElementBytes& e) {
    return layer_norm2d_cost(v.images, o.channels, v.grid, v.grid, e);
}
LayerCost cost(const op::Gelu& o, const View& v, const ElementBytes& e) { return gelu_cost(rows(o.rows, v) * o.dim, e); }
LayerCost cost(const op::QuickGelu& o, const View& v, const ElementBytes& e) { return quick_gelu_cost(rows(o.rows, v) * o.dim, e); }
LayerCost cost(const op::ResidualAdd& o, const View& v, const ElementBytes& e) {
    return residual_add_cost(rows(o.rows, v) * o.dim, o.adds, e);
}
LayerCost cost(const op::SamPosEmbed& o, const View& v, const ElementBytes& e) {
    return sam_pos_embed_cost(v.images, v.grid, o.dim, o.table_grid, e);
}
LayerCost cost(const op::SamWindowCopy& o, const View& v, const ElementBytes& e) { return sam_window_copy_cost(sam_shape(o, v), e); }
LayerCost cost(const op::SamRelPos& o, const View& v, const ElementBytes& e) { return sam_rel_pos_cost(sam_shape(o, v), e); }
LayerCost cost(const op::SamAttention& o, const View& v, const ElementBytes& e) { return sam_attention_core_cost(sam_shape(o, v), e); }
LayerCost cost(const op::SamAttentionLayout& o, const View& v, const ElementBytes& e) {
    return sam_attention_layout_cost(sam_shape(o, v), e);
}
LayerCost cost(const op::ClipEmbeddings& o, const View& v, const ElementBytes& e) {
    return clip_embeddings_cost(v.images, v.feature_side, o.hidden, o.num_positions, e);
}
LayerCost cost(const op::ClipAttention& o, const View& v, const ElementBytes& e) {
    return clip_attention_core_cost(v.images, v.clip_seq(), o.heads, o.head_dim, e);
}
LayerCost cost(const op::ProjectorConcat& o, const View& v, const ElementBytes& e) {
    return projector_concat_cost(rows(Rows::features, v), o.clip_hidden, o.sam_channels, e);
}
LayerCost cost(const op::ImageNewline& o, const View& v, const ElementBytes& e) {
    return image_newline_cost(v.images, v.feature_side, o.n_embed, v.tiled, e);
}
// DeepSeek-OCR 2's Qwen2 encoder.
LayerCost cost(const op::RmsNorm& o, const View& v, const ElementBytes& e) { return rms_norm_cost(rows(o.rows, v), o.dim, e); }
LayerCost cost(const op::SiluGate& o, const View& v, const ElementBytes& e) {
    return silu_gate_cost(rows(o.rows, v) * o.intermediate, e);
}
LayerCost cost(const op::EncoderQueries& o, const View& v, const ElementBytes& e) {
    return encoder_queries_cost(v.images, v.feature_side * v.feature_side, o.hidden, e);
}
LayerCost cost(const op::EncoderMask&, const View& v, const ElementBytes& e) {
    return encoder_mask_cost(v.images, v.encoder_seq(), e);
}
LayerCost cost(const op::RotaryTables& o, const View& v, const ElementBytes& e) {
    return rotary_tables_cost(rows(o.rows, v), o.rope_dim, e);
}
LayerCost cost(const op::RotaryApply& o, const View& v, const ElementBytes& e) {
    return rotary_apply_cost(rows(o.rows, v), o.heads, o.kv_heads, o.head_dim, o.rope_dim, e);
}
LayerCost cost(const op::EncoderAttention& o, const View& v, const ElementBytes& e) {
    return encoder_attention_core_cost(v.images, v.encoder_seq(), o.heads, o.kv_heads, o.head_dim, e);
}

// Decoder passes.
LayerCost cost(const op::Embedding& o, const Pass& p, const ElementBytes& e) {
    return embedding_cost(p.tokens(), o.vocab, o.hidden, p.batch * p.image_tokens, e);
}
LayerCost cost(const op::RmsNorm& o, const Pass& p, const ElementBytes& e) { return rms_norm_cost(p.tokens(), o.dim, e); }
LayerCost cost(const op::Linear& o, const Pass& p, const ElementBytes& e) {
    return linear_cost({rows(o.rows, p), o.in_features, o.out_features, o.bias}, e);
}
LayerCost cost(const op::Rotary& o, const Pass& p, const ElementBytes& e) {
    return rotary_cost(p.tokens(), o.heads, o.kv_heads, o.head_dim, o.rope_dim, e);
}
LayerCost cost(const op::DecoderAttention& o, const Pass& p, const ElementBytes& e) {
    return decoder_attention_cost(
        {p.batch, p.query_tokens, p.kv_tokens, p.kv_capacity, o.heads, o.kv_heads, o.head_dim, p.flash, !p.prefill}, e);
}
LayerCost cost(const op::SiluGate& o, const Pass& p, const ElementBytes& e) { return silu_gate_cost(p.tokens() * o.intermediate, e); }
LayerCost cost(const op::ResidualAdd& o, const Pass& p, const ElementBytes& e) {
    return residual_add_cost(rows(o.rows, p) * o.dim, o.adds, e);
}
LayerCost cost(const op::MoeGate& o, const Pass& p, const ElementBytes& e) {
    return moe_gate_cost(p.tokens(), o.hidden, o.experts, o.top_k, e);
}
LayerCost cost(const op::MoeExperts& o, const Pass& p, const ElementBytes& e) {
    return moe_routed_experts_cost(p.tokens(), o.hidden, o.intermediate, o.experts, o.top_k, e);
}
LayerCost cost(const op::LmHead& o, const Pass& p, const ElementBytes& e) {
    return lm_head_cost(p.tokens(), p.batch, o.hidden, o.vocab, e);
}

// Forward passes of a plain network.
LayerCost cost(const op::Linear& o, const Sample& s, const ElementBytes& e) {
    return linear_cost({rows(o.rows, s, o.rows_per_sample), o.in_features, o.out_features, o.bias}, e);
}
LayerCost cost(const op::Convolution& o, const Sample& s, const ElementBytes& e) {
    return convolution_cost({s.batch, o.in_channels, o.out_channels, o.weights_per_output, o.out_positions, o.in_elements, o.bias}, e);
}
LayerCost cost(const op::Elementwise& o, const Sample& s, const ElementBytes& e) {
    const double b = double(s.batch);
    const double outputs = b * double(o.out_elements);
    return elementwise_cost(b * double(o.in_elements), outputs, double(o.flops_per_output) * outputs, double(o.params), 1, e);
}
LayerCost cost(const op::Lookup& o, const Sample& s, const ElementBytes& e) {
    return lookup_cost(s.batch * o.rows_per_sample, o.width, e);
}
LayerCost cost(const op::MultiheadAttention& o, const Sample& s, const ElementBytes& e) {
    if (o.memory_per_sample > 0)
        return cross_attention_cost(s.batch * o.tokens_per_sample, s.batch * o.memory_per_sample, o.keys, o.embed, e);
    return multihead_attention_cost(s.batch * o.tokens_per_sample, o.keys, o.embed, o.bias, e);
}
LayerCost cost(const op::Recurrent& o, const Sample& s, const ElementBytes& e) {
    return recurrent_cost({o.gates, o.input, o.hidden, o.layers, o.directions, o.steps_per_sample, s.batch, o.bias, o.proj}, e);
}
LayerCost cost(const op::AttentionCore& o, const Sample& s, const ElementBytes& e) {
    const int64_t key_tokens = o.key_tokens_per_sample > 0 ? o.key_tokens_per_sample : o.keys;
    return attention_core_cost(s.batch * o.tokens_per_sample, o.keys, s.batch * key_tokens, o.width, e, o.causal && s.flash);
}
LayerCost cost(const op::KnownBlock& o, const Sample& s, const ElementBytes& e) {
    // Self-attention keys: one sequence of L per query, or (Swin) windows of L among the T tokens.
    return known_block_cost({o.weights, o.memory_weights, o.width, s.batch * o.tokens_per_sample, o.keys, s.batch * o.tokens_per_sample,
                             s.batch * o.memory_per_sample, o.memory_per_sample, o.causal, s.flash},
                            e);
}
LayerCost cost(const op::TransformerLayer& o, const Sample& s, const ElementBytes& e) {
    return transformer_layer_cost(s.batch * o.tokens_per_sample, o.tokens_per_sample, s.batch * o.memory_per_sample,
                                  o.memory_per_sample, o.embed, o.ffn, e);
}
LayerCost cost(const op::Estimated& o, const Sample& s, const ElementBytes& e) {
    const double b = double(s.batch);
    return estimated_cost(o.params, s.batch * o.positions_per_sample, b * double(o.in_elements), b * double(o.out_elements), e);
}

template <typename Call, typename Kind>
constexpr bool runs_in = requires(const Kind& k, const Call& c, const ElementBytes& e) { cost(k, c, e); };

template <typename Call>
LayerCost visit_cost(const Op& o, const Call& c, const ElementBytes& e) {
    return visit_op([&](const auto& k) -> LayerCost {
        if constexpr (runs_in<Call, std::decay_t<decltype(k)>>) return cost(k, c, e);
        else return {};
    }, o);
}

template <typename Call>
bool visit_runs(const Op& o) {
    return std::visit([](const auto& k) { return runs_in<Call, std::decay_t<decltype(k)>>; }, o);
}

}  // namespace

LayerCost op_cost(const Op& o, const View& v, const ElementBytes& e) { return visit_cost(o, v, e); }
LayerCost op_cost(const Op& o, const Pass& p, const ElementBytes& e) { return visit_cost(o, p, e); }
LayerCost op_cost(const Op& o, const Sample& s, const ElementBytes& e) { return visit_cost(o, s, e); }
bool runs_in_views(const Op& o) { return visit_runs<View>(o); }
bool runs_in_passes(const Op& o) { return visit_runs<Pass>(o); }
bool runs_in_samples(const Op& o) { return visit_runs<Sample>(o); }

}  // namespace mm

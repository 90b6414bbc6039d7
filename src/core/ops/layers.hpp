#pragma once
// The layer cost library: one function per op, grouped one op family per .cpp file, each with its
// formula written above it. Inputs are shapes (element counts) and element sizes; outputs are
// LayerCost values in FLOPs and bytes. "tokens" always means rows of the activation matrix across
// the whole batch.
#include <cstdint>

#include "core/ops/layer_cost.hpp"
#include "core/base/precision.hpp"

namespace mm {

// CUDA-core FLOPs per element of the executed convention's elementwise/reduction work. Estimates
// of the arithmetic a fused kernel performs (not counted by FlopCounterMode at all).
inline constexpr double kSoftmaxFlopsPerElement = 5;    // max, subtract, exp, sum, divide
inline constexpr double kLayerNormFlopsPerElement = 8;  // mean 1, variance 3, normalise 2, affine 2
inline constexpr double kRmsNormFlopsPerElement = 4;    // square, sum, scale by rsqrt, weight
inline constexpr double kGeluFlopsPerElement = 8;       // erf form: scale, erf (~5), add, multiply
inline constexpr double kQuickGeluFlopsPerElement = 5;  // x * sigmoid(1.702 x)
inline constexpr double kSiluGateFlopsPerElement = 5;   // silu(g) = g / (1 + exp(-g)), times up
inline constexpr double kRotaryFlopsPerElement = 3;     // x * cos + rotate(x) * sin
inline constexpr double kAddFlopsPerElement = 1;

// conv2d.cpp
struct Conv2dShape {
    int64_t images, in_channels, out_channels, in_h, in_w, kernel, stride, padding;
    bool bias;
    int64_t out_h() const { return (in_h + 2 * padding - kernel) / stride + 1; }
    int64_t out_w() const { return (in_w + 2 * padding - kernel) / stride + 1; }
};
LayerCost conv2d_cost(const Conv2dShape& s, const ElementBytes& e);

// linear.cpp
struct LinearShape {
    int64_t tokens, in_features, out_features;
    bool bias;
};
LayerCost linear_cost(const LinearShape& s, const ElementBytes& e);

// norm.cpp
LayerCost layer_norm_cost(int64_t tokens, int64_t dim, const ElementBytes& e);
LayerCost layer_norm2d_cost(int64_t images, int64_t channels, int64_t h, int64_t w, const ElementBytes& e);
LayerCost rms_norm_cost(int64_t tokens, int64_t dim, const ElementBytes& e);

// activation.cpp
LayerCost gelu_cost(int64_t elements, const ElementBytes& e);
LayerCost quick_gelu_cost(int64_t elements, const ElementBytes& e);
LayerCost silu_gate_cost(int64_t elements, const ElementBytes& e);  // elements of the output
LayerCost residual_add_cost(int64_t elements, int64_t adds, const ElementBytes& e);

// swiglu_mlp.cpp: down(silu(gate(x)) * up(x)), no biases.
LayerCost swiglu_mlp_cost(int64_t tokens, int64_t hidden, int64_t intermediate, const ElementBytes& e);

// sam_attention.cpp: attention of one SAM block over `images` patch grids of side `grid`.
struct SamAttentionShape {
    int64_t images, grid, dim, heads, head_dim, window;  // window: tokens per window side
    bool global;        // global attention over the whole grid (no windows, no padding)
    int64_t rel_pos_table_side;  // side whose (2*side - 1) x head_dim tables the block holds
    int64_t padded_grid() const { return global ? grid : (grid + window - 1) / window * window; }
    int64_t windows_per_image() const { return global ? 1 : (padded_grid() / window) * (padded_grid() / window); }
    int64_t side() const { return global ? grid : window; }  // side of one attention window
    int64_t batch_windows() const { return images * windows_per_image(); }
    int64_t tokens_per_window() const { return side() * side(); }
    int64_t attention_tokens() const { return batch_windows() * tokens_per_window(); }
};
LayerCost sam_rel_pos_cost(const SamAttentionShape& s, const ElementBytes& e);
LayerCost sam_attention_core_cost(const SamAttentionShape& s, const ElementBytes& e);
LayerCost sam_attention_layout_cost(const SamAttentionShape& s, const ElementBytes& e);
LayerCost sam_window_copy_cost(const SamAttentionShape& s, const ElementBytes& e);
LayerCost sam_pos_embed_cost(int64_t images, int64_t grid, int64_t dim, int64_t table_grid, const ElementBytes& e);

// clip_attention.cpp
LayerCost clip_attention_core_cost(int64_t images, int64_t seq, int64_t heads, int64_t head_dim,
                                   const ElementBytes& e);
LayerCost clip_embeddings_cost(int64_t images, int64_t feature_side, int64_t hidden, int64_t num_positions,
                               const ElementBytes& e);

// qwen2_encoder.cpp: DeepSeek-OCR 2's encoder over `images` sequences of L = 2n tokens (n SAM
// features, n learned queries), width `hidden`.
LayerCost encoder_queries_cost(int64_t images, int64_t features, int64_t hidden, const ElementBytes& e);
LayerCost encoder_mask_cost(int64_t images, int64_t seq, const ElementBytes& e);
LayerCost encoder_attention_core_cost(int64_t images, int64_t seq, int64_t heads, int64_t kv_heads, int64_t head_dim,
                                      const ElementBytes& e);

// decoder_attention.cpp: causal multi-head attention of one decoder layer for one forward pass.
struct DecoderAttentionShape {
    int64_t batch;
    int64_t query_tokens;   // per sequence: S in prefill, 1 in decode
    int64_t kv_tokens;      // keys per sequence after this pass (cached + new)
    int64_t kv_capacity;    // cache length per sequence at the end of the request (resident KV)
    int64_t heads, kv_heads, head_dim;
    bool flash;             // flash kernel (causal tiles skipped) vs eager matmul-softmax-matmul
    bool kv_from_cache;     // decode reads K/V from the cache; prefill uses the fresh activations
};
LayerCost decoder_attention_cost(const DecoderAttentionShape& s, const ElementBytes& e);

// rotary.cpp
LayerCost rotary_cost(int64_t tokens, int64_t heads, int64_t kv_heads, int64_t head_dim, int64_t rope_dim,
                      const ElementBytes& e);

// Qwen2Model's split of the same work: the tables once per forward, applied in every layer.
LayerCost rotary_tables_cost(int64_t tokens, int64_t rope_dim, const ElementBytes& e);
LayerCost rotary_apply_cost(int64_t tokens, int64_t heads, int64_t kv_heads, int64_t head_dim, int64_t rope_dim,
                            const ElementBytes& e);

// moe.cpp
// Expected distinct experts hit when `tokens` tokens each pick `top_k` of `experts` uniformly:
// E * (1 - (1 - k/E)^T).
double expected_experts_touched(int64_t experts, int64_t top_k, int64_t tokens);
LayerCost moe_gate_cost(int64_t tokens, int64_t hidden, int64_t experts, int64_t top_k, const ElementBytes& e);
LayerCost moe_routed_experts_cost(int64_t tokens, int64_t hidden, int64_t intermediate, int64_t experts,
                                  int64_t top_k, const ElementBytes& e);

// embedding.cpp
LayerCost embedding_cost(int64_t tokens, int64_t vocab, int64_t hidden, int64_t image_tokens, const ElementBytes& e);

// lm_head.cpp
LayerCost lm_head_cost(int64_t torch_tokens, int64_t executed_tokens, int64_t hidden, int64_t vocab,
                       const ElementBytes& e);

// token_layout.cpp
LayerCost projector_concat_cost(int64_t tokens, int64_t clip_hidden, int64_t sam_channels, const ElementBytes& e);
LayerCost image_newline_cost(int64_t images, int64_t feature_side, int64_t n_embed, bool tiled, const ElementBytes& e);
LayerCost view_separator_cost(int64_t batch, int64_t image_tokens, int64_t n_embed, const ElementBytes& e);

// network_layers.cpp: the layers of a plain network read from TorchInfo, with the counts its shapes give.
struct ConvolutionShape {
    int64_t images;                  // batch
    int64_t in_channels, out_channels;
    int64_t weights_per_output;      // (in_channels / groups) x kernel elements
    int64_t out_positions;           // spatial output positions per image
    int64_t in_elements;             // input elements per image
    bool bias;
};
LayerCost convolution_cost(const ConvolutionShape& s, const ElementBytes& e);
// Per-element work on CUDA cores (norms, activations, adds, softmax, pooling): `flops`, `inputs`
// elements read, `outputs` written, `params` (affine weights) read and held; one fused kernel.
LayerCost elementwise_cost(double inputs, double outputs, double flops, double params, double eager_kernels,
                           const ElementBytes& e);
// An embedding lookup of `rows` rows of `width`: reads the gathered rows and int64 indices.
LayerCost lookup_cost(int64_t rows, int64_t width, const ElementBytes& e);
// nn.MultiheadAttention over `tokens` query tokens attending to `keys` keys each (embed E).
LayerCost multihead_attention_cost(int64_t tokens, int64_t keys, int64_t embed, bool bias, const ElementBytes& e);
// Cross-attention: `tokens` queries (all samples) over `memory_tokens` keys and values (all samples),
// `keys` per query; projections of q and the output over the queries, of k and v over the memory.
LayerCost cross_attention_cost(int64_t tokens, int64_t memory_tokens, int64_t keys, int64_t embed, const ElementBytes& e);
// A recurrent layer (LSTM 4 gates, GRU 3, RNN 1) over `sequences` sequences of `steps` steps.
struct RecurrentShape {
    int64_t gates, input, hidden, layers, directions, steps, sequences;
    bool bias;
    int64_t proj = 0;  // LSTM proj_size (0: none): h is proj wide, W_hr proj x hidden
};
LayerCost recurrent_cost(const RecurrentShape& s, const ElementBytes& e);
// The score and context matmuls of attention: `tokens` queries (all samples), `keys` per query,
// `key_tokens` keys and values in all, width E. `causal_flash`: causal self-attention run by a kernel
// that skips the masked pairs (executed: (L + 1)/2 pairs per query; torch still counts L).
LayerCost attention_core_cost(int64_t tokens, int64_t keys, int64_t key_tokens, int64_t width, const ElementBytes& e,
                              bool causal_flash = false);
// An encoder (memory 0) or decoder transformer layer with biases and two (three) LayerNorms.
LayerCost transformer_layer_cost(int64_t tokens, int64_t keys, int64_t memory_tokens, int64_t memory_keys, int64_t embed,
                                 int64_t ffn, const ElementBytes& e);
// A known block whose children are not printed (op::KnownBlock), over all samples: `weights` matrix
// weights per token, `memory_weights` per memory token; `keys` per query among `key_tokens` in all;
// cross-attention over `memory_keys` keys per query among `memory_tokens`.
struct KnownBlockShape {
    int64_t weights, memory_weights, width, tokens, keys, key_tokens, memory_tokens, memory_keys;
    bool causal, flash;
};
LayerCost known_block_cost(const KnownBlockShape& s, const ElementBytes& e);
// 2 x params x positions, as a GEMM.
LayerCost estimated_cost(int64_t params, int64_t positions, double in_elements, double out_elements, const ElementBytes& e);

}  // namespace mm

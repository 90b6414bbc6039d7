// Rotary position embedding (LlamaRotaryEmbedding + apply_rotary_pos_emb of DeepseekV2).
#include "core/ops/layers.hpp"

namespace mm {

// For `tokens` positions (whole batch), rope_dim rotated dims per head:
// torch FLOPs  = 2 * (rope_dim / 2) * tokens      (inv_freq x positions matmul; 128 per token)
// CUDA FLOPs   = 2 * (rope_dim / 2) * tokens      (angles, cos, sin: the same product, executed
//                                                  elementwise) + 3 * tokens * (H + Hkv) * rope_dim
// activations  = read and write q and k (tokens * (H + Hkv) * d each way); write and read the
//                cos/sin tables (2 * tokens * rope_dim each way)
// kernels      = 1 fused; eager 16 (cos/sin casts, per q and k: interleave copy, 2 gathers,
//                rotate_half's slices, neg and cat, 2 multiplies, add)
LayerCost rotary_cost(int64_t tokens, int64_t heads, int64_t kv_heads, int64_t head_dim, int64_t rope_dim,
                      const ElementBytes& e) {
    LayerCost c;
    const double t = double(tokens);
    const double qk = t * double(heads + kv_heads) * double(head_dim);
    c.flops_torch = double(rope_dim) * t;
    c.flops_cuda = double(rope_dim) * t + kRotaryFlopsPerElement * t * double(heads + kv_heads) * double(rope_dim);
    const double tables = 2.0 * t * double(rope_dim);
    c.read_activation_bytes = (qk + tables) * e.activations;
    c.write_activation_bytes = (qk + tables) * e.activations;
    c.resident_activation_bytes = (2.0 * qk + tables) * e.activations;
    c.kernels = 1;
    c.eager_kernels = 16;
    return c;
}

}  // namespace mm

namespace mm {

// Qwen2RotaryEmbedding (transformers 4.46), once per forward over `tokens` positions:
// torch FLOPs  = 2 * (rope_dim / 2) * tokens     (inv_freq x positions matmul)
// CUDA FLOPs   = the same product computed elementwise (angles; cos and sin folded in)
// activations  = write the cos and sin tables (2 * tokens * rope_dim)
// kernels      = 1 fused; eager 6 (matmul, transpose, cat, cos, sin, casts)
LayerCost rotary_tables_cost(int64_t tokens, int64_t rope_dim, const ElementBytes& e) {
    LayerCost c;
    const double t = double(tokens);
    c.flops_torch = double(rope_dim) * t;
    c.flops_cuda = double(rope_dim) * t;
    c.write_activation_bytes = 2.0 * t * double(rope_dim) * e.activations;
    c.resident_activation_bytes = 2.0 * t * double(rope_dim) * e.activations;
    c.kernels = 1;
    c.eager_kernels = 6;
    return c;
}

// apply_rotary_pos_emb with shared tables, per layer:
// torch FLOPs  = 0 (elementwise)
// CUDA FLOPs   = 3 * tokens * (H + Hkv) * rope_dim
// activations  = read q, k and the tables, write q and k
// kernels      = 1 fused; eager 12 (per q and k: rotate_half's slices, neg and cat, 2 multiplies, add;
//                the tables' unsqueeze is a view)
LayerCost rotary_apply_cost(int64_t tokens, int64_t heads, int64_t kv_heads, int64_t head_dim, int64_t rope_dim,
                            const ElementBytes& e) {
    LayerCost c;
    const double t = double(tokens);
    const double qk = t * double(heads + kv_heads) * double(head_dim);
    const double tables = 2.0 * t * double(rope_dim);
    c.flops_cuda = kRotaryFlopsPerElement * t * double(heads + kv_heads) * double(rope_dim);
    c.read_activation_bytes = (qk + tables) * e.activations;
    c.write_activation_bytes = qk * e.activations;
    c.resident_activation_bytes = (2.0 * qk + tables) * e.activations;
    c.kernels = 1;
    c.eager_kernels = 12;
    return c;
}

}  // namespace mm

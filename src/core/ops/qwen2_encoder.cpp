// DeepSeek-OCR 2's vision encoder (Qwen2Decoder2Encoder over CustomQwen2Decoder): the input sequence
// of SAM features and learned queries, its custom mask, and the masked attention over it. Its
// projections, RMSNorms and SwiGLU MLP are costed by linear.cpp, norm.cpp and activation.cpp.
#include "core/ops/layers.hpp"

namespace mm {

// x.flatten(2).transpose(1, 2) and query.weight.expand(images, -1, -1) are views; torch.cat writes
// the sequence. With n features per image of width C:
// FLOPs 0; weights read = the table (n * C); activations read images * n * C (the features, strided)
// and images * n * C (the broadcast table rows, from cache after the first image: counted once in
// weights, the rest as activations), written images * 2n * C; kernels 1 fused and eager (cat).
LayerCost encoder_queries_cost(int64_t images, int64_t features, int64_t hidden, const ElementBytes& e) {
    LayerCost c;
    const double table = double(features) * double(hidden);
    const double x = double(images) * table;
    c.read_weight_bytes = table * e.weights;
    c.read_activation_bytes = (x + (double(images) - 1.0) * table) * e.activations;
    c.write_activation_bytes = 2.0 * x * e.activations;
    c.resident_activation_bytes = 3.0 * x * e.activations;
    c.kernels = 1;
    c.eager_kernels = 1;
    return c;
}

// _create_custom_4d_mask over `images` sequences of L = seq tokens (half image, half queries):
// FLOPs 0; writes images * L^2 mask elements in the activation format (the vendor fills it with
// dtype min, zeroes the allowed pairs, then stacks the per-image masks: written twice);
// kernels: fused 1 (the mask built by one kernel, as a tuned deployment would); eager, the vendor's
// loop (its HF and vLLM code alike) per image: full, the image block's index_put and two index_puts
// per query (its image columns, its causal query prefix), then one stack: images * (2 + 2 * L/2) + 1.
LayerCost encoder_mask_cost(int64_t images, int64_t seq, const ElementBytes& e) {
    LayerCost c;
    const double elements = double(images) * double(seq) * double(seq);
    c.read_activation_bytes = elements * e.activations;          // stack reads the per-image masks
    c.write_activation_bytes = 2.0 * elements * e.activations;  // full (then index_puts in place), stack
    c.resident_activation_bytes = 2.0 * elements * e.activations;
    c.kernels = 1;
    c.eager_kernels = double(images) * (2.0 + double(seq)) + 1.0;
    return c;
}

// F.scaled_dot_product_attention(q, k, v, attn_mask) after repeat_kv, over B images of L tokens, H
// heads of d (Hkv key/value heads). FlashAttention-2 is refused by the vendor (the mask is custom),
// and with an explicit mask PyTorch's efficient or math backend computes every one of the L x L
// scores: the masked quarter (image tokens to queries) and the causal upper half of the query block
// are computed, then masked. So both conventions count the full square:
// torch FLOPs  = 4 * B*H * L^2 * d                      (clip_attention_core_cost: the same core)
// tensor FLOPs = the same
// CUDA FLOPs   = (5 + 1) * B*H * L^2                     (softmax, mask add)
// activations  = the core's (q, k, v read, o written, output copy) + the mask read (B * L^2) +
//                repeat_kv: read k and v (2 * B*L*Hkv*d), write them for every head (2 * B*L*H*d)
// kernels      = the core's 2 + 2 repeat_kv copies; eager 4 + 2
LayerCost encoder_attention_core_cost(int64_t images, int64_t seq, int64_t heads, int64_t kv_heads, int64_t head_dim,
                                      const ElementBytes& e) {
    LayerCost c = clip_attention_core_cost(images, seq, heads, head_dim, e);
    const double b = double(images), l = double(seq), d = double(head_dim);
    const double scores = b * double(heads) * l * l;
    c.flops_cuda += kAddFlopsPerElement * scores;
    const double mask = b * l * l;
    const double kv_in = 2.0 * b * l * double(kv_heads) * d, kv_out = 2.0 * b * l * double(heads) * d;
    c.read_activation_bytes += (mask + kv_in) * e.activations;
    c.write_activation_bytes += kv_out * e.activations;
    c.resident_activation_bytes += (mask + kv_out) * e.activations;
    c.kernels += 2;
    c.eager_kernels += 2;
    return c;
}

}  // namespace mm

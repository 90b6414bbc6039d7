// Decoder self-attention core (LlamaFlashAttention2 / LlamaAttention of DeepseekV2, MLA off):
// causal, H query heads, Hkv key/value heads of d dims, over the KV cache.
#include "core/ops/layers.hpp"

namespace mm {

// One pass, B sequences, Sq new query tokens each, Skv keys each (cached + new).
// Causal pairs per sequence and head: P = Sq * (Skv - Sq) + Sq * (Sq + 1) / 2
//   (prefill Sq = Skv = S: S(S+1)/2; decode Sq = 1: Skv).
// torch FLOPs  = 4 * B*H * Sq * Skv * d          (QK^T and AV, no causal halving)
// tensor FLOPs = flash: 4 * B*H * P * d         (masked tiles skipped)
//                eager: 4 * B*H * Sq * Skv * d  (full matmuls, then the mask)
// CUDA FLOPs   = flash: 5 * B*H * P             (online softmax)
//                eager: (5 + 1) * B*H * Sq * Skv (mask add, softmax)
// KV           = write the new keys/values 2 * B*Sq*Hkv*d * bytes_kv into the cache; decode reads
//                the whole cache 2 * B*Skv*Hkv*d * bytes_kv (a static/paged cache: no re-copy)
// activations  = read q (B*Sq*H*d), in prefill k and v too (2 * B*Skv*Hkv*d), write o (B*Sq*H*d);
//                eager adds the score matrix: written by QK^T, read and written by the mask
//                add, read in bf16 and written in fp32 by softmax, read in fp32 and written by the
//                cast, read by AV: B*H*Sq*Skv * (6 * bytes_a + 8)
// resident KV  = 2 * B * kv_capacity * Hkv * d * bytes_kv (this layer's cache at the end)
// kernels      = flash 2 (cache write, attention); eager implementation 7 (cache write, QK^T,
//                mask add, softmax, cast, AV, output copy). Eager PyTorch launches: flash 7 (q/k/v
//                layout copies, 2 cache concats, kernel, output copy), eager 9.
LayerCost decoder_attention_cost(const DecoderAttentionShape& s, const ElementBytes& e) {
    LayerCost c;
    const double b = double(s.batch);
    const double sq = double(s.query_tokens);
    const double skv = double(s.kv_tokens);
    const double h = double(s.heads);
    const double hkv = double(s.kv_heads);
    const double d = double(s.head_dim);
    const double pairs = sq * (skv - sq) + sq * (sq + 1.0) / 2.0;
    const double full = sq * skv;
    c.flops_torch = 4.0 * b * h * full * d;
    if (s.flash) {
        c.flops_tensor = 4.0 * b * h * pairs * d;
        c.flops_cuda = kSoftmaxFlopsPerElement * b * h * pairs;
    } else {
        c.flops_tensor = 4.0 * b * h * full * d;
        c.flops_cuda = (kSoftmaxFlopsPerElement + kAddFlopsPerElement) * b * h * full;
    }
    const double q = b * sq * h * d;
    c.write_kv_bytes = 2.0 * b * sq * hkv * d * e.kv;
    if (s.kv_from_cache) {
        c.read_kv_bytes = 2.0 * b * skv * hkv * d * e.kv;
        c.read_activation_bytes = q * e.activations;
    } else {
        c.read_activation_bytes = (q + 2.0 * b * skv * hkv * d) * e.activations;
    }
    c.write_activation_bytes = q * e.activations;
    double live = (2.0 * q + 2.0 * b * skv * hkv * d) * e.activations;
    if (!s.flash) {
        const double scores = b * h * full;
        c.read_activation_bytes += scores * (3.0 * e.activations + 4.0);
        c.write_activation_bytes += scores * (3.0 * e.activations + 4.0);
        live += scores * (e.activations + 4.0);
    }
    c.resident_activation_bytes = live;
    c.resident_kv_bytes = 2.0 * b * double(s.kv_capacity) * hkv * d * e.kv;
    c.kernels = s.flash ? 2 : 7;
    c.eager_kernels = s.flash ? 7 : 9;
    return c;
}

}  // namespace mm

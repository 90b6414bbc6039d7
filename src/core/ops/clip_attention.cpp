// CLIP-L (VitModel / NoTPAttention): full bidirectional attention over the sequence of SAM
// features plus CLS, and the embedding step that builds that sequence.
#include "core/ops/layers.hpp"

namespace mm {

// F.scaled_dot_product_attention over B images of S tokens, H heads of d, no mask.
// torch FLOPs  = 4 * B*H * S^2 * d
// tensor FLOPs = the same; CUDA FLOPs = 5 * B*H * S^2 (softmax)
// activations  = read q, k, v (3 * B*S*H*d), write o (B*S*H*d) [flash-style fused kernel];
//                output permute/reshape copy: read and write B*S*H*d
// kernels      = 2 (SDPA, output copy); eager 4 (q/k/v layout copies folded in, SDPA, copy)
LayerCost clip_attention_core_cost(int64_t images, int64_t seq, int64_t heads, int64_t head_dim,
                                   const ElementBytes& e) {
    LayerCost c;
    const double bh = double(images) * double(heads);
    const double s = double(seq);
    const double d = double(head_dim);
    const double x = double(images) * s * double(heads) * d;
    c.flops_torch = 4.0 * bh * s * s * d;
    c.flops_tensor = c.flops_torch;
    c.flops_cuda = kSoftmaxFlopsPerElement * bh * s * s;
    c.read_activation_bytes = (3.0 * x + x) * e.activations;
    c.write_activation_bytes = (x + x) * e.activations;
    c.resident_activation_bytes = 4.0 * x * e.activations;
    c.kernels = 2;
    c.eager_kernels = 4;
    return c;
}

// CLIPVisionEmbeddings with SAM features as patch embeddings: flatten/transpose (copy), concat the
// CLS embedding (copy), add the position table (resized to the grid when it differs).
// With n = B * f^2 * C features and m = B * (f^2 + 1) * C sequence elements:
// CUDA FLOPs = m (position add); weights read = CLS (C) + table (positions * C);
// activations = read n + n + m, write n + m + m; kernels 3 (eager 6 with the resize).
LayerCost clip_embeddings_cost(int64_t images, int64_t feature_side, int64_t hidden, int64_t num_positions,
                               const ElementBytes& e) {
    LayerCost c;
    const double n = double(images) * double(feature_side * feature_side) * double(hidden);
    const double m = double(images) * double(feature_side * feature_side + 1) * double(hidden);
    const double table = double(hidden) + double(num_positions) * double(hidden);
    c.flops_cuda = kAddFlopsPerElement * m;
    c.read_weight_bytes = table * e.weights;
    c.read_activation_bytes = (2.0 * n + m) * e.activations;
    c.write_activation_bytes = (n + 2.0 * m) * e.activations;
    c.resident_weight_bytes = double(hidden) * e.weights;  // CLS; the table is the position Embedding's
    c.resident_activation_bytes = (n + 2.0 * m) * e.activations;
    c.kernels = 3;
    c.eager_kernels = feature_side * feature_side + 1 == num_positions ? 3 : 6;
    return c;
}

}  // namespace mm

// SAM ViT-B attention: window partition (padding to whole windows), decomposed relative position
// bias, SDPA with that bias as mask, absolute position embedding. Notation: Bw = images x windows
// per image, side = window side (14) or the grid side for global blocks, tp = side^2 tokens per
// window, H heads of d dims.
#include "core/ops/layers.hpp"

namespace mm {

// add_decomposed_rel_pos: rel_h = einsum("bhwc,hkc->bhwk", q, Rh), rel_w likewise, then
// bias = rel_h[..., None] + rel_w[..., None, :].
// torch FLOPs  = 2 einsums * 2 * Bw*H * side^3 * d = 4 * Bw*H * side^3 * d
// tensor FLOPs = the same (batched matmuls); CUDA FLOPs = Bw*H * tp^2 (the broadcast add)
// weights read = rel_pos_h + rel_pos_w = 2 * (2 * table_side - 1) * d
// activations  = read q (Bw*H*tp*d) and the gathered tables (2 * side^2 * d); write rel_h and
//                rel_w (2 * Bw*H*tp*side), read them back, write the bias (Bw*H*tp^2)
// kernels      = 3 fused (2 einsums, add); eager 8 (2 gathers, reshapes, 2 einsums, views, add)
LayerCost sam_rel_pos_cost(const SamAttentionShape& s, const ElementBytes& e) {
    LayerCost c;
    const double bwh = double(s.batch_windows()) * double(s.heads);
    const double side = double(s.side());
    const double tp = double(s.tokens_per_window());
    const double d = double(s.head_dim);
    const double table = 2.0 * (2.0 * double(s.rel_pos_table_side) - 1.0) * d;
    c.flops_torch = 4.0 * bwh * side * side * side * d;
    c.flops_tensor = c.flops_torch;
    c.flops_cuda = bwh * tp * tp;
    c.read_weight_bytes = table * e.weights;
    const double rel = 2.0 * bwh * tp * side;
    c.read_activation_bytes = (bwh * tp * d + 2.0 * side * side * d + rel) * e.activations;
    c.write_activation_bytes = (rel + bwh * tp * tp) * e.activations;
    c.resident_weight_bytes = table * e.weights;
    c.resident_activation_bytes = (bwh * tp * d + rel + bwh * tp * tp) * e.activations;
    c.kernels = 3;
    c.eager_kernels = 8;
    return c;
}

// F.scaled_dot_product_attention(q, k, v, attn_mask=bias), the memory-efficient kernel.
// torch FLOPs  = 4 * Bw*H * tp^2 * d                   (QK^T and AV, 2 FLOPs per multiply-add)
// tensor FLOPs = the same; CUDA FLOPs = (5 + 1) * Bw*H * tp^2 (softmax, bias add)
// activations  = read q, k, v (3 * N * C) and the bias (Bw*H*tp^2), write o (N * C)
//                (N = Bw * tp tokens, C = H * d)
// kernels      = 1, eager 1
LayerCost sam_attention_core_cost(const SamAttentionShape& s, const ElementBytes& e) {
    LayerCost c;
    const double bwh = double(s.batch_windows()) * double(s.heads);
    const double tp = double(s.tokens_per_window());
    const double d = double(s.head_dim);
    const double nc = double(s.attention_tokens()) * double(s.heads) * d;
    const double scores = bwh * tp * tp;
    c.flops_torch = 4.0 * bwh * tp * tp * d;
    c.flops_tensor = c.flops_torch;
    c.flops_cuda = (kSoftmaxFlopsPerElement + kAddFlopsPerElement) * scores;
    c.read_activation_bytes = (3.0 * nc + scores) * e.activations;
    c.write_activation_bytes = nc * e.activations;
    c.resident_activation_bytes = (4.0 * nc + scores) * e.activations;
    c.kernels = 1;
    c.eager_kernels = 1;
    return c;
}

// The layout copies around SDPA: qkv.reshape(B, HW, 3, H, d).permute(2, 0, 3, 1, 4).reshape(...)
// copies q, k, v; the output's view/permute/reshape copies o back to (B, H, W, C).
// activations = read and write 3 * N * C, then read and write N * C; FLOPs 0; kernels 2.
LayerCost sam_attention_layout_cost(const SamAttentionShape& s, const ElementBytes& e) {
    LayerCost c;
    const double nc = double(s.attention_tokens()) * double(s.heads) * double(s.head_dim);
    c.read_activation_bytes = 4.0 * nc * e.activations;
    c.write_activation_bytes = 4.0 * nc * e.activations;
    c.resident_activation_bytes = 6.0 * nc * e.activations;
    c.kernels = 2;
    c.eager_kernels = 2;
    return c;
}

// Window blocks only: window_partition pads the grid to a multiple of the window (F.pad copy) and
// permutes into windows (copy); window_unpartition permutes back (copy) and crops the padding
// (copy). With n = images * grid^2 * C and p = images * padded^2 * C:
// activations = read n + p + p + p, write p + p + p + n; FLOPs 0; kernels 4. Global blocks: free.
LayerCost sam_window_copy_cost(const SamAttentionShape& s, const ElementBytes& e) {
    LayerCost c;
    if (s.global) return c;
    const double n = double(s.images) * double(s.grid) * double(s.grid) * double(s.dim);
    const double p = double(s.images) * double(s.padded_grid()) * double(s.padded_grid()) * double(s.dim);
    c.read_activation_bytes = (n + 3.0 * p) * e.activations;
    c.write_activation_bytes = (3.0 * p + n) * e.activations;
    c.resident_activation_bytes = 2.0 * p * e.activations;
    c.kernels = 4;
    c.eager_kernels = 4;
    return c;
}

// x + pos_embed, the (table_grid^2 x C) table resized bicubically to grid^2 when they differ.
// CUDA FLOPs = images * grid^2 * C; weights read = table_grid^2 * C; read x, write x;
// kernels 1 (plus 3 eager for permute, interpolate, permute when resized).
LayerCost sam_pos_embed_cost(int64_t images, int64_t grid, int64_t dim, int64_t table_grid, const ElementBytes& e) {
    LayerCost c;
    const double n = double(images) * double(grid) * double(grid) * double(dim);
    const double table = double(table_grid) * double(table_grid) * double(dim);
    c.flops_cuda = kAddFlopsPerElement * n;
    c.read_weight_bytes = table * e.weights;
    c.read_activation_bytes = n * e.activations;
    c.write_activation_bytes = n * e.activations;
    c.resident_weight_bytes = table * e.weights;
    c.resident_activation_bytes = 2.0 * n * e.activations;
    c.kernels = 1;
    c.eager_kernels = grid == table_grid ? 1 : 4;
    return c;
}

}  // namespace mm

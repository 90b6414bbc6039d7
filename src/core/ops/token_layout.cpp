// Image-token layout of DeepseekOCRModel.forward: concatenating CLIP and SAM features for the
// projector, inserting a learned newline after each feature row, and the view separator.
#include "core/ops/layers.hpp"

namespace mm {

// cat(CLIP output without CLS, SAM output flattened) over `tokens` feature positions:
// FLOPs 0; read tokens * (Cc + Cs), write tokens * (Cc + Cs); kernels 1 (eager 2: flatten/permute,
// cat).
LayerCost projector_concat_cost(int64_t tokens, int64_t clip_hidden, int64_t sam_channels, const ElementBytes& e) {
    LayerCost c;
    const double n = double(tokens) * double(clip_hidden + sam_channels);
    c.read_activation_bytes = n * e.activations;
    c.write_activation_bytes = n * e.activations;
    c.resident_activation_bytes = 2.0 * n * e.activations;
    c.kernels = 1;
    c.eager_kernels = 2;
    return c;
}

// One view of `images` images (crops tiled into one canvas when `tiled`) with f x f features per
// image of n_embed: rows = f (per image), one newline per row of the canvas:
// FLOPs 0; tiled crops first permute into the canvas (read and write images * f^2 * n);
// the cat reads the features and writes features + one newline per canvas row;
// weights read = n_embed (the newline vector); kernels 1 (+1 tiled); eager 3 (+1 tiled).
LayerCost image_newline_cost(int64_t images, int64_t feature_side, int64_t n_embed, bool tiled, const ElementBytes& e) {
    LayerCost c;
    const double features = double(images) * double(feature_side * feature_side) * double(n_embed);
    const double rows = double(images) * double(feature_side);  // one newline per row in either layout
    c.read_weight_bytes = double(n_embed) * e.weights;
    c.resident_weight_bytes = double(n_embed) * e.weights;
    c.read_activation_bytes = features * e.activations * (tiled ? 2.0 : 1.0);
    c.write_activation_bytes = (features * (tiled ? 2.0 : 1.0) + rows * double(n_embed)) * e.activations;
    c.resident_activation_bytes = 2.0 * features * e.activations;
    c.kernels = tiled ? 2 : 1;
    c.eager_kernels = tiled ? 4 : 3;
    return c;
}

// cat([local tokens, global tokens, view_seperator]) for each of `batch` pages of image_tokens:
// FLOPs 0; read (T - 1) * n, write T * n per page; weights read n; kernels 1, eager 1.
LayerCost view_separator_cost(int64_t batch, int64_t image_tokens, int64_t n_embed, const ElementBytes& e) {
    LayerCost c;
    const double b = double(batch), t = double(image_tokens), n = double(n_embed);
    c.read_weight_bytes = n * e.weights;
    c.resident_weight_bytes = n * e.weights;
    c.read_activation_bytes = b * (t - 1.0) * n * e.activations;
    c.write_activation_bytes = b * t * n * e.activations;
    c.resident_activation_bytes = 2.0 * b * t * n * e.activations;
    c.kernels = 1;
    c.eager_kernels = 1;
    return c;
}

}  // namespace mm

// Token embedding (embed_tokens) and, in prefill, the scatter of the image features into the
// image-token positions (masked_scatter_ in DeepseekOCRModel.forward).
#include "core/ops/layers.hpp"

namespace mm {

// tokens rows of a vocab x hidden table, image_tokens of them overwritten by image features:
// FLOPs 0 (a gather and a scatter)
// weights read = tokens * hidden (only the rows looked up); resident = vocab * hidden
// activations  = write tokens * hidden; scatter: read image_tokens * hidden features and the
//                mask (tokens bytes), write image_tokens * hidden
// kernels      = 1 (+1 scatter when image tokens are present); eager 1 (+3: mask, index, scatter)
LayerCost embedding_cost(int64_t tokens, int64_t vocab, int64_t hidden, int64_t image_tokens, const ElementBytes& e) {
    LayerCost c;
    const double t = double(tokens), h = double(hidden), img = double(image_tokens);
    c.read_weight_bytes = t * h * e.weights;
    c.resident_weight_bytes = double(vocab) * h * e.weights;
    c.write_activation_bytes = t * h * e.activations;
    c.read_activation_bytes = 0;
    if (image_tokens > 0) {
        c.read_activation_bytes += img * h * e.activations + t;
        c.write_activation_bytes += img * h * e.activations;
    }
    c.resident_activation_bytes = (t * h + img * h) * e.activations;
    c.kernels = image_tokens > 0 ? 2 : 1;
    c.eager_kernels = image_tokens > 0 ? 4 : 1;
    return c;
}

}  // namespace mm

// LayerNorm (SAM blocks, CLIP), LayerNorm2d (SAM neck), DeepseekV2RMSNorm (decoder).
#include "core/ops/layers.hpp"

namespace mm {

namespace {
// A norm reads and writes every element once and holds its weights.
LayerCost normalisation(double elements, double params, double flops_per_element, double eager_kernels,
                        const ElementBytes& e) {
    return elementwise_cost(elements, elements, flops_per_element * elements, params, eager_kernels, e);
}
}  // namespace

// LayerNorm over tokens x dim: torch FLOPs 0; CUDA FLOPs 8 * tokens * dim; weights gamma + beta
// (2 * dim); read x once, write y once; 1 kernel fused and eager (native_layer_norm).
LayerCost layer_norm_cost(int64_t tokens, int64_t dim, const ElementBytes& e) {
    return normalisation(double(tokens) * double(dim), 2.0 * double(dim), kLayerNormFlopsPerElement, 1, e);
}

// LayerNorm2d over images x channels x h x w (normalised across channels): as LayerNorm, but the
// vendor writes it elementwise (mean, subtract, pow, mean, add, sqrt, divide, scale, shift,
// and the second subtract): 10 eager kernels.
LayerCost layer_norm2d_cost(int64_t images, int64_t channels, int64_t h, int64_t w, const ElementBytes& e) {
    return normalisation(double(images) * double(channels) * double(h) * double(w), 2.0 * double(channels),
                         kLayerNormFlopsPerElement, 10, e);
}

// RMSNorm over tokens x dim: CUDA FLOPs 4 * tokens * dim; weight dim; read x, write y. Eager
// DeepseekV2RMSNorm: to(fp32), pow, mean, add eps, rsqrt, multiply, to(dtype), multiply weight = 8.
LayerCost rms_norm_cost(int64_t tokens, int64_t dim, const ElementBytes& e) {
    return normalisation(double(tokens) * double(dim), double(dim), kRmsNormFlopsPerElement, 8, e);
}

}  // namespace mm

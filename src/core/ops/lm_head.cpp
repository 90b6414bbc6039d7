// lm_head: Linear hidden -> vocab, no bias, not tied to the embedding.
#include "core/ops/layers.hpp"

namespace mm {

// torch FLOPs  = 2 * torch_tokens * h * V   (HF 4.46 computes logits for every prefill position)
// tensor FLOPs = 2 * executed_tokens * h * V (a deployment keeps the last position only)
// weights      = h * V, read once per pass
// activations  = read executed_tokens * h, write executed_tokens * V logits
// kernels      = 1 fused; eager 2 (linear, logits.float())
LayerCost lm_head_cost(int64_t torch_tokens, int64_t executed_tokens, int64_t hidden, int64_t vocab,
                       const ElementBytes& e) {
    LayerCost c;
    const double h = double(hidden), v = double(vocab), t = double(executed_tokens);
    c.flops_torch = 2.0 * double(torch_tokens) * h * v;
    c.flops_tensor = 2.0 * t * h * v;
    c.read_weight_bytes = h * v * e.weights;
    c.resident_weight_bytes = h * v * e.weights;
    c.read_activation_bytes = t * h * e.activations;
    c.write_activation_bytes = t * v * e.activations;
    c.resident_activation_bytes = (t * h + t * v) * e.activations;
    c.kernels = 1;
    c.eager_kernels = 2;
    return c;
}

}  // namespace mm

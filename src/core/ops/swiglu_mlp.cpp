// SwiGLU MLP (DeepseekV2MLP): down_proj(silu(gate_proj(x)) * up_proj(x)), no biases.
#include "core/ops/layers.hpp"

namespace mm {

// torch FLOPs  = 3 * 2 * tokens * hidden * intermediate         (gate, up, down)
// CUDA FLOPs   = 5 * tokens * intermediate                      (SiLU gate)
// weights      = 3 * hidden * intermediate
// activations  = gate/up read x (2 * tokens * hidden), write 2 * tokens * intermediate;
//                gate reads 2 * tokens * intermediate, writes tokens * intermediate;
//                down reads tokens * intermediate, writes tokens * hidden
// kernels      = 4 (gate, up, SiLU gate, down); eager 5 (SiLU and multiply apart)
LayerCost swiglu_mlp_cost(int64_t tokens, int64_t hidden, int64_t intermediate, const ElementBytes& e) {
    LayerCost c;
    c += linear_cost({tokens, hidden, intermediate, false}, e);
    c += linear_cost({tokens, hidden, intermediate, false}, e);
    c += silu_gate_cost(tokens * intermediate, e);
    c += linear_cost({tokens, intermediate, hidden, false}, e);
    // gate and up outputs are alive together with the input while the gate runs
    const double t = double(tokens);
    c.resident_activation_bytes = (t * double(hidden) + 3.0 * t * double(intermediate)) * e.activations;
    return c;
}

}  // namespace mm

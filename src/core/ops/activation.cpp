// Elementwise ops: GELU (SAM MLP), QuickGELU (CLIP MLP), SiLU gate (decoder SwiGLU), residual adds.
#include "core/ops/layers.hpp"

namespace mm {

// GELU (erf): torch 0; CUDA 8 per element; read n, write n; 1 kernel.
LayerCost gelu_cost(int64_t elements, const ElementBytes& e) {
    const double n = double(elements);
    return elementwise_cost(n, n, kGeluFlopsPerElement * n, 0, 1, e);
}

// QuickGELU x * sigmoid(1.702 x): torch 0; CUDA 5 per element; read n, write n; eager 3 kernels
// (multiply, sigmoid, multiply).
LayerCost quick_gelu_cost(int64_t elements, const ElementBytes& e) {
    const double n = double(elements);
    return elementwise_cost(n, n, kQuickGeluFlopsPerElement * n, 0, 3, e);
}

// SiLU gate silu(gate) * up over n output elements: torch 0; CUDA 5 per element; read gate and up
// (2n), write n; eager 2 kernels (SiLU, multiply).
LayerCost silu_gate_cost(int64_t elements, const ElementBytes& e) {
    const double n = double(elements);
    return elementwise_cost(2.0 * n, n, kSiluGateFlopsPerElement * n, 0, 2, e);
}

// `adds` residual additions y = x + f(x) over n elements each: torch 0; CUDA n per add; read 2n,
// write n per add; one kernel each.
LayerCost residual_add_cost(int64_t elements, int64_t adds, const ElementBytes& e) {
    const double n = double(elements);
    LayerCost c = elementwise_cost(2.0 * n, n, kAddFlopsPerElement * n, 0, 1, e).repeated(double(adds));
    return c;
}

}  // namespace mm

// DeepseekV2MoE: MoEGate (linear, softmax, greedy top-k) and the routed SwiGLU experts. The shared
// experts are an ordinary DeepseekV2MLP and are costed as such.
#include "core/ops/layers.hpp"

#include <cmath>

namespace mm {

// E * (1 - (1 - k/E)^T): each of T tokens picks k distinct experts of E; uniform routing.
double expected_experts_touched(int64_t experts, int64_t top_k, int64_t tokens) {
    const double E = double(experts);
    if (tokens <= 0 || experts <= 0) return 0;
    return E * (1.0 - std::pow(1.0 - double(top_k) / E, double(tokens)));
}

// T tokens, hidden h, E experts, top-k:
// torch FLOPs  = 2 * T * h * E                    (F.linear scoring; softmax and topk are free)
// tensor FLOPs = the same; CUDA FLOPs = 5 * T * E (softmax) + T * E (top-k selection pass)
// weights      = E * h
// activations  = read x (T*h), write fp32 scores (4 T*E bytes) and read them back, write the
//                top-k indices (int64) and weights (fp32): 12 T*k bytes
// kernels      = 2 fused (GEMM, softmax+top-k); eager 4 (linear, softmax, topk, cast)
LayerCost moe_gate_cost(int64_t tokens, int64_t hidden, int64_t experts, int64_t top_k, const ElementBytes& e) {
    LayerCost c;
    const double t = double(tokens);
    const double E = double(experts);
    c.flops_torch = 2.0 * t * double(hidden) * E;
    c.flops_tensor = c.flops_torch;
    c.flops_cuda = (kSoftmaxFlopsPerElement + 1.0) * t * E;
    c.read_weight_bytes = E * double(hidden) * e.weights;
    c.read_activation_bytes = t * double(hidden) * e.activations + 4.0 * t * E;
    c.write_activation_bytes = 4.0 * t * E + 12.0 * t * double(top_k);
    c.resident_weight_bytes = c.read_weight_bytes;
    c.resident_activation_bytes = t * double(hidden) * e.activations + 4.0 * t * E;
    c.kernels = 2;
    c.eager_kernels = 4;
    return c;
}

// A = T * k token-expert assignments, each a SwiGLU of hidden h and intermediate i; D experts are
// touched (expected_experts_touched).
// torch FLOPs  = A * 3 * 2 * h * i               (routing-independent: always k experts per token)
// tensor FLOPs = the same; CUDA FLOPs = 5 * A * i (SiLU gate) + 2 * A * h (weighted combine)
// weights read = D * 3 * h * i (each touched expert once per pass); resident: all E experts
// activations  = permute: read T*h, write A*h; SwiGLU over A tokens (swiglu_mlp_cost);
//                combine: read A*h, write T*h
// kernels      = fused 6 (permute, gate, up, SiLU gate, down, combine);
//                eager (vendor moe_infer) 6 per touched expert + 12 (counting, argsort, gather,
//                host sync, concat, scatter, weighting, sum)
LayerCost moe_routed_experts_cost(int64_t tokens, int64_t hidden, int64_t intermediate, int64_t experts,
                                  int64_t top_k, const ElementBytes& e) {
    const int64_t assignments = tokens * top_k;
    const double touched = expected_experts_touched(experts, top_k, tokens);
    LayerCost c = swiglu_mlp_cost(assignments, hidden, intermediate, e);
    const double expert_params = 3.0 * double(hidden) * double(intermediate);
    c.read_weight_bytes = touched * expert_params * e.weights;
    c.resident_weight_bytes = double(experts) * expert_params * e.weights;
    const double t = double(tokens), a = double(assignments), h = double(hidden);
    c.flops_cuda += 2.0 * a * h;
    c.read_activation_bytes += (t * h + a * h) * e.activations;
    c.write_activation_bytes += (a * h + t * h) * e.activations;
    c.kernels = 6;
    c.eager_kernels = 6.0 * touched + 12.0;
    return c;
}

}  // namespace mm

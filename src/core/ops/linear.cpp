// nn.Linear (every projection of SAM, CLIP, the projector and the decoder).
#include "core/ops/layers.hpp"

namespace mm {

// torch FLOPs  = 2 * tokens * in * out            (addmm: bias adds are not counted)
// tensor FLOPs = the same; CUDA FLOPs = tokens * out with a bias (epilogue add)
// weights read = (in * out + bias * out) * bytes_w, once per call
// activations  = read tokens * in, write tokens * out
// kernels      = 1 fused, 1 eager (addmm/cuBLASLt with the bias fused)
LayerCost linear_cost(const LinearShape& s, const ElementBytes& e) {
    LayerCost c;
    const double t = double(s.tokens);
    const double params = double(s.in_features) * double(s.out_features) + (s.bias ? double(s.out_features) : 0.0);
    c.flops_torch = 2.0 * t * double(s.in_features) * double(s.out_features);
    c.flops_tensor = c.flops_torch;
    c.flops_cuda = s.bias ? t * double(s.out_features) : 0.0;
    c.read_weight_bytes = params * e.weights;
    c.read_activation_bytes = t * double(s.in_features) * e.activations;
    c.write_activation_bytes = t * double(s.out_features) * e.activations;
    c.resident_weight_bytes = params * e.weights;
    c.resident_activation_bytes = c.read_activation_bytes + c.write_activation_bytes;
    c.kernels = 1;
    c.eager_kernels = 1;
    return c;
}

}  // namespace mm

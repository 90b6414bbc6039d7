// Conv2d (SAM patch embedding, neck, net_2, net_3).
#include "core/ops/layers.hpp"

namespace mm {

// out = images * out_h * out_w * out_ch elements, out_h = (in_h + 2p - k) / s + 1
// torch FLOPs   = 2 * out * in_ch * k^2                     (one multiply-add per kernel tap)
// tensor FLOPs  = the same (implicit GEMM); CUDA FLOPs = out if bias (epilogue add)
// weights read  = (out_ch * in_ch * k^2 + bias * out_ch) * bytes_w, once per call
// activations   = read images * in_ch * in_h * in_w, write out (each once)
// kernels       = 1 fused and 1 eager (cuDNN convolution with the bias in its epilogue)
LayerCost conv2d_cost(const Conv2dShape& s, const ElementBytes& e) {
    LayerCost c;
    const double out = double(s.images) * double(s.out_h()) * double(s.out_w()) * double(s.out_channels);
    const double in = double(s.images) * double(s.in_channels) * double(s.in_h) * double(s.in_w);
    const double params = double(s.out_channels) * double(s.in_channels) * double(s.kernel * s.kernel) +
                          (s.bias ? double(s.out_channels) : 0.0);
    c.flops_torch = 2.0 * out * double(s.in_channels) * double(s.kernel * s.kernel);
    c.flops_tensor = c.flops_torch;
    c.flops_cuda = s.bias ? out : 0.0;
    c.read_weight_bytes = params * e.weights;
    c.read_activation_bytes = in * e.activations;
    c.write_activation_bytes = out * e.activations;
    c.resident_weight_bytes = params * e.weights;
    c.resident_activation_bytes = (in + out) * e.activations;
    c.kernels = 1;
    c.eager_kernels = 1;
    return c;
}

}  // namespace mm

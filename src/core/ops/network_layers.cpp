// The layers of a plain network, costed from the shapes its TorchInfo summary recorded (the TorchInfo
// builder, ingest/torchinfo_tree.cpp). Counting rules: docs/domain.md section 3 (torch convention:
// 2 FLOPs per multiply-add of matmuls and convolutions, elementwise work not counted).
#include "core/ops/layers.hpp"

namespace mm {

// torch FLOPs  = 2 x images x out_positions x out_channels x weights_per_output (aten.convolution)
// tensor FLOPs = the same; CUDA FLOPs = one bias add per output element
// weights read = out_channels x weights_per_output (+ bias), once per call
// activations  = read the input, write the output; kernels 1
LayerCost convolution_cost(const ConvolutionShape& s, const ElementBytes& e) {
    LayerCost c;
    const double outputs = double(s.images) * double(s.out_positions) * double(s.out_channels);
    const double params = double(s.out_channels) * double(s.weights_per_output) + (s.bias ? double(s.out_channels) : 0.0);
    c.flops_torch = 2.0 * outputs * double(s.weights_per_output);
    c.flops_tensor = c.flops_torch;
    c.flops_cuda = s.bias ? outputs : 0.0;
    c.read_weight_bytes = params * e.weights;
    c.read_activation_bytes = double(s.images) * double(s.in_elements) * e.activations;
    c.write_activation_bytes = outputs * e.activations;
    c.resident_weight_bytes = params * e.weights;
    c.resident_activation_bytes = c.read_activation_bytes + c.write_activation_bytes;
    c.kernels = 1;
    c.eager_kernels = 1;
    return c;
}

// torch FLOPs = 0 (FlopCounterMode counts no elementwise work); CUDA FLOPs as given; reads the
// inputs and the affine parameters, writes the outputs; live: inputs + outputs; 1 fused kernel.
LayerCost elementwise_cost(double inputs, double outputs, double flops, double params, double eager_kernels,
                           const ElementBytes& e) {
    LayerCost c;
    c.flops_cuda = flops;
    c.read_weight_bytes = params * e.weights;
    c.read_activation_bytes = inputs * e.activations;
    c.write_activation_bytes = outputs * e.activations;
    c.resident_weight_bytes = params * e.weights;
    c.resident_activation_bytes = (inputs + outputs) * e.activations;
    c.kernels = 1;
    c.eager_kernels = eager_kernels;
    return c;
}

// A gather: no FLOPs; reads rows x width table elements and rows int64 indices, writes rows x width.
LayerCost lookup_cost(int64_t rows, int64_t width, const ElementBytes& e) {
    LayerCost c;
    const double n = double(rows) * double(width);
    c.read_weight_bytes = n * e.weights;
    c.read_activation_bytes = double(rows) * 8.0;
    c.write_activation_bytes = n * e.activations;
    c.resident_activation_bytes = c.read_activation_bytes + c.write_activation_bytes;
    c.kernels = 1;
    c.eager_kernels = 1;
    return c;
}

// nn.MultiheadAttention, T query tokens over L keys each, embed E:
// torch FLOPs = in-projection 2 x T x E x 3E + out-projection 2 x T x E^2 (8 T E^2)
//             + scores Q K^T 2 x T x L x E + context A V 2 x T x L x E (4 T L E)
// CUDA FLOPs  = softmax 5 per score + the projection biases (4 T E). TorchInfo does not record the
//               head count, so the scores are counted for one head (T x L): a lower bound.
// weights read 4 E^2 (+ 4E bias); activations: read q/k/v inputs 3 T E, write the output T E; the
// scores are written and read back (2 x T x L)
LayerCost multihead_attention_cost(int64_t tokens, int64_t keys, int64_t embed, bool bias, const ElementBytes& e) {
    LayerCost c;
    const double T = double(tokens), L = double(keys), E = double(embed);
    c.flops_torch = 8.0 * T * E * E + 4.0 * T * L * E;
    c.flops_tensor = c.flops_torch;
    c.flops_cuda = 5.0 * T * L + (bias ? 4.0 * T * E : 0.0);
    const double params = 4.0 * E * E + (bias ? 4.0 * E : 0.0);
    c.read_weight_bytes = params * e.weights;
    c.read_activation_bytes = (3.0 * T * E + T * L) * e.activations;
    c.write_activation_bytes = (T * E + T * L) * e.activations;
    c.resident_weight_bytes = params * e.weights;
    c.resident_activation_bytes = (4.0 * T * E + T * L) * e.activations;
    c.kernels = 4;        // in-projection, scores + softmax, context, out-projection
    c.eager_kernels = 6;
    return c;
}

}  // namespace mm

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

// Cross-attention, T queries in all over M memory tokens in all, L keys per query, embed E (biases):
// torch FLOPs = q and out projections 4 T E^2 + k and v projections 4 M E^2 + scores and context 4 T L E
// CUDA FLOPs  = softmax 5 per score + biases (2 T E + 2 M E)
LayerCost cross_attention_cost(int64_t tokens, int64_t memory_tokens, int64_t keys, int64_t embed, const ElementBytes& e) {
    LayerCost c;
    const double T = double(tokens), M = double(memory_tokens), L = double(keys), E = double(embed);
    c.flops_torch = 4.0 * T * E * E + 4.0 * M * E * E + 4.0 * T * L * E;
    c.flops_tensor = c.flops_torch;
    c.flops_cuda = 5.0 * T * L + 2.0 * T * E + 2.0 * M * E;
    const double params = 4.0 * E * E + 4.0 * E;
    c.read_weight_bytes = params * e.weights;
    c.read_activation_bytes = (T * E + M * E + T * L) * e.activations;
    c.write_activation_bytes = (T * E + T * L) * e.activations;
    c.resident_weight_bytes = params * e.weights;
    c.resident_activation_bytes = (2.0 * T * E + 2.0 * M * E + T * L) * e.activations;
    c.kernels = 5;  // q, kv, scores + softmax, context, out
    c.eager_kernels = 7;
    return c;
}

// Layer l reads I_l = input (l = 0) or directions x R (l > 0), R = hidden (or proj_size P); per step
// and direction: torch FLOPs = 2 x gates x hidden x (I_l + R) (x W_ih^T and h W_hh^T) + 2 x P x hidden
// (h = W_hr o, with proj_size), tensor cores
// CUDA FLOPs  = 2 x gates x hidden (two biases) + 5 x hidden (gate functions, state update: approximate)
// weights     = directions x sum_l gates x hidden x (I_l + hidden) (+ 2 x gates x hidden biases each), read once
// activations = every layer reads its input sequence and writes its output; kernels: one input GEMM per
//               layer and direction, one step kernel per step
LayerCost recurrent_cost(const RecurrentShape& s, const ElementBytes& e) {
    LayerCost c;
    const double G = double(s.gates), H = double(s.hidden), D = double(s.directions);
    const double tokens = double(s.steps) * double(s.sequences);
    // With proj_size P the state h is P wide (layer inputs D x P) and W_hr (P x H) projects it.
    const double R = s.proj > 0 ? double(s.proj) : H, Wr = s.proj > 0 ? double(s.proj) * H : 0.0;
    double macs_per_token = 0, params = 0, inputs = 0;
    for (int64_t l = 0; l < s.layers; ++l) {
        const double in = l == 0 ? double(s.input) : D * R;
        macs_per_token += D * (G * H * (in + R) + Wr);
        params += D * (G * H * (in + R) + Wr + (s.bias ? 2.0 * G * H : 0.0));
        inputs += in;
    }
    c.flops_torch = 2.0 * macs_per_token * tokens;
    c.flops_tensor = c.flops_torch;
    c.flops_cuda = tokens * D * double(s.layers) * H * ((s.bias ? 2.0 * G : 0.0) + 5.0);
    c.read_weight_bytes = params * e.weights;
    c.resident_weight_bytes = params * e.weights;
    c.read_activation_bytes = tokens * inputs * e.activations;
    c.write_activation_bytes = tokens * double(s.layers) * D * R * e.activations;
    c.resident_activation_bytes = tokens * (double(s.input) + 2.0 * D * R) * e.activations;
    c.kernels = double(s.layers) * D * (1.0 + double(s.steps));
    c.eager_kernels = c.kernels;
    return c;
}

// torch FLOPs = Q K^T 2 x T x L x E + A V 2 x T x L x E; CUDA: softmax 5 per score (one head);
// reads Q (T E), K and V (2 K_all E), writes the context (T E); the scores written and read (2 T L).
// Causal under a flash kernel: executed (tensor and softmax) over the (L + 1)/2 unmasked keys per
// query (L(L + 1)/2 pairs per sequence of L), torch over all L (FlopCounterMode counts SDPA in full).
LayerCost attention_core_cost(int64_t tokens, int64_t keys, int64_t key_tokens, int64_t width, const ElementBytes& e,
                              bool causal_flash) {
    LayerCost c;
    const double T = double(tokens), L = double(keys), K = double(key_tokens), E = double(width);
    const double executed_keys = causal_flash ? (L + 1.0) / 2.0 : L;
    c.flops_torch = 4.0 * T * L * E;
    c.flops_tensor = 4.0 * T * executed_keys * E;
    c.flops_cuda = 5.0 * T * executed_keys;
    c.read_activation_bytes = (T * E + 2.0 * K * E + T * L) * e.activations;
    c.write_activation_bytes = (T * E + T * L) * e.activations;
    c.resident_activation_bytes = (2.0 * T * E + 2.0 * K * E + T * L) * e.activations;
    c.kernels = 3;  // scores, softmax, context
    c.eager_kernels = 4;
    return c;
}

// Self-attention (multihead_attention_cost) + cross-attention when memory_tokens > 0 + the MLP
// (two linears with bias, an activation at 8 CUDA FLOPs per element) + LayerNorms (8 per element,
// 2 or 3) + residual adds (1 per element each); ops run one after another.
LayerCost transformer_layer_cost(int64_t tokens, int64_t keys, int64_t memory_tokens, int64_t memory_keys, int64_t embed,
                                 int64_t ffn, const ElementBytes& e) {
    LayerCost c = multihead_attention_cost(tokens, keys, embed, true, e);
    const bool cross = memory_tokens > 0;
    if (cross) c += cross_attention_cost(tokens, memory_tokens, memory_keys, embed, e);
    c += linear_cost({tokens, embed, ffn, true}, e);
    c += elementwise_cost(double(tokens) * double(ffn), double(tokens) * double(ffn), 8.0 * double(tokens) * double(ffn), 0, 1, e);
    c += linear_cost({tokens, ffn, embed, true}, e);
    const int norms = cross ? 3 : 2;
    const double TE = double(tokens) * double(embed);
    for (int i = 0; i < norms; ++i) {
        c += elementwise_cost(TE, TE, 8.0 * TE, 2.0 * double(embed), 1, e);  // LayerNorm
        c += elementwise_cost(2.0 * TE, TE, TE, 0, 1, e);                    // residual add
    }
    return c;
}

// A known block: projections as 2 x weights x tokens (estimated_cost's GEMM) over the tokens, and
// cross-attention's k and v over the memory tokens; attention matmuls (attention_core_cost) over L keys
// per query, and over M_L memory keys for cross-attention.
LayerCost known_block_cost(const KnownBlockShape& s, const ElementBytes& e) {
    const double TE = double(s.tokens) * double(s.width);
    LayerCost c = estimated_cost(s.weights, s.tokens, TE, TE, e);
    c += attention_core_cost(s.tokens, s.keys, s.key_tokens, s.width, e, s.causal && s.flash);
    if (s.memory_tokens > 0) {
        const double ME = double(s.memory_tokens) * double(s.width);
        c += estimated_cost(s.memory_weights, s.memory_tokens, ME, 0.0, e);
        c += attention_core_cost(s.tokens, s.memory_keys, s.memory_tokens, s.width, e);
    }
    return c;
}

// Estimated: torch FLOPs = 2 x params x positions, on tensor cores; weights read once; input read,
// output written once.
LayerCost estimated_cost(int64_t params, int64_t positions, double in_elements, double out_elements, const ElementBytes& e) {
    LayerCost c;
    c.flops_torch = 2.0 * double(params) * double(positions);
    c.flops_tensor = c.flops_torch;
    c.read_weight_bytes = double(params) * e.weights;
    c.resident_weight_bytes = c.read_weight_bytes;
    c.read_activation_bytes = in_elements * e.activations;
    c.write_activation_bytes = out_elements * e.activations;
    c.resident_activation_bytes = (in_elements + out_elements) * e.activations;
    c.kernels = 1;
    c.eager_kernels = 1;
    return c;
}

}  // namespace mm

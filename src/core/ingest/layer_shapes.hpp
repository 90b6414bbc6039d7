#pragma once
// What a TorchInfo row's class, shapes and parameter count say about the layer: the facts the generic
// table (generic.cpp) and the TorchInfo tree builder (torchinfo_tree.cpp) both cost from. Internal to
// src/core/ingest.
#include <cstdint>
#include <string_view>

#include "core/ingest/torchinfo.hpp"

namespace mm::ingest {

// Elements of a shape, 0 when it overflows (shapes were bounded when read).
int64_t elements(const Shape& s);

// CUDA-core FLOPs per output element of an elementwise kind (docs/domain.md section 3): batch_norm 2
// (folded scale + shift at inference), rms_norm 4, layer/group norm 7, gelu 8, quick_gelu / silu 4,
// other activations 1, softmax 5; 0 for any other kind.
double elementwise_per_output(std::string_view kind);

// A linear layer's input features: the input's last dimension, else from the weights (params =
// in x out, or in x out + out with a bias).
int64_t linear_in_features(const Shape& in, int64_t params, int64_t out_features);

// A convolution's weights per output element, (in_channels / groups) x kernel elements, from its
// parameter count, output channels, input channels and kernel (either may be unknown, 0); `bias`
// receives whether the count includes one bias per output channel.
int64_t conv_weights_per_output(int64_t params, int64_t out_channels, int64_t in_channels, int64_t kernel_elements, bool& bias);

// A pooling layer's window: the kernel's elements, else (adaptive pooling) the input / output ratio
// per spatial dimension.
double pooling_window(const Shape& in, const Shape& out, const Shape& kernel);

// nn.MultiheadAttention's key length L for an output [L, N, E] (PyTorch's default sequence-first) or
// [1, L, E] (taken as batch_first).
bool mha_batch_first(const Shape& out);

}  // namespace mm::ingest

#include "core/ingest/layer_shapes.hpp"

#include <cmath>

#include "core/ingest/ingest_util.hpp"

namespace mm::ingest {

int64_t elements(const Shape& s) {
    int64_t p = 1;
    for (int64_t d : s) p = checked_mul(p, d).value_or(0);
    return p;
}

double elementwise_per_output(std::string_view k) {
    if (k == "batch_norm") return 2;
    if (k == "rms_norm") return 4;
    if (k == "layer_norm" || k == "group_norm" || k == "layer_norm2d") return 7;
    if (k == "gelu") return 8;
    if (k == "quick_gelu" || k == "silu") return 4;
    if (k == "activation") return 1;
    if (k == "softmax") return 5;
    return 0;
}

int64_t linear_in_features(const Shape& in, int64_t params, int64_t out_features) {
    if (!in.empty() && in.back() > 0) return in.back();
    if (out_features <= 0) return 0;
    return params % out_features == 0 ? params / out_features : (params - out_features) / out_features;
}

int64_t conv_weights_per_output(int64_t params, int64_t cout, int64_t cin, int64_t pk, bool& bias) {
    bias = false;
    if (cout <= 0) return 0;
    // Weights per output element = (in / groups) x kernel; the bias, if any, is one per channel.
    const bool div_nb = params % cout == 0, div_b = params > cout && (params - cout) % cout == 0;
    const int64_t nb = params / cout, b = (params - cout) / cout;
    bias = true;
    if (pk > 0 && cin > 0 && div_b && b == cin * pk) return b;
    if (pk > 0 && cin > 0 && div_nb && nb == cin * pk) return bias = false, nb;
    if (pk > 0 && div_b && b % pk == 0 && (!div_nb || nb % pk != 0)) return b;
    bias = false;
    return nb;  // grouped or unknown kernel: a bias (if any) counted as one more weight
}

double pooling_window(const Shape& in, const Shape& out, const Shape& kernel) {
    double window = double(kernel.empty() ? 0 : elements(kernel));
    if (window == 0 && in.size() == out.size() && in.size() >= 3) {
        window = 1;
        for (std::size_t d = 2; d < in.size(); ++d) window *= out[d] > 0 ? std::ceil(double(in[d]) / double(out[d])) : 0;
    }
    return window;
}

// PyTorch's default is sequence-first [L, N, E]; a leading 1 is taken as batch_first [1, L, E].
bool mha_batch_first(const Shape& out) { return out.size() == 3 && out[0] == 1 && out[1] > 1; }

}  // namespace mm::ingest

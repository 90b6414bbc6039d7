#pragma once
// Shared by the engine tests: the embedded catalog, a checked analyze(), and the hand derivations
// of the torch-convention counts written straight from docs/domain.md sections 1 and 3 (they do
// not use the engine's layer library, so they check it independently).
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "core/api.hpp"
#include "embedded/embedded_assets.hpp"

namespace mmtest {

inline const mm::Catalog& catalog() {
    static const mm::Catalog c = [] {
        auto r = mm::load_catalog(mm::embedded_assets());
        if (!r.ok()) FAIL("embedded presets do not load: " << r.error().message);
        return r.value();
    }();
    return c;
}

inline mm::Analysis run(const mm::AnalyzeOptions& o, const mm::Catalog& cat = catalog()) {
    auto r = mm::analyze(cat, o);
    if (!r.ok()) FAIL("analyze failed: " << r.error().message);
    return r.value();
}

inline mm::AnalyzeOptions torch_options() {
    mm::AnalyzeOptions o;
    o.convention = mm::Convention::torch;
    return o;
}

inline mm::ModuleRow module(const mm::Analysis& a, const std::string& id) {
    for (const mm::ModuleRow& m : a.modules())
        if (m.id == id) return m;
    FAIL("no module " << id);
    return a.modules()[0];
}

// Architecture numbers as plain values, so one derivation serves DeepSeek-OCR and a small test model.
struct Dims {
    int64_t sam_dim = 768, sam_heads = 12, sam_mlp = 3072, sam_depth = 12, window = 14, patch = 16;
    std::vector<int64_t> global_blocks{2, 5, 8, 11};
    int64_t neck = 256, net2 = 512, net3 = 1024;
    int64_t clip_dim = 1024, clip_heads = 16, clip_ffn = 4096, clip_layers = 24;
    int64_t proj_in = 2048, n_embed = 1280;
    int64_t hidden = 1280, heads = 10, kv_heads = 10, head_dim = 128, rope = 128, layers = 12, dense_layers = 1;
    int64_t inter = 6848, experts = 64, top_k = 6, moe_inter = 896, shared = 2, vocab = 129280;
};

inline bool is_global(const Dims& d, int64_t b) {
    for (int64_t g : d.global_blocks)
        if (g == b) return true;
    return false;
}

// SAM over B images with a g x g patch grid (domain.md section 1 and 3; the brief's derivation).
inline double sam_flops(const Dims& d, double B, int64_t g) {
    const double C = double(d.sam_dim), hd = double(d.sam_dim / d.sam_heads), H = double(d.sam_heads);
    const int64_t pad = (g + d.window - 1) / d.window * d.window;
    const double nw = double((pad / d.window) * (pad / d.window));
    double f = B * double(g * g) * C * double(3 * d.patch * d.patch) * 2;
    for (int64_t blk = 0; blk < d.sam_depth; ++blk) {
        double T, bw, side, tp;
        if (is_global(d, blk)) {
            T = double(g * g), bw = B, side = double(g), tp = double(g * g);
        } else {
            T = double(pad * pad), bw = B * nw, side = double(d.window), tp = double(d.window * d.window);
        }
        f += B * T * C * 3 * C * 2 + 4 * bw * H * hd * tp * tp + 4 * bw * H * side * side * side * hd + B * T * C * C * 2;
        f += B * double(g * g) * C * double(d.sam_mlp) * 2 * 2;
    }
    f += B * double(g * g) * double(d.neck) * C * 2 + B * double(g * g) * double(d.neck * d.neck) * 9 * 2 +
         B * double((g / 2) * (g / 2)) * double(d.net2 * d.neck) * 9 * 2 +
         B * double((g / 4) * (g / 4)) * double(d.net3 * d.net2) * 9 * 2;
    return f;
}

inline double clip_flops(const Dims& d, double B, double S) {
    const double D = double(d.clip_dim);
    return double(d.clip_layers) * (B * S * D * 3 * D * 2 + 4 * B * double(d.clip_heads) * double(d.clip_dim / d.clip_heads) * S * S +
                                     B * S * D * D * 2 + B * S * D * double(d.clip_ffn) * 2 * 2);
}

inline double projector_flops(const Dims& d, double feature_tokens) {
    return feature_tokens * double(d.proj_in) * double(d.n_embed) * 2;
}

// The decoder over S tokens of B sequences, lm_head on every position (domain.md section 3).
inline double prefill_flops(const Dims& d, double B, double S) {
    const double h = double(d.hidden), qd = double(d.heads * d.head_dim), kvd = double(d.kv_heads * d.head_dim);
    double f = 0;
    for (int64_t l = 0; l < d.layers; ++l) {
        f += B * S * h * (2 * qd + 2 * kvd) * 2 + 4 * B * double(d.heads * d.head_dim) * S * S + B * double(d.rope) * S;
        if (l < d.dense_layers) f += 3 * B * S * h * double(d.inter) * 2;
        else
            f += B * S * h * double(d.experts) * 2 + B * S * double(d.top_k) * 3 * h * double(d.moe_inter) * 2 +
                 B * S * 3 * h * double(d.shared * d.moe_inter) * 2;
    }
    return f + B * S * h * double(d.vocab) * 2;
}

}  // namespace mmtest

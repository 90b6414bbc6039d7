#pragma once
// A concrete workload: which views the vision encoders see, how many tokens the decoder processes,
// the numeric formats, the attention implementation and the counting convention.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/model/model_config.hpp"
#include "core/base/precision.hpp"
#include "core/base/result.hpp"

namespace mm {

enum class AttentionImpl { flash, eager };
// torch: what torch.utils.flop_counter.FlopCounterMode counts on the eager vendor model.
// executed: what the kernels of a real deployment execute (domain.md section 3).
enum class Convention { torch, executed };

std::string_view attention_name(AttentionImpl a);
std::string_view convention_name(Convention c);
std::optional<AttentionImpl> parse_attention(std::string_view name);  // "flash", "eager"
std::optional<Convention> parse_convention(std::string_view name);    // "torch", "executed"

// The workload bounds every input path applies (flags, share links, TorchInfo runs): generous for
// planning, and far from 64-bit overflow in every count derived from them.
inline constexpr int64_t kMaxImageSidePx = 100000;
inline constexpr int64_t kMaxTiles = 100;  // local crops per page; the vendor stops at 9, more is for what-ifs
inline constexpr int64_t kMaxNewTokens = 1000000;
inline constexpr int64_t kMaxBatch = 65536;

struct CropGrid {
    int64_t w = 0;  // tiles across
    int64_t h = 0;  // tiles down
};

// The vendor rule (domain.md section 2): among `candidates` (in the vendor's order) pick the grid
// whose w/h ratio is closest to width/height; on an exact tie keep the later candidate only if
// width*height > 0.5 * tile^2 * w * h.
CropGrid closest_crop_grid(int64_t width_px, int64_t height_px, int64_t tile_px,
                           const ModelConfig& model);

struct Workload {
    std::string mode;
    int64_t image_width_px = 0;
    int64_t image_height_px = 0;
    bool crop_mode = false;          // as requested
    int64_t crops_w = 0;             // 0 x 0 = global view only
    int64_t crops_h = 0;
    int64_t base_size_px = 1024;     // global view side
    int64_t tile_size_px = 640;      // local crop side
    int64_t global_patch_grid = 0;   // SAM patch grid side of the global view (base / patch)
    int64_t tile_patch_grid = 0;     // ... of one crop
    int64_t global_feature_side = 0; // SAM output side = CLIP grid side of the global view
    int64_t tile_feature_side = 0;
    int64_t image_tokens = 0;        // T: image features + newlines + the view separator
    int64_t prompt_text_tokens = 0;
    int64_t prefill_tokens = 0;      // S = T + prompt text tokens
    int64_t new_tokens = 0;          // N; decode passes = N - 1
    int64_t batch = 1;               // pages (sequences) processed together
    Precision weights = Precision::bf16;
    Precision activations = Precision::bf16;
    Precision kv = Precision::bf16;
    AttentionImpl attention = AttentionImpl::flash;
    Convention convention = Convention::executed;

    int64_t num_crops() const { return crops_w * crops_h; }
    int64_t decode_passes() const { return new_tokens > 0 ? new_tokens - 1 : 0; }
    int64_t kv_tokens_final() const { return prefill_tokens + decode_passes(); }
    ElementBytes element_bytes() const;
};

// Precision the GEMMs run at: the wider of weights and activations (narrower weights are
// dequantised on the fly; narrower activations against wide weights gain nothing).
Precision compute_precision(const Workload& w);

// Image tokens T for a global view of `global_feature_side` and a crops_w x crops_h grid of tiles
// with `tile_feature_side` features per side: f(f+1) + 1 for the global view (a newline per row, the
// separator), plus (t*w + 1) * (t*h) for the crops. Without newlines (DeepSeek-OCR 2):
// f^2 + 1 + t^2 * w * h.
int64_t image_token_count(int64_t global_feature_side, int64_t tile_feature_side, int64_t crops_w,
                          int64_t crops_h, bool newlines = true);

}  // namespace mm

#include "core/engine/workload.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include "core/api.hpp"
#include "core/base/format.hpp"

namespace mm {

std::string_view attention_name(AttentionImpl a) { return a == AttentionImpl::flash ? "flash" : "eager"; }
std::string_view convention_name(Convention c) { return c == Convention::torch ? "torch" : "executed"; }

std::optional<AttentionImpl> parse_attention(std::string_view name) {
    if (name == "flash") return AttentionImpl::flash;
    if (name == "eager") return AttentionImpl::eager;
    return std::nullopt;
}

std::optional<Convention> parse_convention(std::string_view name) {
    if (name == "torch") return Convention::torch;
    if (name == "executed") return Convention::executed;
    return std::nullopt;
}

ElementBytes Workload::element_bytes() const {
    return ElementBytes{bytes_per_element(weights), bytes_per_element(activations), bytes_per_element(kv)};
}

// Vendor find_closest_aspect_ratio, step by step and in the same floating-point arithmetic:
//   aspect = W / H; for (w, h) in candidates: diff = |aspect - w / h|
//   diff <  best -> take it;  diff == best -> take it only if W*H > 0.5 * tile^2 * w * h.
// The starting best is (1, 1) with an infinite difference, so the first candidate always wins
// the first comparison.
CropGrid closest_crop_grid(int64_t width_px, int64_t height_px, int64_t tile_px, const ModelConfig& model) {
    const double aspect = static_cast<double>(width_px) / static_cast<double>(height_px);
    const double area = static_cast<double>(width_px) * static_cast<double>(height_px);
    double best_diff = std::numeric_limits<double>::infinity();
    CropGrid best{1, 1};
    for (const auto& [w, h] : model.crop_candidates) {
        if (w * h < model.crop_min_tiles || w * h > model.crop_max_tiles) continue;
        double diff = std::fabs(aspect - static_cast<double>(w) / static_cast<double>(h));
        if (diff < best_diff) {
            best_diff = diff;
            best = CropGrid{w, h};
        } else if (diff == best_diff) {
            if (area > 0.5 * static_cast<double>(tile_px) * static_cast<double>(tile_px) * static_cast<double>(w * h))
                best = CropGrid{w, h};
        }
    }
    return best;
}

// T = g(g+1) + 1 + (t*w + 1)(t*h): one newline per feature row of every view, one separator.
// Without newlines: T = g^2 + 1 + (t*w)(t*h).
int64_t image_token_count(int64_t global_feature_side, int64_t tile_feature_side, int64_t crops_w,
                          int64_t crops_h, bool newlines) {
    const int64_t nl = newlines ? 1 : 0;
    int64_t t = global_feature_side * (global_feature_side + nl) + 1;
    if (crops_w > 0 && crops_h > 0) t += (tile_feature_side * crops_w + nl) * (tile_feature_side * crops_h);
    return t;
}

namespace {

std::string mode_list(const ModelConfig& model) {
    std::string s;
    for (const ResolutionMode& m : model.modes) s += (s.empty() ? "" : ", ") + m.name;
    return s;
}

// A storage precision (fp32 is a compute precision only).
Result<Precision> precision_option(Precision p, const char* what) {
    const std::string_view name = precision_name(p);
    if (std::find(std::begin(kStoragePrecisionNames), std::end(kStoragePrecisionNames), name) == std::end(kStoragePrecisionNames))
        return make_error("The " + std::string(what) + " cannot be stored in " + std::string(name) + "; choose " +
                              format_choices(kStoragePrecisionNames) + ".",
                          what);
    return p;
}

// DeepSeek-OCR's views and tokens: the mode, the crop grid, the image and text tokens.
Result<bool> resolve_views_and_tokens(const ModelConfig& model, const AnalyzeOptions& o, Workload& w) {
    const ResolutionMode* mode = model.find_mode(o.mode);
    if (!mode)
        return make_error("Unknown mode \"" + o.mode + "\"; the modes of " + model.name + " are: " +
                              mode_list(model) + ".",
                          "mode");
    w.mode = mode->name;
    w.base_size_px = mode->base_size_px;
    w.tile_size_px = mode->tile_size_px;
    if (o.image_width_px < 1 || o.image_height_px < 1 || o.image_width_px > kMaxImageSidePx ||
        o.image_height_px > kMaxImageSidePx)
        return make_error("The image size must be between 1 and " + std::to_string(kMaxImageSidePx) +
                              " pixels per side (got " + std::to_string(o.image_width_px) + "x" +
                              std::to_string(o.image_height_px) + ").",
                          "image");
    w.image_width_px = o.image_width_px;
    w.image_height_px = o.image_height_px;
    w.crop_mode = mode->crop_mode && o.crops != AnalyzeOptions::Crops::off;

    if (o.crops == AnalyzeOptions::Crops::explicit_grid) {
        if (!mode->crop_mode)
            return make_error("Mode " + mode->name + " has no local crops; choose a crop mode (" +
                                  (model.find_mode(model.default_mode) && model.find_mode(model.default_mode)->crop_mode
                                       ? model.default_mode
                                       : std::string("gundam")) +
                                  ") to set a crop grid.",
                              "crops");
        // Each side is bounded before the product is formed, so 10^18 x 10^18 cannot overflow.
        if (o.crops_w < 1 || o.crops_h < 1 || o.crops_w > kMaxTiles || o.crops_h > kMaxTiles ||
            o.crops_w * o.crops_h < 2 || o.crops_w * o.crops_h > kMaxTiles)
            return make_error("A crop grid needs 2 to " + std::to_string(kMaxTiles) + " tiles (got " +
                                  std::to_string(o.crops_w) + "x" + std::to_string(o.crops_h) +
                                  "); without crops only the global view is encoded.",
                              "crops");
        w.crops_w = o.crops_w;
        w.crops_h = o.crops_h;
    } else if (w.crop_mode && (o.image_width_px > mode->tile_size_px || o.image_height_px > mode->tile_size_px)) {
        CropGrid g = closest_crop_grid(o.image_width_px, o.image_height_px, mode->tile_size_px, model);
        w.crops_w = g.w;
        w.crops_h = g.h;
    }

    const SamConfig& sam = model.sam;
    const int64_t down = sam.downsample_stride * sam.downsample_stride;
    w.global_patch_grid = w.base_size_px / sam.patch_size_px;
    w.tile_patch_grid = w.tile_size_px / sam.patch_size_px;
    w.global_feature_side = w.global_patch_grid / down;
    w.tile_feature_side = w.tile_patch_grid / down;
    w.image_tokens =
        image_token_count(w.global_feature_side, w.tile_feature_side, w.crops_w, w.crops_h, model.image_newline);
    w.prompt_text_tokens = model.prompt_text_tokens;
    w.prefill_tokens = w.image_tokens + w.prompt_text_tokens;

    if (o.new_tokens < 1 || o.new_tokens > kMaxNewTokens)
        return make_error("The number of new tokens must be between 1 and " + std::to_string(kMaxNewTokens) +
                              " (got " + std::to_string(o.new_tokens) + ").",
                          "new_tokens");
    w.new_tokens = o.new_tokens;
    return true;
}

}  // namespace

Result<Workload> resolve_workload(const ModelConfig& model, const AnalyzeOptions& o) {
    Workload w;
    if (model.plain) {
        w.mode = "forward";
    } else if (auto views = resolve_views_and_tokens(model, o, w); !views.ok()) {
        return views.error();
    }
    if (o.batch < 1 || o.batch > kMaxBatch)
        return make_error("The batch must be between 1 and " + std::to_string(kMaxBatch) + " pages (got " +
                              std::to_string(o.batch) + ").",
                          "batch");
    w.batch = o.batch;

    auto wp = precision_option(o.weights_precision, "weights");
    if (!wp.ok()) return wp.error();
    auto ap = precision_option(o.activations_precision, "activations");
    if (!ap.ok()) return ap.error();
    auto kp = precision_option(o.kv_precision, "KV cache");
    if (!kp.ok()) return kp.error();
    w.weights = wp.value();
    w.activations = ap.value();
    w.kv = kp.value();

    w.attention = o.attention;
    w.convention = o.convention;
    return w;
}

Result<AnalyzeOptions> options_for_workload(const Catalog& catalog, std::string_view name) {
    const WorkloadPreset* w = catalog.find_workload(name);
    if (!w) {
        std::string names;
        for (const std::string& n : workload_names(catalog)) names += (names.empty() ? "" : ", ") + n;
        return make_error("Unknown workload \"" + std::string(name) + "\"; the workloads are: " + names + ".", "workload");
    }
    AnalyzeOptions o;
    o.workload = w->name;
    o.model = w->model;
    o.mode = w->mode;
    o.image_width_px = w->image_width_px;
    o.image_height_px = w->image_height_px;
    o.crops = w->crop_mode ? AnalyzeOptions::Crops::from_image : AnalyzeOptions::Crops::off;
    o.new_tokens = w->new_tokens;
    o.batch = w->batch;
    o.weights_precision = w->weights_precision;
    o.activations_precision = w->activations_precision;
    o.kv_precision = w->kv_precision;
    return o;
}

Precision compute_precision(const Workload& w) {
    const double bw = bytes_per_element(w.weights), ba = bytes_per_element(w.activations);
    return ba >= bw ? w.activations : w.weights;
}

}  // namespace mm

// What workload a TorchInfo run of DeepSeek-OCR 2 recorded, read back from its shapes (docs/domain.md
// section 8). SAM sees the local crops as one batch [crops, 3, 768, 768] and the global view as
// [pages, 3, 1024, 1024]; the Qwen2 encoder turns SAM's [views, 896, s, s] into s*s query outputs
// (144 per crop, 256 per global view); the decoder's embedding sees [pages, S]. The image tokens are
// T = 256 + 144 x crops + 1 (no newline tokens), so unlike DeepSeek-OCR the crop grid's arrangement
// changes no count: 2 crops cost the same as 2x1 or 1x2.
#include <algorithm>
#include <cstdlib>

#include "core/engine/analysis.hpp"
#include "core/engine/workload.hpp"
#include "core/model/model_config.hpp"
#include "core/ingest/ingest_util.hpp"

namespace mm {
namespace {

using namespace ingest;

// The run's geometry, from the built-in model (assets/models/deepseek-ocr-2.json): the default mode's
// global view and crop sides, the encoder's query tokens per view, the tile bounds and the prompt.
struct Geometry {
    int64_t global_px = 0, tile_px = 0;          // BASE_SIZE, IMAGE_SIZE of config.py
    int64_t global_tokens = 0, tile_tokens = 0;  // query_1024, query_768 rows
    int64_t width = 0;                           // the encoder's hidden size
    int64_t min_crops = 0, max_crops = 0;        // MIN_CROPS, MAX_CROPS
    int64_t prompt_tokens = 0;                   // BOS + the vendor prompt
    int64_t global_side = 0, tile_side = 0;      // feature sides: px / patch / downsampling
    bool newlines = false;
};

Geometry geometry_of(const ModelConfig& m) {
    Geometry g;
    const ResolutionMode* mode = m.find_mode(m.default_mode);
    if (!mode) return g;
    g.global_px = mode->base_size_px;
    g.tile_px = mode->tile_size_px;
    const QueryTable* gq = m.qwen2.find_queries(g.global_px);
    const QueryTable* tq = m.qwen2.find_queries(g.tile_px);
    g.global_tokens = gq ? gq->tokens : 0;
    g.tile_tokens = tq ? tq->tokens : 0;
    g.width = m.qwen2.hidden_size;
    g.min_crops = m.crop_min_tiles;
    g.max_crops = m.crop_max_tiles;
    g.prompt_tokens = m.prompt_text_tokens;
    const int64_t px_per_feature = m.sam.patch_size_px * m.sam.downsample_stride * m.sam.downsample_stride;
    g.global_side = g.global_px / px_per_feature;
    g.tile_side = g.tile_px / px_per_feature;
    g.newlines = m.image_newline;
    return g;
}

bool is_class(const TorchInfoRow& r, std::string_view cls, std::string_view instance) {
    return r.class_name == cls || (r.named && r.instance_name == instance);
}

std::string px(const Shape& s) { return std::to_string(s[2]) + "x" + std::to_string(s[3]) + " px"; }

}  // namespace

RecoveredWorkload recover_workload_ocr2(const TorchInfoRun& run, const ModelConfig& model) {
    const Geometry g = geometry_of(model);
    const std::string G = std::to_string(g.global_px), C = std::to_string(g.tile_px);
    const std::string GT = std::to_string(g.global_tokens), CT = std::to_string(g.tile_tokens);
    const std::string P = std::to_string(g.prompt_tokens);
    auto image_tokens = [&](int64_t crops) { return image_token_count(g.global_side, g.tile_side, crops, crops > 0 ? 1 : 0, g.newlines); };
    RecoveredWorkload rw;
    rw.model = "deepseek-ocr-2";
    set_field(rw.new_tokens, AnalyzeOptions{}.new_tokens, false,
        "TorchInfo runs one forward pass, so the number of generated tokens is not recorded; the standard 512 is assumed.");
    set_field(rw.prompt_text_tokens, g.prompt_tokens, false,
              "The prompt's text tokens are not recorded; the vendor prompt's " + P + " (BOS and the instruction) are assumed.");

    std::vector<Shape> sam_in, encoder_out;
    std::optional<Shape> embed_in;
    for (const TorchInfoRow& r : run.rows) {
        if (r.depth > 1) continue;
        if (is_class(r, "ImageEncoderViT", "sam_model") && !r.input_shapes.empty()) sam_in.push_back(r.input_shapes[0]);
        if (is_class(r, "Qwen2Decoder2Encoder", "qwen2_model") && !r.output_shapes.empty()) encoder_out.push_back(r.output_shapes[0]);
        if (r.class_name == "Embedding" && r.named && r.instance_name == "embed_tokens" && !r.input_shapes.empty() && !embed_in)
            embed_in = r.input_shapes[0];
    }
    rw.from_shapes = !sam_in.empty() || embed_in;
    auto refuse = [&](std::string sentence) {
        if (rw.problem.empty()) rw.problem = std::move(sentence);
    };

    // Every SAM input must be an image batch of a 1024 px global view or 768 px crops.
    const Shape* global = nullptr;
    const Shape* tiles = nullptr;
    for (const Shape& s : sam_in) {
        if (s.size() != 4 || s[1] != 3 || s[2] != s[3] || (s[2] != g.global_px && s[2] != g.tile_px) || s[0] < 1) {
            refuse("SAM's input " + shape_text(s) + " is not a DeepSeek-OCR 2 view: the model encodes [views, 3, " + G + ", " + G +
                   "] global views and [crops, 3, " + C + ", " + C + "] crops");
            continue;
        }
        (s[2] == g.global_px ? global : tiles) = &s;
    }
    for (const Shape& s : encoder_out)
        if (s.size() != 3 || (s[1] != g.global_tokens && s[1] != g.tile_tokens) || s[2] != g.width)
            refuse("the Qwen2 encoder's output " + shape_text(s) + " is not " + GT + " (global view) or " + CT +
                   " (crop) query tokens of width " + std::to_string(g.width));
    if (embed_in && (embed_in->size() != 2 || (*embed_in)[0] < 1 || (*embed_in)[1] < 1))
        refuse("the decoder embedding's input " + shape_text(*embed_in) + " is not [pages, prefill length]");
    if (!sam_in.empty() && !global)
        rw.notes.push_back("No SAM row records the " + G + "x" + G + " global view (the table may be cut short); one per page is assumed.");

    set_field(rw.base_size, g.global_px, global != nullptr,
              global ? "From SAM's global-view input " + shape_text(*global) + "." : "Not recorded; DeepSeek-OCR 2's " + G + " px global view.");
    set_field(rw.tile_size, g.tile_px, tiles != nullptr,
              tiles ? "From SAM's local-crop input " + shape_text(*tiles) + "." : "DeepSeek-OCR 2's " + C + " px crops (no crop was encoded).");

    if (embed_in && embed_in->size() == 2) {
        set_field(rw.batch, (*embed_in)[0], true, "From the decoder embedding's input " + shape_text(*embed_in) + ": pages in the batch.");
        set_field(rw.prefill_tokens, (*embed_in)[1], true,
            "From the decoder embedding's input " + shape_text(*embed_in) + ": the prefill length S.");
    } else if (global) {
        set_field(rw.batch, (*global)[0], true, "From SAM's global-view input " + shape_text(*global) + ": one global view per page.");
    } else {
        set_field(rw.batch, 1, false, "Not recorded; one page is assumed.");
    }
    const int64_t pages = std::max<int64_t>(rw.batch.value, 1);
    if (global && (*global)[0] != pages)
        refuse("SAM's global-view input " + shape_text(*global) + " holds " + std::to_string((*global)[0]) +
               " views for " + std::to_string(pages) + " page" + (pages == 1 ? "" : "s") + " in the decoder");

    if (tiles) {
        const int64_t n = (*tiles)[0] / pages;
        if ((*tiles)[0] % pages != 0)
            refuse("SAM's local-crop input " + shape_text(*tiles) + " does not split evenly over " + std::to_string(pages) + " pages");
        else if (n < g.min_crops)
            refuse("SAM's local-crop input " + shape_text(*tiles) + " holds " + std::to_string(n) + " crop" + (n == 1 ? "" : "s") +
                   " per page; DeepSeek-OCR 2 cuts a page into " + std::to_string(g.min_crops) + " to " + std::to_string(g.max_crops) +
                   " crops or none");
        set_field(rw.crop_mode, 1, true, "SAM ran on " + px(*tiles) + " local crops as well as the global view.");
        set_field(rw.crops, n, true, "From SAM's local-crop input " + shape_text(*tiles) + ": " + std::to_string(n) + " crops per page.");
        if (n > g.max_crops)
            rw.notes.push_back(std::to_string(n) + " crops per page: more than the vendor's MAX_CROPS " + std::to_string(g.max_crops) +
                               "; costed as recorded.");
        // T does not depend on the arrangement: the most square grid, wider than tall, stands for it.
        for (int64_t w = 1; w <= n; ++w)
            if (n % w == 0) rw.grid_candidates.emplace_back(w, n / w);
        std::pair<int64_t, int64_t> best{n, 1};
        for (auto c : rw.grid_candidates)
            if (std::abs(c.first - c.second) < std::abs(best.first - best.second) ||
                (std::abs(c.first - c.second) == std::abs(best.first - best.second) && c.first > best.first))
                best = c;
        const std::string how = std::to_string(n) + " crops, shown as " + std::to_string(best.first) + "x" +
                                std::to_string(best.second) +
                                ": DeepSeek-OCR 2 adds no newline tokens, so the arrangement changes no figure and is not recorded.";
        set_field(rw.crops_w, best.first, false, how);
        set_field(rw.crops_h, best.second, false, how);
    } else if (global) {
        set_field(rw.crop_mode, 0, true, "SAM ran on the global view only.");
        set_field(rw.crops, 0, true, "SAM ran on the global view only: no local crops (a page within " + C + "x" + C + ").");
        set_field(rw.crops_w, 0, true, "No local crops.");
        set_field(rw.crops_h, 0, true, "No local crops.");
    } else {
        // Nothing recorded the views: the standard page (the default options' image), cut by count_tiles.
        rw.standard_fallback = true;
        const bool crop = !run.header.crop_mode || *run.header.crop_mode;
        set_field(rw.crop_mode, crop ? 1 : 0, run.header.crop_mode.has_value(),
                  run.header.crop_mode ? "From the header's crop_mode." : "Not recorded; the vendor's CROP_MODE (on) is assumed.");
        const AnalyzeOptions standard;
        const std::string page = std::to_string(standard.image_width_px) + "x" + std::to_string(standard.image_height_px);
        const CropGrid grid = crop ? closest_crop_grid(standard.image_width_px, standard.image_height_px, g.tile_px, model) : CropGrid{0, 0};
        const std::string cut = std::to_string(grid.w) + "x" + std::to_string(grid.h) + " crops of " + C + " px";
        const std::string how = crop ? "The crop grid is not recorded; the standard " + page + " page gives " + cut + "."
                                     : "Crop mode is off: no local crops.";
        set_field(rw.crops, grid.w * grid.h, false, how);
        set_field(rw.crops_w, grid.w, false, how);
        set_field(rw.crops_h, grid.h, false, how);
        rw.notes.push_back(std::string(run.rows.empty() ? "The artifacts record no shapes" : "The table has no SAM rows") +
                           ", so the crop grid is not recorded; the standard " + page + " page is used" +
                           (crop ? " (" + cut + ")." : " with crop mode off."));
    }

    const int64_t t = image_tokens(rw.crops.value);
    set_field(rw.image_tokens, t, rw.crops.recovered,
              GT + " global-view tokens + " + CT + " per crop x " + std::to_string(rw.crops.value) + " + 1 view separator.");
    if (rw.prefill_tokens.recovered) {
        const int64_t text = rw.prefill_tokens.value - t;
        if (rw.crops.recovered && text < 1)
            refuse("the prefill length " + std::to_string(rw.prefill_tokens.value) + " leaves no room for the " + std::to_string(t) +
                   " image tokens of " + std::to_string(rw.crops.value) + " crops and a BOS token");
        else if (rw.crops.recovered && text == g.prompt_tokens)
            rw.prompt_text_tokens.how = "From the prefill length " + std::to_string(rw.prefill_tokens.value) + " = " + std::to_string(t) +
                                        " image tokens + " + P + " (BOS and the vendor prompt).";
        else if (rw.crops.recovered)
            rw.notes.push_back("The prefill length " + std::to_string(rw.prefill_tokens.value) + " holds " + std::to_string(text) +
                               " text tokens beside the " + std::to_string(t) +
                               " image tokens, not the vendor prompt's " + P + "; the engine costs the standard prompt.");
    } else {
        set_field(rw.prefill_tokens, t + g.prompt_tokens, false, "Image tokens + the vendor prompt's " + P + " tokens.");
    }
    return rw;
}

}  // namespace mm

// What workload a TorchInfo run of DeepSeek-OCR 2 recorded, read back from its shapes (docs/domain.md
// section 8). SAM sees the local crops as one batch [crops, 3, 768, 768] and the global view as
// [pages, 3, 1024, 1024]; the Qwen2 encoder turns SAM's [views, 896, s, s] into s*s query outputs
// (144 per crop, 256 per global view); the decoder's embedding sees [pages, S]. The image tokens are
// T = 256 + 144 x crops + 1 (no newline tokens), so unlike DeepSeek-OCR the crop grid's arrangement
// changes no count: 2 crops cost the same as 2x1 or 1x2.
#include <algorithm>
#include <cstdlib>

#include "core/engine/analysis.hpp"
#include "core/ingest/ingest_util.hpp"

namespace mm {
namespace {

using namespace ingest;

constexpr int64_t kGlobalPx = 1024;            // BASE_SIZE of config.py
constexpr int64_t kTilePx = 768;               // IMAGE_SIZE of config.py
constexpr int64_t kGlobalTokens = 256;         // query_1024
constexpr int64_t kTileTokens = 144;           // query_768
constexpr int64_t kMinCrops = 2, kMaxCrops = 6;  // MIN_CROPS, MAX_CROPS of config.py
constexpr int64_t kStandardPromptTokens = 10;  // BOS + 9 tokens of "\n<|grounding|>Convert the document to markdown."
constexpr int64_t kStandardNewTokens = 512;

void set(RecoveredField& f, int64_t v, bool recovered, std::string how) {
    f.value = v;
    f.recovered = recovered;
    f.how = std::move(how);
}

int64_t image_tokens(int64_t crops) { return kGlobalTokens + kTileTokens * crops + 1; }

bool is_class(const TorchInfoRow& r, std::string_view cls, std::string_view instance) {
    return r.class_name == cls || (r.named && r.instance_name == instance);
}

std::string px(const Shape& s) { return std::to_string(s[2]) + "x" + std::to_string(s[3]) + " px"; }

}  // namespace

RecoveredWorkload recover_workload_ocr2(const TorchInfoRun& run) {
    RecoveredWorkload rw;
    rw.model = "deepseek-ocr-2";
    set(rw.new_tokens, kStandardNewTokens, false,
        "TorchInfo runs one forward pass, so the number of generated tokens is not recorded; the standard 512 is assumed.");
    set(rw.prompt_text_tokens, kStandardPromptTokens, false,
        "The prompt's text tokens are not recorded; the vendor prompt's 10 (BOS + 9) are assumed.");

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
        if (s.size() != 4 || s[1] != 3 || s[2] != s[3] || (s[2] != kGlobalPx && s[2] != kTilePx) || s[0] < 1) {
            refuse("SAM's input " + shape_text(s) + " is not a DeepSeek-OCR 2 view: the model encodes [views, 3, 1024, 1024] global views "
                   "and [crops, 3, 768, 768] crops");
            continue;
        }
        (s[2] == kGlobalPx ? global : tiles) = &s;
    }
    for (const Shape& s : encoder_out)
        if (s.size() != 3 || (s[1] != kGlobalTokens && s[1] != kTileTokens) || s[2] != 896)
            refuse("the Qwen2 encoder's output " + shape_text(s) + " is not 256 (global view) or 144 (crop) query tokens of width 896");
    if (embed_in && (embed_in->size() != 2 || (*embed_in)[0] < 1 || (*embed_in)[1] < 1))
        refuse("the decoder embedding's input " + shape_text(*embed_in) + " is not [pages, prefill length]");
    if (!sam_in.empty() && !global)
        rw.notes.push_back("No SAM row records the 1024x1024 global view (the table may be cut short); one per page is assumed.");

    set(rw.base_size, kGlobalPx, global != nullptr,
        global ? "From SAM's global-view input " + shape_text(*global) + "." : "Not recorded; DeepSeek-OCR 2's 1024 px global view.");
    set(rw.tile_size, kTilePx, tiles != nullptr,
        tiles ? "From SAM's local-crop input " + shape_text(*tiles) + "." : "DeepSeek-OCR 2's 768 px crops (no crop was encoded).");

    if (embed_in && embed_in->size() == 2) {
        set(rw.batch, (*embed_in)[0], true, "From the decoder embedding's input " + shape_text(*embed_in) + ": pages in the batch.");
        set(rw.prefill_tokens, (*embed_in)[1], true,
            "From the decoder embedding's input " + shape_text(*embed_in) + ": the prefill length S.");
    } else if (global) {
        set(rw.batch, (*global)[0], true, "From SAM's global-view input " + shape_text(*global) + ": one global view per page.");
    } else {
        set(rw.batch, 1, false, "Not recorded; one page is assumed.");
    }
    const int64_t pages = std::max<int64_t>(rw.batch.value, 1);
    if (global && (*global)[0] != pages)
        refuse("SAM's global-view input " + shape_text(*global) + " holds " + std::to_string((*global)[0]) +
               " views for " + std::to_string(pages) + " page" + (pages == 1 ? "" : "s") + " in the decoder");

    if (tiles) {
        const int64_t n = (*tiles)[0] / pages;
        if ((*tiles)[0] % pages != 0)
            refuse("SAM's local-crop input " + shape_text(*tiles) + " does not split evenly over " + std::to_string(pages) + " pages");
        else if (n < kMinCrops)
            refuse("SAM's local-crop input " + shape_text(*tiles) + " holds 1 crop per page; DeepSeek-OCR 2 cuts a page into " +
                   std::to_string(kMinCrops) + " to " + std::to_string(kMaxCrops) + " crops or none");
        set(rw.crop_mode, 1, true, "SAM ran on " + px(*tiles) + " local crops as well as the global view.");
        set(rw.crops, n, true, "From SAM's local-crop input " + shape_text(*tiles) + ": " + std::to_string(n) + " crops per page.");
        if (n > kMaxCrops)
            rw.notes.push_back(std::to_string(n) + " crops per page: more than the vendor's MAX_CROPS " + std::to_string(kMaxCrops) +
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
        set(rw.crops_w, best.first, false, how);
        set(rw.crops_h, best.second, false, how);
    } else if (global) {
        set(rw.crop_mode, 0, true, "SAM ran on the global view only.");
        set(rw.crops, 0, true, "SAM ran on the global view only: no local crops (a page within 768x768).");
        set(rw.crops_w, 0, true, "No local crops.");
        set(rw.crops_h, 0, true, "No local crops.");
    } else {
        // Nothing recorded the views: the standard page, 1024x1024, which count_tiles cuts into 2x2 crops of 768.
        rw.standard_fallback = true;
        const bool crop = !run.header.crop_mode || *run.header.crop_mode;
        set(rw.crop_mode, crop ? 1 : 0, run.header.crop_mode.has_value(),
            run.header.crop_mode ? "From the header's crop_mode." : "Not recorded; the vendor's CROP_MODE (on) is assumed.");
        const std::string how = crop ? "The crop grid is not recorded; the standard 1024x1024 page gives 2x2 crops of 768 px."
                                     : "Crop mode is off: no local crops.";
        set(rw.crops, crop ? 4 : 0, false, how);
        set(rw.crops_w, crop ? 2 : 0, false, how);
        set(rw.crops_h, crop ? 2 : 0, false, how);
        rw.notes.push_back(std::string(run.rows.empty() ? "The artifacts record no shapes" : "The table has no SAM rows") +
                           ", so the crop grid is not recorded; the standard 1024x1024 page is used" +
                           (crop ? " (2x2 crops of 768 px)." : " with crop mode off."));
    }

    const int64_t t = image_tokens(rw.crops.value);
    set(rw.image_tokens, t, rw.crops.recovered,
        "256 global-view tokens + 144 per crop x " + std::to_string(rw.crops.value) + " + 1 view separator.");
    if (rw.prefill_tokens.recovered) {
        const int64_t text = rw.prefill_tokens.value - t;
        if (rw.crops.recovered && text < 1)
            refuse("the prefill length " + std::to_string(rw.prefill_tokens.value) + " leaves no room for the " + std::to_string(t) +
                   " image tokens of " + std::to_string(rw.crops.value) + " crops and a BOS token");
        else if (rw.crops.recovered && text == kStandardPromptTokens)
            rw.prompt_text_tokens.how = "From the prefill length " + std::to_string(rw.prefill_tokens.value) + " = " + std::to_string(t) +
                                        " image tokens + 10 (BOS and the vendor prompt's 9 tokens).";
        else if (rw.crops.recovered)
            rw.notes.push_back("The prefill length " + std::to_string(rw.prefill_tokens.value) + " holds " + std::to_string(text) +
                               " text tokens beside the " + std::to_string(t) +
                               " image tokens, not the vendor prompt's 10; the engine costs the standard prompt.");
    } else {
        set(rw.prefill_tokens, t + kStandardPromptTokens, false, "Image tokens + the vendor prompt's 10 tokens.");
    }
    return rw;
}

}  // namespace mm

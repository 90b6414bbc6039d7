// What workload a TorchInfo run of DeepSeek-OCR recorded, read back from its shapes (docs/domain.md
// sections 1-2): SAM sees the local crops as one batch [crops, 3, tile, tile] and the global view
// as [pages, 3, base, base]; the projector sees [views, features, 2048]; the decoder's embedding
// sees [pages, S]. The crop grid's arrangement (w x h) is not a shape anywhere, but the prefill
// length is S = f(f+1) + 1 + (t*w + 1)(t*h) + prompt, which tells 2x2 (703) from 4x1 (693) and
// 1x4 (723) under the standard 10-token prompt.
#include <algorithm>

#include "core/engine/analysis.hpp"
#include "core/engine/workload.hpp"
#include "core/ingest/ingest_util.hpp"

namespace mm {
namespace {

using namespace ingest;

constexpr int64_t kStandardPromptTokens = 10;  // BOS + 9 tokens of the standard prompt (domain.md section 1)
constexpr int64_t kSamPixelsPerFeature = 64;   // patch 16 x two stride-2 convolutions

int64_t image_tokens(int64_t global_side, int64_t tile_side, int64_t w, int64_t h) {
    return image_token_count(global_side, tile_side, w, h, true);
}

std::string grid(int64_t w, int64_t h) { return std::to_string(w) + "x" + std::to_string(h); }

bool is_class(const TorchInfoRow& r, std::string_view cls, std::string_view instance) {
    return r.class_name == cls || (r.named && r.instance_name == instance);
}

}  // namespace

std::vector<const RecoveredField*> RecoveredWorkload::fields() const {
    return {&base_size, &tile_size, &crop_mode, &crops, &crops_w, &crops_h, &batch,
            &prefill_tokens, &image_tokens, &prompt_text_tokens, &new_tokens};
}

RecoveredWorkload recover_workload(const TorchInfoRun& run) {
    RecoveredWorkload rw;
    const TorchInfoHeader& h = run.header;
    set_field(rw.new_tokens, AnalyzeOptions{}.new_tokens, false,
        "TorchInfo runs one forward pass, so the number of generated tokens is not recorded; the standard 512 is assumed.");
    set_field(rw.prompt_text_tokens, kStandardPromptTokens, false,
        "The prompt's text tokens are not recorded; the standard prompt's 10 (BOS + 9) are assumed.");

    // Shapes first: SAM calls, projector calls, the decoder's token count.
    std::vector<Shape> sam_in, sam_out;
    std::optional<Shape> embed_in;
    for (const TorchInfoRow& r : run.rows) {
        if (r.depth > 1) continue;
        if (is_class(r, "ImageEncoderViT", "sam_model") && !r.input_shapes.empty() && r.input_shapes[0].size() == 4) {
            sam_in.push_back(r.input_shapes[0]);
            sam_out.push_back(r.output_shapes.empty() ? Shape{} : r.output_shapes[0]);
        }
        if (is_class(r, "Embedding", "embed_tokens") && r.instance_name == "embed_tokens" && !r.input_shapes.empty() &&
            r.input_shapes[0].size() == 2 && !embed_in)
            embed_in = r.input_shapes[0];
    }
    rw.from_shapes = !sam_in.empty() || embed_in;

    if (embed_in) {
        set_field(rw.batch, (*embed_in)[0], true, "From the decoder embedding's input " + shape_text(*embed_in) + ": pages in the batch.");
        set_field(rw.prefill_tokens, (*embed_in)[1], true, "From the decoder embedding's input " + shape_text(*embed_in) + ": the prefill length S.");
    }

    // The global view is the largest SAM input; a smaller one is the batch of local crops.
    const Shape* global = nullptr;
    const Shape* tiles = nullptr;
    const Shape* tiles_out = nullptr;
    const Shape* global_out = nullptr;
    for (std::size_t i = 0; i < sam_in.size(); ++i)
        if (!global || sam_in[i][2] > (*global)[2]) {
            global = &sam_in[i];
            global_out = &sam_out[i];
        }
    for (std::size_t i = 0; i < sam_in.size(); ++i)
        if (&sam_in[i] != global && sam_in[i][2] < (*global)[2]) {
            tiles = &sam_in[i];
            tiles_out = &sam_out[i];
        }

    if (global) {
        set_field(rw.base_size, (*global)[2], true, "From SAM's global-view input " + shape_text(*global) + ".");
        if (!embed_in) set_field(rw.batch, (*global)[0], true, "From SAM's global-view input " + shape_text(*global) + ": one global view per page.");
        if (tiles) {
            set_field(rw.tile_size, (*tiles)[2], true, "From SAM's local-crop input " + shape_text(*tiles) + ".");
            const int64_t pages = std::max<int64_t>(rw.batch.value, 1);
            const int64_t n = (*tiles)[0] / pages;
            set_field(rw.crop_mode, 1, true, "SAM ran on local crops as well as the global view.");
            set_field(rw.crops, n, true, "From SAM's local-crop input " + shape_text(*tiles) + ": " + std::to_string(n) + " crops per page.");
        } else {
            set_field(rw.crop_mode, 0, true, "SAM ran on the global view only.");
            set_field(rw.crops, 0, true, "SAM ran on the global view only: no local crops.");
            set_field(rw.tile_size, h.image_size.value_or(640), h.image_size.has_value(),
                h.image_size ? "From the header's image_size (no crop was encoded)." : "No crop was encoded; the standard 640 is shown.");
        }
    } else {
        // No shapes: the header (JSON kinds) or the standard workload.
        if (h.base_size) set_field(rw.base_size, *h.base_size, true, "From the header's base_size.");
        else set_field(rw.base_size, 1024, false, "Not recorded; the standard workload's 1024 is assumed.");
        if (h.image_size) set_field(rw.tile_size, *h.image_size, true, "From the header's image_size (the crop size).");
        else set_field(rw.tile_size, 640, false, "Not recorded; the standard workload's 640 is assumed.");
        if (h.crop_mode) set_field(rw.crop_mode, *h.crop_mode ? 1 : 0, true, "From the header's crop_mode.");
        else set_field(rw.crop_mode, 1, false, "Not recorded; the standard workload's crop mode (on) is assumed.");
    }
    if (!rw.batch.how.size()) set_field(rw.batch, 1, false, "Not recorded; one page is assumed.");

    const int64_t global_side = rw.base_size.value / kSamPixelsPerFeature;
    int64_t tile_side = rw.tile_size.value / kSamPixelsPerFeature;
    if (tiles_out && tiles_out->size() == 4 && (*tiles_out)[2] > 0) tile_side = (*tiles_out)[2];
    (void)global_out;

    if (tiles && rw.crops.value > 0) {
        const int64_t n = rw.crops.value;
        for (int64_t w = 1; w <= n; ++w)
            if (n % w == 0) rw.grid_candidates.emplace_back(w, n / w);
        std::vector<std::pair<int64_t, int64_t>> fits;
        std::string others;
        for (auto [w, hh] : rw.grid_candidates) {
            const int64_t s = image_tokens(global_side, tile_side, w, hh) + kStandardPromptTokens;
            if (rw.prefill_tokens.recovered && s == rw.prefill_tokens.value) fits.emplace_back(w, hh);
            else others += (others.empty() ? "" : ", ") + grid(w, hh) + " would give " + std::to_string(s);
        }
        if (fits.size() == 1) {
            set_field(rw.crops_w, fits[0].first, true, "");
            set_field(rw.crops_h, fits[0].second, true, "");
            const std::string how = "From the prefill length " + std::to_string(rw.prefill_tokens.value) + " = " +
                                    std::to_string(image_tokens(global_side, tile_side, fits[0].first, fits[0].second)) +
                                    " image tokens of a " + grid(fits[0].first, fits[0].second) + " grid + " +
                                    std::to_string(kStandardPromptTokens) + " prompt tokens" +
                                    (others.empty() ? std::string(".") : " (" + others + ").");
            rw.crops_w.how = how;
            rw.crops_h.how = how;
            rw.prompt_text_tokens.how = "Assumed 10 (the standard prompt); it makes the prefill length match exactly one crop grid.";
        } else {
            // Ambiguous: the most square arrangement, wider than tall (a landscape page's rule).
            auto best = rw.grid_candidates.front();
            for (auto c : rw.grid_candidates)
                if (std::abs(c.first - c.second) < std::abs(best.first - best.second) ||
                    (std::abs(c.first - c.second) == std::abs(best.first - best.second) && c.first > best.first))
                    best = c;
            rw.grid_ambiguous = rw.grid_candidates.size() > 1;
            std::string list;
            for (auto c : rw.grid_candidates) list += (list.empty() ? "" : ", ") + grid(c.first, c.second);
            const std::string how = std::to_string(n) + " crops could be " + list + "; " +
                                    (rw.prefill_tokens.recovered ? "the prefill length " + std::to_string(rw.prefill_tokens.value) +
                                                                       " matches none under the standard 10-token prompt"
                                                                 : std::string("no decoder shape records the prefill length")) +
                                    ", so " + grid(best.first, best.second) + " (the most square) is assumed.";
            set_field(rw.crops_w, best.first, false, how);
            set_field(rw.crops_h, best.second, false, how);
            if (rw.grid_ambiguous) rw.notes.push_back(how);
        }
    } else if (global && !tiles) {
        set_field(rw.crops_w, 0, true, "No local crops.");
        set_field(rw.crops_h, 0, true, "No local crops.");
    } else if (!global) {
        // Nothing recorded the grid: the standard workload (a 1024x1024 page -> 2x2 by the vendor rule).
        rw.standard_fallback = true;
        const bool crop = rw.crop_mode.value == 1;
        set_field(rw.crops, crop ? 4 : 0, false, crop ? "The crop grid is not recorded; the standard workload's 1024x1024 page gives 2x2 crops." : "Crop mode is off: no local crops.");
        set_field(rw.crops_w, crop ? 2 : 0, false, rw.crops.how);
        set_field(rw.crops_h, crop ? 2 : 0, false, rw.crops.how);
        rw.notes.push_back(std::string(run.rows.empty() ? "The artifacts record no shapes" : "The table has no SAM rows") +
                           ", so the crop grid is not recorded; the standard workload dsocr-standard-v1 is used" +
                           (crop ? " (a 1024x1024 page, 2x2 crops)." : " with crop mode off."));
        if (h.seq_len)
            rw.notes.push_back("The header's seq_len " + std::to_string(*h.seq_len) +
                               " is recorded by the exporter but not used to build the inputs; it was not read as the prefill length.");
    }

    const int64_t t = image_tokens(global_side, tile_side, rw.crops_w.value, rw.crops_h.value);
    set_field(rw.image_tokens, t, rw.crops_w.recovered && rw.base_size.recovered,
        "f(f+1)+1 for the global view (f = " + std::to_string(global_side) + ") + (t*w+1)(t*h) for the crops (t = " +
            std::to_string(tile_side) + ").");
    if (!rw.prefill_tokens.recovered)
        set_field(rw.prefill_tokens, t + kStandardPromptTokens, false, "Image tokens + the standard 10 prompt tokens.");
    return rw;
}

void apply_recovered(const RecoveredWorkload& r, AnalyzeOptions& o) {
    const bool crops = r.crop_mode.value == 1 && r.crops_w.value * r.crops_h.value >= 2;
    o.model = r.model;
    if (r.model == "deepseek-ocr-2") {
        // Its modes: default (1024 global view + 768 px crops) and base (the global view alone).
        o.mode = crops ? "default" : "base";
        if (crops) {
            o.crops = AnalyzeOptions::Crops::explicit_grid;
            o.crops_w = r.crops_w.value;
            o.crops_h = r.crops_h.value;
        } else {
            o.crops = AnalyzeOptions::Crops::off;
            o.crops_w = o.crops_h = 0;
        }
        if (r.batch.value >= 1) o.batch = r.batch.value;
        if (r.new_tokens.value >= 1) o.new_tokens = r.new_tokens.value;
        return;
    }
    const int64_t base = r.base_size.value, tile = r.tile_size.value;
    if (r.crop_mode.value == 1) o.mode = base >= 1280 && tile >= 1024 ? "gundam-m" : "gundam";
    else o.mode = base <= 512 ? "tiny" : base <= 640 ? "small" : base <= 1024 ? "base" : "large";
    if (crops) {
        o.crops = AnalyzeOptions::Crops::explicit_grid;
        o.crops_w = r.crops_w.value;
        o.crops_h = r.crops_h.value;
    } else if (r.crop_mode.value == 1) {
        o.crops = AnalyzeOptions::Crops::off;  // crop mode on but the page fit in one view
    }
    if (r.batch.value >= 1) o.batch = r.batch.value;
    if (r.new_tokens.value >= 1) o.new_tokens = r.new_tokens.value;
}

}  // namespace mm

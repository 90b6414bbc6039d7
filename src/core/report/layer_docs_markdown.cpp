// The Markdown layer docs: layers/summary.md and one page per module. Every number in the summary
// links to the page of the module it belongs to; a page lists its children with the same columns
// (their sum is the page's total) and, for a module with work of its own, the formula with the
// numbers substituted (explain_module), so a reviewer can walk from any total down to a formula.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "core/api.hpp"
#include "core/base/format.hpp"
#include "core/report/report_model.hpp"
#include "core/report/coverage.hpp"
#include "core/engine/time_model.hpp"
#include "core/link/url_state.hpp"

namespace mm {

namespace {

std::string link(std::string_view id) { return "[" + std::string(id) + "](" + module_doc_filename(id) + ")"; }

// Markdown table cells must not contain '|' or line breaks.
std::string cell(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '|') out += "\\|";
        else if (c == '\n') out += ' ';
        else out += c;
    }
    return out;
}

// Four significant digits, plain decimals where they read well ("0.1234", "27.73", "3.6e-06").
std::string sig4(double v) {
    if (v == 0) return "0";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}
std::string tflops(double flops) { return sig4(to_tflops(flops)); }
std::string ms(double s) { return sig4(to_ms(s)); }
std::string pct(double share) { return format_fixed(share * 100, 2) + " %"; }
std::string gb_moved(double bytes) { return sig4(bytes / 1e9); }  // DRAM traffic: decimal GB

const char* kModuleHeader =
    "| Module | Class | Calls | FLOPs (TFLOPs) | tensor / CUDA (TFLOPs) | DRAM (GB) | Time (ms) | Share of request | Bound |\n"
    "|---|---|---:|---:|---:|---:|---:|---:|---|\n";

std::string module_line(const ModuleRow& m) {
    return "| " + link(m.id) + " | " + cell(m.class_name) + " | " + format_number(m.calls) + " | " + tflops(m.flops) + " | " +
           tflops(m.flops_tensor) + " / " + tflops(m.flops_cuda) + " | " + gb_moved(m.bytes) + " | " + ms(m.time_s) + " | " +
           pct(m.share_of_time) + " | " + std::string(bound_name(m.bound)) + " |\n";
}

std::string stage_line(std::string_view name, const StageTotals& s, std::string_view id) {
    return "| " + (id.empty() ? std::string(name) : link(id)) + " | " + tflops(s.flops) + " | " + tflops(s.flops_tensor) +
           " / " + tflops(s.flops_cuda) + " | " + tflops(s.flops_torch) + " | " + gb_moved(s.bytes) + " (" +
           gb_moved(s.bytes_weights) + " / " + gb_moved(s.bytes_activations) + " / " + gb_moved(s.bytes_kv) + ") | " +
           format_number(s.kernels) + " | " + ms(s.time_s) + " | " + std::string(bound_name(s.bound)) + " |\n";
}

int find_module(const Analysis& a, std::string_view id) {
    for (size_t i = 0; i < a.modules().size(); ++i)
        if (a.modules()[i].id == id) return int(i);
    return -1;
}

std::string breakdown_table(const AnalyticReport& r, int index) {
    const ModuleBreakdown& b = r.breakdowns[size_t(index)];
    const ModuleRow& m = r.analysis.modules()[size_t(index)];
    std::string out =
        "| Category | Op calls | FLOPs (TFLOPs) | Share of FLOPs | DRAM (GB) | Time (ms) | Share of this module's time |\n"
        "|---|---:|---:|---:|---:|---:|---:|\n";
    for (int c = 0; c < kOperatorCategoryCount; ++c) {
        const CategoryTotals& t = b.totals[size_t(c)];
        if (t.own_ops == 0) continue;
        out += "| " + std::string(category_id(OperatorCategory(c))) + " | " + format_number(b.calls[size_t(c)]) + " | " +
               tflops(t.flops) + " | " + (m.flops > 0 ? pct(t.flops / m.flops) : std::string("-")) + " | " + gb_moved(t.bytes) +
               " | " + ms(t.time_s) + " | " + (m.time_s > 0 ? pct(t.time_s / m.time_s) : std::string("-")) + " |\n";
    }
    return out;
}

std::string time_model_text(const Analysis& a) {
    const TimeProfile& p = a.profile();
    const double tensor_peak = a.rates.tensor_peak_flops_per_s;
    std::string out;
    out += "Per op call (time profile `" + p.name + "`, " + a.gpu().display_name + "):\n\n";
    out += "    t_roof = max(FLOPs_tensor / (" + format_si(tensor_peak, "FLOP/s") + " x " + format_number(p.tensor_efficiency) +
           ") + FLOPs_CUDA / (" + format_si(a.gpu().cuda_fp32_flops_per_s, "FLOP/s") + " x " +
           format_number(p.cuda_core_efficiency) + "),\n                 bytes / (" +
           format_si(a.gpu().bandwidth_bytes_per_s, "B/s") + " x " + format_number(p.memory_efficiency) + "))\n";
    out += "    t      = max(t_roof + kernels x " + format_seconds(p.kernel_gap_s) + ", kernels x " +
           format_seconds(p.host_launch_s) + ")\n\n";
    out += "Kernels are counted " + std::string(p.counting == KernelCounting::eager ? "as the eager vendor model launches them" : "as a fused runtime launches them") +
           ". A module's time is the sum of its op calls' times; a call is compute-, memory- or overhead-bound by the "
           "largest of the three terms.\n";
    return out;
}


// DeepSeek-OCR's workload: the page, its views and tokens, then the stages, TTFT, TPOT and memory.
std::string ocr_workload_md(const Analysis& a) {
    const Workload& w = a.workload;
    std::string o;
    o += "## Workload and input shapes\n\n";
    o += "- Page image " + format_int(w.image_width_px) + "x" + format_int(w.image_height_px) + " px, mode `" + w.mode +
         "`, crop mode " + (w.crop_mode ? "on" : "off") + ": ";
    if (w.num_crops() > 0)
        o += format_int(w.crops_w) + "x" + format_int(w.crops_h) + " crops of " + format_int(w.tile_size_px) + " px + one " +
             format_int(w.base_size_px) + " px global view.\n";
    else
        o += "the " + format_int(w.base_size_px) + " px global view only.\n";
    const int64_t B = w.batch;
    // The second encoder's sequence per view: CLIP's features + a class token, or (DeepSeek-OCR 2) the
    // Qwen2 encoder's features + as many learned queries.
    const bool qwen2 = a.model && a.model->encoder == VisionEncoder::qwen2;
    const bool newline = !a.model || a.model->image_newline;
    auto sequence = [&](int64_t side) {
        return std::string(qwen2 ? "; Qwen2 encoder sequence " : "; CLIP sequence ") + format_int(qwen2 ? 2 * side * side : side * side + 1);
    };
    if (w.num_crops() > 0)
        o += "- SAM input, crops: (" + format_int(B * w.num_crops()) + ", 3, " + format_int(w.tile_size_px) + ", " +
             format_int(w.tile_size_px) + ") -> patch grid " + format_int(w.tile_patch_grid) + "x" +
             format_int(w.tile_patch_grid) + " -> features " + format_int(w.tile_feature_side) + "x" +
             format_int(w.tile_feature_side) + sequence(w.tile_feature_side) + " per crop.\n";
    o += "- SAM input, global view: (" + format_int(B) + ", 3, " + format_int(w.base_size_px) + ", " +
         format_int(w.base_size_px) + ") -> patch grid " + format_int(w.global_patch_grid) + "x" +
         format_int(w.global_patch_grid) + " -> features " + format_int(w.global_feature_side) + "x" +
         format_int(w.global_feature_side) + sequence(w.global_feature_side) + ".\n";
    const int64_t g = w.global_feature_side, t = w.tile_feature_side;
    if (newline) {
        o += "- Image tokens T = " + format_int(g) + " x (" + format_int(g) + " + 1) + 1";
        if (w.num_crops() > 0)
            o += " + (" + format_int(t) + " x " + format_int(w.crops_w) + " + 1) x (" + format_int(t) + " x " +
                 format_int(w.crops_h) + ")";
        o += " = " + format_int(w.image_tokens) + " (features, one newline per row, the view separator)";
    } else {
        o += "- Image tokens T = " + format_int(g) + " x " + format_int(g);
        if (w.num_crops() > 0) o += " + " + format_int(w.num_crops()) + " x " + format_int(t) + " x " + format_int(t);
        o += " + 1 = " + format_int(w.image_tokens) + " (the query outputs of every view, the view separator; no newlines)";
    }
    o += "; prefill S = T + " + format_int(w.prompt_text_tokens) + " prompt tokens = " + format_int(w.prefill_tokens) + ".\n";
    o += "- New tokens N = " + format_int(w.new_tokens) + ": prefill yields the first, then " + format_int(w.decode_passes()) +
         " decode passes of 1 token per sequence over a KV cache growing from S+1 = " + format_int(w.prefill_tokens + 1) +
         " to S+N-1 = " + format_int(w.kv_tokens_final()) + " tokens.\n";
    o += "- Batch " + format_int(B) + " page(s); precision weights " + std::string(precision_name(w.weights)) +
         ", activations " + std::string(precision_name(w.activations)) + ", KV " + std::string(precision_name(w.kv)) + ".\n\n";

    o += "## Stages\n\n";
    o += "| Stage | FLOPs (TFLOPs) | tensor / CUDA (TFLOPs) | torch-convention FLOPs (TFLOPs) | DRAM GB (weights / activations / KV) | Kernels | Time (ms) | Bound |\n"
         "|---|---:|---:|---:|---:|---:|---:|---|\n";
    o += stage_line("vision", a.vision(), "vision");
    o += stage_line("prefill", a.prefill(), "prefill");
    o += stage_line("decode", a.decode(), "decode");
    o += stage_line("total", a.total(), "");
    o += "\n";
    o += "- TTFT = vision + prefill = " + ms(a.latency().vision_s) + " + " + ms(a.latency().prefill_s) + " = " +
         ms(a.latency().ttft_s) + " ms.\n";
    o += "- TPOT = decode time / decode passes = " + ms(a.latency().decode_s) + " / " + format_int(w.decode_passes()) + " = " +
         ms(a.latency().tpot_s) + " ms per output token.\n";
    o += "- Request = " + ms(a.latency().page_s) + " ms (predicted_total_time_ms); " + format_fixed(a.latency().pages_per_s, 3) +
         " pages/s, " + format_fixed(a.latency().tokens_per_s, 1) + " generated tokens/s.\n";
    o += "- Memory: weights " + format_bytes(a.memory.weights_bytes) + " + KV " + format_bytes(a.memory.kv_bytes) + " (" +
         format_number(a.memory.kv_bytes_per_token) + " B per token per sequence x " + format_int(w.kv_tokens_final()) +
         " tokens x " + format_int(B) + ") + peak activations " + format_bytes(a.memory.peak_activation_bytes) + " = " +
         format_bytes(a.memory.total_bytes) + " of " + format_bytes(a.memory.capacity_bytes) + " (" +
         (a.memory.fits ? "fits" : "does not fit") + "; largest batch that fits: " + format_int(a.memory.max_batch) + ").\n\n";

    return o;
}

// A network from a TorchInfo summary: one forward pass over the batch, no page or tokens.
std::string network_workload_md(const Analysis& a) {
    const Workload& w = a.workload;
    std::string o;
    o += "## Workload\n\n";
    o += "- One forward pass of " + a.model_display_name + " as the TorchInfo summary `" + a.model_id + "` describes it, at batch " +
         format_int(w.batch) + ": every shape of the summary scaled along its batch axis.\n";
    o += "- Precision weights " + std::string(precision_name(w.weights)) + ", activations " + std::string(precision_name(w.activations)) + ".\n";
    o += "- Costed: " + describe_coverage(cost_coverage(a)) + ".\n\n";
    o += "## Stages\n\n";
    o += "| Stage | FLOPs (TFLOPs) | tensor / CUDA (TFLOPs) | torch-convention FLOPs (TFLOPs) | DRAM GB (weights / activations / KV) | Kernels | Time (ms) | Bound |\n"
         "|---|---:|---:|---:|---:|---:|---:|---|\n";
    for (Stage stage : a.stages()) o += stage_line(stage_name(stage), a.stage(stage), stage_name(stage));
    o += stage_line("total", a.total(), "");
    o += "\n- Forward pass = " + ms(a.latency().page_s) + " ms (predicted_total_time_ms); " + format_fixed(a.latency().pages_per_s, 1) +
         " samples/s at batch " + format_int(w.batch) + ".\n";
    o += "- Memory: weights " + format_bytes(a.memory.weights_bytes) + " + peak activations " + format_bytes(a.memory.peak_activation_bytes) +
         " = " + format_bytes(a.memory.total_bytes) + " of " + format_bytes(a.memory.capacity_bytes) + " (" +
         (a.memory.fits ? "fits" : "does not fit") + "; largest batch that fits: " + format_int(a.memory.max_batch) + ").\n\n";
    return o;
}

// DeepSeek-OCR's representative shapes: SAM, CLIP, the projector, a dense and an MoE layer, lm_head, decode.
std::string ocr_shapes_md(const Analysis& a, const ModelConfig& mc) {
    const Workload& w = a.workload;
    const int64_t B = w.batch;
    const int64_t g = w.global_feature_side, t = w.tile_feature_side;
    std::string o;
    o += "## Representative per-layer shapes\n\n";
    o += "| Module | Input -> output (per call) |\n|---|---|\n";
    const int64_t S = w.prefill_tokens, h = mc.decoder.hidden_size;
    auto shape_row = [&](std::string_view id, const std::string& text) {
        if (find_module(a, id) >= 0) o += "| " + link(id) + " | " + text + " |\n";
    };
    auto pad = [&](int64_t grid) {
        const int64_t ws = mc.sam.window_size;
        return (grid + ws - 1) / ws * ws;
    };
    std::string crops_part = w.num_crops() > 0 ? "crops (" + format_int(B * w.num_crops()) + ", " + format_int(w.tile_patch_grid) +
                                                     ", " + format_int(w.tile_patch_grid) + ", " + format_int(mc.sam.embed_dim) + "); "
                                               : std::string();
    shape_row("vision/sam_model.blocks.0",
              crops_part + "global (" + format_int(B) + ", " + format_int(w.global_patch_grid) + ", " +
                  format_int(w.global_patch_grid) + ", " + format_int(mc.sam.embed_dim) + "); window attention pads to " +
                  (w.num_crops() > 0 ? format_int(pad(w.tile_patch_grid)) + " / " : std::string()) +
                  format_int(pad(w.global_patch_grid)) + " and runs on " + format_int(mc.sam.window_size) + "x" +
                  format_int(mc.sam.window_size) + " windows; output has the input's shape");
    shape_row("vision/sam_model.blocks.2", "as block 0, global attention over the whole (unpadded) grid");
    shape_row("vision/vision_model.transformer.layers.0",
              (w.num_crops() > 0 ? "crops (" + format_int(B * w.num_crops()) + ", " + format_int(t * t + 1) + ", " +
                                       format_int(mc.clip.hidden_size) + "); "
                                 : std::string()) +
                  "global (" + format_int(B) + ", " + format_int(g * g + 1) + ", " + format_int(mc.clip.hidden_size) + ")");
    shape_row("vision/qwen2_model.model.model.layers.0",
              (w.num_crops() > 0 ? "crops (" + format_int(B * w.num_crops()) + ", " + format_int(2 * t * t) + ", " +
                                       format_int(mc.qwen2.hidden_size) + "); "
                                 : std::string()) +
                  "global (" + format_int(B) + ", " + format_int(2 * g * g) + ", " + format_int(mc.qwen2.hidden_size) +
                  "): the features, then as many learned queries; only the query half is kept");
    shape_row("vision/projector", "(" + format_int(B * (w.num_crops() * t * t + g * g)) + ", " + format_int(mc.projector.input_dim) +
                                      ") -> (" + format_int(B * (w.num_crops() * t * t + g * g)) + ", " +
                                      format_int(mc.projector.n_embed) + ")");
    shape_row("prefill/layers.0", "(" + format_int(B) + ", " + format_int(S) + ", " + format_int(h) + ") -> same; dense SwiGLU MLP " +
                                      format_int(h) + " -> " + format_int(mc.decoder.intermediate_size) + " -> " + format_int(h));
    shape_row("prefill/layers.1", "(" + format_int(B) + ", " + format_int(S) + ", " + format_int(h) + ") -> same; MoE: " +
                                      format_int(mc.decoder.num_experts_per_tok) + " of " +
                                      format_int(mc.decoder.n_routed_experts) + " experts per token (" + format_int(h) +
                                      " -> " + format_int(mc.decoder.moe_intermediate_size) + " -> " + format_int(h) + ") + shared");
    shape_row("prefill/lm_head", "(" + format_int(B) + ", " + format_int(S) + ", " + format_int(h) + ") -> (" + format_int(B) + ", " +
                                     format_int(S) + ", " + format_int(mc.decoder.vocab_size) + ") in the torch convention; the last position only when executed");
    shape_row("decode/layers.1", "(" + format_int(B) + ", 1, " + format_int(h) + ") per pass, attending to " +
                                     format_int(S + 1) + " .. " + format_int(w.kv_tokens_final()) + " cached tokens");
    o += "\n";

    return o;
}

}  // namespace

std::string report_summary_md(const AnalyticReport& r) {
    const Analysis& a = r.analysis;
    const Workload& w = a.workload;
    const ModelConfig& mc = r.model;
    std::string o;
    o += "# " + mc.display_name + " analytic report `" + r.run_id + "`\n\n";
    o += "Every number below links to the page of the module it belongs to; a page lists its children with the same "
         "columns (they add up to the page's totals) and, for a module with work of its own, the formula with the "
         "numbers substituted.\n\n";
    o += "| | |\n|---|---|\n";
    o += "| Report id | `" + r.run_id + "` |\n";
    if (!r.options.timestamp.empty()) o += "| Generated at | " + r.options.timestamp + " |\n";
    if (mc.plain)
        o += "| Model | " + mc.display_name + ", read from the TorchInfo summary `" + mc.model_id + "`, " +
             format_grouped(a.params().total) + " parameters |\n";
    else
        o += "| Model | " + mc.display_name + " (`" + mc.model_id + "`, revision " + mc.hf_revision + "), variant `" + mc.name +
             "@" + mc.hf_revision + "`, " + format_grouped(a.params().total) + " parameters |\n";
    o += "| Workload profile | `" + r.profile_id + "`: " + cell(r.preset_modified ? "modified from " + r.preset.name + " (" +
                                                                        encode_url_state(a.options) + ")"
                                                                  : r.preset.description) + " |\n";
    o += "| GPU | " + a.gpu().display_name + ": " + format_si(a.rates.tensor_peak_flops_per_s, "FLOP/s") +
         " dense tensor (" + std::string(precision_name(a.rates.tensor_precision)) + ", " + a.gpu().tensor_accumulate +
         " accumulate), " + format_si(a.gpu().cuda_fp32_flops_per_s, "FLOP/s") + " FP32 CUDA cores, " +
         format_si(a.gpu().bandwidth_bytes_per_s, "B/s") + " DRAM, " + format_bytes(a.gpu().memory_capacity_bytes) +
         ". Source: " + cell(a.gpu().source) + " |\n";
    o += "| Time profile | `" + a.profile().name + "`: " + cell(a.profile().description) + " |\n";
    o += "| FLOP convention | `" + std::string(convention_name(w.convention)) + "`" +
         (mc.plain ? std::string() : " (decoder attention `" + std::string(attention_name(w.attention)) + "`)") + " |\n";
    o += "| Share link | `" + report_share_link(a) + "` |\n\n";
    o += mc.plain ? network_workload_md(a) : ocr_workload_md(a);

    o += "## Module metrics\n\n";
    o += "The stages and their modules two levels down. Shares are of the whole request's predicted time.\n\n";
    o += kModuleHeader;
    for (const ModuleRow& m : a.modules())
        if (m.depth <= 2) o += module_line(m);
    o += "\n";

    o += "## Slowest modules with work of their own\n\n";
    {
        std::vector<size_t> leaves;
        for (size_t i = 0; i < a.modules().size(); ++i)
            if (a.tree->nodes[i].children.empty()) leaves.push_back(i);
        std::stable_sort(leaves.begin(), leaves.end(),
                         [&](size_t x, size_t y) { return a.modules()[x].share_of_time > a.modules()[y].share_of_time; });
        const size_t n = std::min(leaves.size(), size_t(std::max(0, r.options.top_modules)));
        o += kModuleHeader;
        for (size_t k = 0; k < n; ++k) o += module_line(a.modules()[leaves[k]]);
        o += "\n";
    }

    o += "## Operator categories\n\n";
    o += "Work of the whole request by operator category (the three stages summed).\n\n";
    o += "| Category | Holds | Op calls | FLOPs (TFLOPs) | DRAM (GB) | Time (ms) | Share of request |\n"
         "|---|---|---:|---:|---:|---:|---:|\n";
    for (int c = 0; c < kOperatorCategoryCount; ++c) {
        double calls = 0, flops = 0, bytes = 0, time = 0;
        for (size_t i = 0; i < a.modules().size(); ++i) {
            if (a.modules()[i].parent >= 0) continue;
            const ModuleBreakdown& b = r.breakdowns[i];
            calls += b.calls[size_t(c)];
            flops += b.totals[size_t(c)].flops;
            bytes += b.totals[size_t(c)].bytes;
            time += b.totals[size_t(c)].time_s;
        }
        o += "| " + std::string(category_id(OperatorCategory(c))) + " | " + cell(category_description(OperatorCategory(c))) +
             " | " + format_number(calls) + " | " + tflops(flops) + " | " + gb_moved(bytes) + " | " + ms(time) + " | " +
             pct(a.total().time_s > 0 ? time / a.total().time_s : 0) + " |\n";
    }
    o += "\n";

    o += "## Module parameters\n\n";
    o += "| Module | Class | Parameters |\n|---|---|---:|\n";
    for (const ModuleRow& m : a.modules())
        if (m.depth == 1 && m.params > 0 && m.stage != Stage::decode) o += "| " + link(m.id) + " | " + cell(m.class_name) + " | " + format_grouped(m.params) + " |\n";
    o += "| total (every parameter once, lm_head included) | | " + format_grouped(a.params().total) + " |\n\n";

    if (!mc.plain) o += ocr_shapes_md(a, mc);
    o += "## Time model\n\n" + time_model_text(a) + "\n";
    o += "## Units\n\n";
    o += "Tables here use TFLOPs (1e12 FLOPs), GB (1e9 bytes) for DRAM traffic, GiB (2^30 bytes) for memory held, and ms. report.json keeps the seed's units: "
         "`*_tflops` = 1e12 FLOPs, `*_io_tb` = terabits (bytes x 8 / 1e12), `*_gb` = GiB; modules.csv keeps base units "
         "(FLOPs, bytes, seconds).\n";
    return o;
}

// A metric's value in words, by its unit: FLOPs and counts grouped, bytes in binary units, seconds
// scaled, ratios as numbers.
std::string metric_value_text(const MetricSpec& metric, double v) {
    const std::string_view u = metric.unit;
    if (u == "FLOP") return format_grouped(int64_t(v)) + " FLOP";
    if (u == "B") return metric_is_held_memory(metric) ? format_bytes(v) : format_traffic(v);
    if (u == "s") return format_seconds(v);
    if (u == "FLOP/B") return format_fixed(v, 2) + " FLOP/B";
    if (metric.type == MetricType::integer) return format_grouped(int64_t(v));
    return format_number(v);
}

std::string report_module_md(const AnalyticReport& r, int index) {
    const Analysis& a = r.analysis;
    if (index < 0 || size_t(index) >= a.modules().size()) return {};
    const ModuleRow& m = a.modules()[size_t(index)];
    const ModuleNode& n = a.tree->nodes[size_t(index)];
    std::string o;
    o += "# `" + std::string(m.id) + "`\n\n";
    o += "[Report summary](summary.md)";
    if (m.parent >= 0) o += " · up: " + link(a.modules()[size_t(m.parent)].id);
    o += "\n\n";
    o += "| | |\n|---|---|\n";
    o += "| Stage | " + std::string(seed_stage(m)) + " (engine stage " + std::string(stage_name(m.stage)) + ", part " +
         std::string(component_name(m.component)) + ") |\n";
    o += "| Class | `" + cell(m.class_name) + "`" + (m.is_function ? " (a functional op in the vendor code)" : "") + " |\n";
    o += "| Vendor name | `" + cell(m.name) + "` |\n";
    o += "| Parent | " + (m.parent >= 0 ? link(a.modules()[size_t(m.parent)].id) : std::string("none (stage root)")) + " |\n";
    o += "| Children | " + format_int(int64_t(n.children.size())) + " |\n";
    o += "| Repetition | " + std::string(repetition_name(n.repetition)) +
         (n.repetition != Repetition::none ? " x " + format_int(n.repetition_count) : std::string()) + " |\n";
    o += "| Calls in the request | " + format_number(m.calls) + " |\n";
    o += "| Parameters (subtree) | " + format_grouped(m.params) + " |\n";
    if (n.never_called) o += "| Note | exists (its parameters count) but never runs for OCR |\n";
    o += "\n";

    if (!n.constructor_params.empty()) {
        o += "## Constructor parameters\n\n| Parameter | Value |\n|---|---|\n";
        for (const auto& [k, v] : n.constructor_params) o += "| " + cell(k) + " | " + cell(v) + " |\n";
        o += "\n";
    }

    // Every row of the metric table, in its order, with the report.json key and value it becomes.
    o += "## Metrics\n\n| Metric | Value | report.json | What it is |\n|---|---:|---|---|\n";
    for (const MetricSpec& metric : module_metric_table()) {
        std::string seed, value;
        if (metric.type == MetricType::text) {
            value = std::string(metric.text(m));
            seed = "`" + std::string(metric.key) + "` = " + value;
        } else {
            const double v = metric.number(a, m);
            value = metric_value_text(metric, v);
            seed = "`" + std::string(metric.key) + "` = " + format_number(v);
            for (auto list : {seed_module_metrics(), seed_module_metric_additions()})
                for (const SeedMetric& sm : list)
                    if (sm.metric_key == metric.key)
                        seed = "`" + std::string(sm.seed_key) + "` = " + format_number(sm.scale ? sm.scale(v) : v);
        }
        o += "| `" + std::string(metric.key) + "` | " + cell(value) + " | " + seed + " | " + cell(std::string(metric.description)) + " |\n";
    }
    o += "\n";

    if (!n.children.empty()) {
        o += "## Children\n\nThis module's FLOPs, bytes and time are the sums over its children";
        o += has_op(n.op) ? " plus its own op (below).\n\n" : ".\n\n";
        o += kModuleHeader;
        for (int ch : n.children) o += module_line(a.modules()[size_t(ch)]);
        o += "| **sum = this module** | | | " + tflops(m.flops) + " | " + tflops(m.flops_tensor) + " / " +
             tflops(m.flops_cuda) + " | " + gb_moved(m.bytes) + " | " + ms(m.time_s) + " | " + pct(m.share_of_time) + " | |\n\n";
    }

    o += "## Operator breakdown\n\n" + breakdown_table(r, index) + "\n";

    o += "## How it was costed\n\n```text\n" + explain_module(a, index) + "```\n\n";
    o += "## Time model\n\n" + time_model_text(a) + "\n";

    o += "## Assumptions\n\n";
    o += "- FLOP convention `" + std::string(convention_name(a.workload.convention)) +
         "`: executed counts what real kernels run, split tensor / CUDA core; torch reproduces "
         "FlopCounterMode (2 per multiply-add of matmul/conv/SDPA, nothing else).\n";
    o += "- Every tensor an op touches is read or written once from DRAM (fused kernels: only their inputs and outputs); "
         "weights are read once per forward pass.\n";
    if (m.stage == Stage::decode)
        o += "- Decode: " + format_int(a.workload.decode_passes()) + " passes of 1 token per sequence, the KV length growing "
             "from S+1 to S+N-1; sums over passes are exact. MoE layers read the weights of the experts touched, "
             "E(1-(1-k/E)^tokens) under uniform routing.\n";
    if (m.stage == Stage::vision)
        o += "- Vision runs once per view kind: the crops of all pages as one batch, and the global views as another.\n";
    o += "- Time profile `" + a.profile().name + "`: " + a.profile().calibration + "\n";
    return o;
}

}  // namespace mm

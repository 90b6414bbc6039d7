// Headline cards, the stage table and the stage bars.
#include <algorithm>
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "app/chart_draw.hpp"
#include "app/chart_points.hpp"
#include "app/compare_bars.hpp"
#include "app/ui.hpp"
#include "core/base/format.hpp"
#include "core/link/url_state.hpp"
#include "core/report/coverage.hpp"

namespace mm::app {

namespace {

// How the compared time stands against this one: " (1.22x faster)", " (1.22x slower)", " (the same)";
// "" when either is not a time.
std::string versus_text(double mine, double theirs) {
    if (mine <= 0 || theirs <= 0) return std::string();
    char buf[96];
    const double r = mine / theirs;
    if (r > 1.005) std::snprintf(buf, sizeof buf, " (%.2fx faster)", r);
    else if (r < 0.995) std::snprintf(buf, sizeof buf, " (%.2fx slower)", 1 / r);
    else std::snprintf(buf, sizeof buf, " (the same)");
    return buf;
}

}  // namespace

void App::draw_headline() {
    const auto& a = *session_.analysis();
    const auto& w = a.workload;
    const Analysis* b = session_.compare().has_value() ? &*session_.compare() : nullptr;
    // A time of the compared analysis (another GPU and/or model), and which is faster by how much.
    auto versus = [&](double mine, double theirs) {
        if (!b || mine <= 0 || theirs <= 0) return std::string();
        return format_seconds(theirs) + versus_text(mine, theirs);
    };
    char pps[32];
    std::snprintf(pps, sizeof pps, "%.3g", a.latency().pages_per_s);
    const double used = a.memory.total_bytes, cap = a.memory.capacity_bytes;
    char share[32];
    std::snprintf(share, sizeof share, " (%.0f%%)", cap > 0 ? 100.0 * used / cap : 0.0);
    struct Card {
        const char* title;
        std::string value, detail;
        const char* tip;
        ImVec4 colour;
        std::string compared;  // the same figure of the compared analysis
    };
    const ImVec4 plain(1, 1, 1, 0);
    char their_pps[32] = "";
    if (b) std::snprintf(their_pps, sizeof their_pps, "%.3g", b->latency().pages_per_s);
    const bool network = session_.network();
    const ImVec4 estimated_tone = tone(Tone::warning);
    const CostCoverage cov = network ? cost_coverage(a) : CostCoverage{};
    char items[32], their_items[32] = "";
    std::snprintf(items, sizeof items, "%.4g", a.latency().pages_per_s);
    if (b) std::snprintf(their_items, sizeof their_items, "%.4g", b->latency().pages_per_s);
    // A dropped network: one forward pass over the batch, and how much of it formulas cost.
    const Card network_cards[] = {
        {"Forward pass", format_seconds(a.latency().page_s), "batch " + std::to_string(w.batch),
         "One forward pass over the whole batch: every module of the summary's tree, on this GPU and time profile.", plain,
         b ? versus(a.latency().page_s, b->latency().page_s) : ""},
        {"Samples per second", items, "at batch " + std::to_string(w.batch), "Batch / time of the forward pass.", plain,
         b ? std::string(their_items) : ""},
        {"FLOPs per pass", format_si(a.total().flops, "FLOP"), std::string(convention_name(w.convention)) + " convention",
         "FLOPs of the forward pass under the chosen counting convention.", plain, b ? format_si(b->total().flops, "FLOP") : ""},
        {"Costed exactly", format_fixed(100.0 * cov.flops_share_exact(), 1) + " %",
         cov.modules_uncosted ? std::to_string(cov.modules_uncosted) + " modules not costed"
                              : std::to_string(cov.modules_estimated) + " modules estimated",
         "Share of the FLOPs costed by an exact formula; the rest is estimated (2 x parameters x tokens), labelled in the "
         "module table. Modules with parameters that nothing could cost are counted apart.",
         cov.flops_share_exact() < 1.0 || cov.modules_uncosted ? estimated_tone : plain, ""},
        {"VRAM", format_bytes(used), "of " + format_bytes(cap) + share, "Weights + the largest live activations.",
         a.memory.fits ? plain : tone(Tone::error),
         b ? format_bytes(b->memory.total_bytes) + " of " + format_bytes(b->memory.capacity_bytes) : ""},
        {"Largest batch", std::to_string(a.memory.max_batch), "that fits in VRAM",
         "The most samples per forward pass whose weights and activations fit.", plain, b ? std::to_string(b->memory.max_batch) : ""},
    };
    const Card ocr_cards[] = {
        {"Time to first token", format_seconds(a.latency().ttft_s), "vision + prefill",
         "Vision encoders over every view, then the decoder over the prompt; the first token comes out of the prefill.", plain,
         b ? versus(a.latency().ttft_s, b->latency().ttft_s) : ""},
        {"Per output token", format_seconds(a.latency().tpot_s), std::to_string(w.decode_passes()) + " decode passes",
         "Mean decode pass: one token per sequence against the growing KV cache.", plain,
         b ? versus(a.latency().tpot_s, b->latency().tpot_s) : ""},
        {"Per page", format_seconds(a.latency().page_s), std::to_string(w.new_tokens) + " new tokens",
         "End to end: vision, prefill and every decode pass. A batch's pages finish together.", plain,
         b ? versus(a.latency().page_s, b->latency().page_s) : ""},
        {"Pages per second", pps, "batch " + std::to_string(w.batch), "Batch size / time per page.", plain, b ? std::string(their_pps) : ""},
        {"VRAM", format_bytes(used), "of " + format_bytes(cap) + share,
         "Weights (every expert) + KV cache after the last token + the largest live activations.",
         a.memory.fits ? plain : tone(Tone::error),
         b ? format_bytes(b->memory.total_bytes) + " of " + format_bytes(b->memory.capacity_bytes) : ""},
        {"Largest batch", std::to_string(a.memory.max_batch), "that fits in VRAM",
         "The most pages processed together whose weights, KV cache and activations fit.", plain,
         b ? std::to_string(b->memory.max_batch) : ""},
    };
    const Card* cards = network ? network_cards : ocr_cards;
    const size_t card_count = network ? std::size(network_cards) : std::size(ocr_cards);
    // Cards wrap: as many per row as keep each at least 9 em wide (6, 3 or 2 per row).
    const float em = ImGui::GetFontSize();
    const int fit = static_cast<int>(ImGui::GetContentRegionAvail().x / (em * 9));
    const int per_row = fit >= 6 ? 6 : fit >= 3 ? 3 : 2;
    if (!ImGui::BeginTable("headline", per_row, ImGuiTableFlags_SizingStretchSame)) return;
    // Which analysis the second line is: "on h100-sxm", "DeepSeek-OCR 2", "DeepSeek-OCR 2 on h100-sxm".
    const bool other_model = !session_.compare_model().empty();
    const std::string vs = b ? (other_model ? session_.compare_label() : "on " + session_.compare_label()) + ":" : "";
    const std::string tip =
        !b ? std::string()
        : other_model
            ? "The same GPU and workload settings with " + b->model_display_name + " (mode " + b->workload.mode + ")" +
                  (session_.compare_gpu().empty() ? std::string() : ", on " + b->gpu().display_name) +
                  "; \"faster\": it takes less time than " + session_.this_label() + "."
            : "The same workload on " + b->gpu().display_name + "; \"faster\": that GPU takes less time.";
    for (size_t i = 0; i < card_count; ++i) {
        const Card& c = cards[i];
        ImGui::TableNextColumn();
        ImGui::BeginGroup();
        card(c.title, c.value, c.detail, c.tip, c.colour);
        if (b) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextDisabled("%s", vs.c_str());  // wraps: "DeepSeek-OCR 2 on h100-sxm:" is wider than a card
            ImGui::TextUnformatted(c.compared.c_str());
            ImGui::PopTextWrapPos();
            help(tip.c_str());
        }
        ImGui::EndGroup();
        note_item("card:" + std::to_string(i));
    }
    ImGui::EndTable();
}

void App::draw_stage_table() {
    const auto& a = *session_.analysis();
    const Analysis* b = session_.compare() ? &*session_.compare() : nullptr;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    const float table_width = ImGui::GetContentRegionAvail().x;
    constexpr ImGuiTableColumnFlags stretch = ImGuiTableColumnFlags_WidthStretch;
    // With a comparison, a first column says whose rows follow: this analysis's, then the compared one's.
    const bool other_model = !session_.compare_model().empty();
    const Column whose = {other_model ? "Model" : "GPU",
                          other_model ? "Whose stages: this model's, then the compared model's (same GPU and workload settings)."
                                      : "Whose stages: this GPU's, then the compared GPU's (same workload).",
                          other_model ? 9.0f : 6.0f, stretch};
    const Column columns[] = {
        whose,
        {"Stage", "Vision encoders, the prefill over the prompt, the decode passes, and their total.", 5, stretch},
        {"FLOPs", "Executed FLOPs: tensor and CUDA cores together.", 5.5f, stretch},
        {"tensor", "Of those, tensor-core FLOPs (GEMMs, convolutions, attention matmuls).", 5.5f, stretch, 4},
        {"CUDA core", "Of those, CUDA-core FLOPs (softmax, norms, activations, adds, top-k, rotary).", 5.5f, stretch, 3},
        {"DRAM bytes", "DRAM bytes moved (read and written), decimal units.", 5.5f, stretch},
        {"FLOP/byte", "Arithmetic intensity: executed FLOPs per DRAM byte.", 4.5f, stretch, 2},
        {"Time", "Predicted time on this GPU and time profile.", 5, stretch},
        {"Bound", "What holds most of the stage's time: compute, memory or overhead.", 5, stretch, 1},
    };
    const std::span<const Column> shown = b ? std::span<const Column>(columns) : std::span<const Column>(columns).subspan(1);
    if (!ImGui::BeginTable("stages", static_cast<int>(shown.size()), flags)) return;
    table_columns(shown, table_width);
    // Each analysis's stages (vision, prefill, decode; a network's one forward pass), then its total.
    struct Row {
        std::string whose, stage;
        StageTotals totals;
        bool total = false;
    };
    std::vector<Row> rows;
    auto add = [&](const Analysis& x, const std::string& label) {
        for (Stage stage : x.stages())
            rows.push_back({rows.empty() || rows.back().total ? label : "", std::string(stage_name(stage)), x.stage(stage), false});
        rows.push_back({"", "total", x.total(), true});
    };
    add(a, b ? session_.this_label() : "");
    if (b) add(*b, session_.compare_label());
    for (const Row& r : rows) {
        const StageTotals* s = &r.totals;
        ImGui::TableNextRow();
        if (b) {
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0.0f);  // a long label ("DeepSeek-OCR 2 on h100-sxm") wraps in its cell
            ImGui::TextUnformatted(r.whose.c_str());
            ImGui::PopTextWrapPos();
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.stage.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_si(s->flops, "FLOP").c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_si(s->flops_tensor, "FLOP").c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_si(s->flops_cuda, "FLOP").c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_traffic(s->bytes).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.3g", s->intensity);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_seconds(s->time_s).c_str());
        ImGui::TableNextColumn();
        if (!r.total) ImGui::TextColored(bound_colour(s->bound), "%s", std::string(bound_name(s->bound)).c_str());
    }
    ImGui::EndTable();
}

// One bar per stage, as long as its time relative to the longest stage, split by operator category.
// With a comparison, each stage has two bars on one scale: this analysis's (solid) over the compared
// one's (lighter, outlined), paired by stage role (vision, prefill, decode). A stage one of them does
// not have reads "absent", never a zero-length bar. The last frame's bars go to chart_state_ (the
// browser test holds them to `modelmeter analyze`).
void App::draw_stage_bars() {
    const auto& a = *session_.analysis();
    const Analysis* b = session_.compare() ? &*session_.compare() : nullptr;
    const ChartPalette& pal = chart_palette(session_.dark());
    const float em = ImGui::GetFontSize();
    // The right-hand text: the time, and with a comparison the cards' "(1.22x faster)".
    const float label_w = em * 5, right_w = b ? em * 11 : em * 6;
    const float width = std::max(em * 4, ImGui::GetContentRegionAvail().x - label_w - right_w), height = em * 1.2f;
    const std::vector<BarPair> pairs = stage_bar_pairs(a, b);
    double longest = 0;
    for (const BarPair& p : pairs) {
        if (p.mine) longest = std::max(longest, p.mine->time_s);
        if (p.theirs) longest = std::max(longest, p.theirs->time_s);
    }
    if (longest <= 0) return;
    const std::string this_label = b ? session_.this_label() : std::string(), that_label = b ? session_.compare_label() : std::string();
    if (b) {
        // Which bar is which, above the bars.
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImU32 swatch = pal.faint;
        auto key = [&](bool compared, const std::string& text) {
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const ImVec2 p0(p.x, p.y + em * 0.2f), p1(p.x + em * 1.6f, p.y + em * 1.0f);
            dl->AddRectFilled(p0, p1, compared ? with_alpha(swatch, 0.45f) : swatch);
            if (compared) dl->AddRect(p0, p1, pal.text);
            ImGui::Dummy(ImVec2(em * 1.8f, em));
            ImGui::SameLine();
            ImGui::TextUnformatted(text.c_str());
        };
        key(false, "upper bar: " + this_label);
        const std::string lower = "lower bar: " + that_label + " (compared)";
        flow(em * 2 + ImGui::CalcTextSize(lower.c_str()).x);
        key(true, lower);
        note_item("stage-bars-key");
    }
    nlohmann::json rows = nlohmann::json::array();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // One bar; `compared`: the lighter, outlined one, its text saying how it stands against `mine`.
    auto bar = [&](const Analysis& x, const std::optional<BarPart>& part, const std::string& what, const std::string& who, bool compared,
                   const std::optional<BarPart>& mine) {
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        if (!part) {
            ImGui::TextDisabled("absent: %s has no %s", who.c_str(), what.c_str());
            return nlohmann::json(nullptr);
        }
        const auto parts = category_breakdown(x, part->root);
        const float h = compared ? height * 0.8f : height;
        float at = origin.x;
        for (int c = 0; c < kOperatorCategoryCount; ++c) {
            const double t = parts[size_t(c)].time_s;
            if (t <= 0) continue;
            const float w = static_cast<float>(t / longest) * width;
            const ImVec2 p0(at, origin.y), p1(at + std::max(w, 1.0f), origin.y + h);
            const ImU32 colour = category_colour(static_cast<OperatorCategory>(c));
            dl->AddRectFilled(p0, p1, compared ? with_alpha(colour, 0.45f) : colour);
            if (ImGui::IsMouseHoveringRect(p0, p1)) {
                ImGui::BeginTooltip();
                if (b) ImGui::TextDisabled("%s", who.c_str());
                ImGui::Text("%s, %s: %s (%.1f%% of it)", part->name.c_str(),
                            std::string(category_display_name(static_cast<OperatorCategory>(c))).c_str(),
                            format_seconds(t).c_str(), 100.0 * t / part->time_s);
                ImGui::Text("%s, %s DRAM", format_si(parts[size_t(c)].flops, "FLOP").c_str(),
                            format_traffic(parts[size_t(c)].bytes).c_str());
                ImGui::EndTooltip();
            }
            at += w;
        }
        if (compared) dl->AddRect(origin, ImVec2(std::max(at, origin.x + 1.0f), origin.y + h), pal.text);
        ImGui::Dummy(ImVec2(width, h));
        ImGui::SameLine();
        std::string text = format_seconds(part->time_s);
        if (compared && mine) text += versus_text(mine->time_s, part->time_s);
        ImGui::TextUnformatted(text.c_str());
        return nlohmann::json{{"name", part->name}, {"time_s", part->time_s}, {"flops", part->flops}, {"bytes", part->bytes}};
    };
    // A row: this analysis's bar, and with a comparison the compared one's under it.
    nlohmann::json parts_state = nlohmann::json::array();
    for (const BarPair& p : pairs) {
        ImGui::TextUnformatted(p.label.c_str());
        ImGui::SameLine(label_w);
        nlohmann::json row = {{"this", bar(a, p.mine, p.what, this_label, false, std::nullopt)}};
        if (b) {
            ImGui::Dummy(ImVec2(0, 0));  // the compared bar under this one, in the bars' column
            ImGui::SameLine(label_w);
            row["compare"] = bar(*b, p.theirs, p.what, that_label, true, p.mine);
            const auto r = p.ratio();
            row["ratio"] = r ? nlohmann::json(*r) : nlohmann::json(nullptr);
            ImGui::Spacing();
        }
        if (p.part) {
            row["role"] = p.what;
            parts_state.push_back(std::move(row));
        } else {
            row["stage"] = p.mine ? p.mine->name : p.theirs->name;
            rows.push_back(std::move(row));
        }
    }
    nlohmann::json state = {{"view", "breakdown"}, {"stage_bars", {{"this", b ? this_label : session_.this_label()}, {"rows", std::move(rows)}}}};
    if (b) {
        state["stage_bars"]["compare"] = that_label;
        state["stage_bars"]["vision_parts"] = std::move(parts_state);
    }
    chart_state_ = state.dump();

    // Legend, wrapped to the panel's width.
    const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    for (int c = 0; c < kOperatorCategoryCount; ++c) {
        const auto cat = static_cast<OperatorCategory>(c);
        const std::string name(category_display_name(cat));
        if (c > 0) {
            ImGui::SameLine(0, em);
            if (ImGui::GetCursorScreenPos().x + em * 1.5f + ImGui::CalcTextSize(name.c_str()).x > right_edge) ImGui::NewLine();
        }
        const ImVec2 p = ImGui::GetCursorScreenPos();
        dl->AddRectFilled(ImVec2(p.x, p.y + em * 0.25f), ImVec2(p.x + em * 0.8f, p.y + em * 1.05f), category_colour(cat));
        ImGui::Dummy(ImVec2(em, em));
        ImGui::SameLine();
        ImGui::TextUnformatted(name.c_str());
        help(std::string(category_description(cat)).c_str());
    }
}

// Weights, KV cache and activations against the GPU's memory, with a legend; the table of what is held,
// and the largest batch with the op whose live activations set the peak.
void App::draw_memory() {
    const auto& a = *session_.analysis();
    const auto& m = a.memory;
    const ChartPalette& pal = chart_palette(session_.dark());
    const float em = ImGui::GetFontSize();
    const float width = ImGui::GetContentRegionAvail().x - em, height = em * 2.2f;
    const double scale = std::max(m.capacity_bytes, m.total_bytes);
    if (scale <= 0) return;
    // The op (or identical ops of repeated blocks) whose live activations set the peak, in one line.
    std::vector<std::string> peak_ids;
    for (int i : session_.peak_activation_modules()) peak_ids.emplace_back(a.modules()[size_t(i)].id);
    std::string peak_name;
    for (const auto& line : summarize_names(peak_ids, 3)) peak_name += (peak_name.empty() ? "" : ", ") + line;
    if (peak_name.empty()) peak_name = "no op (no activations)";
    ImGui::TextUnformatted(("GPU memory held: " + format_bytes(m.total_bytes) + " of " + format_bytes(m.capacity_bytes) + " usable").c_str());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(o, ImVec2(o.x + width, o.y + height), ImGui::GetColorU32(ImGuiCol_FrameBg));
    const bool network = session_.network();
    const std::tuple<const char*, double, ImU32, std::string> parts[] = {
        {"Weights", m.weights_bytes, IM_COL32(86, 180, 233, 255),
         network ? std::string("Every parameter of the network.") : "Every parameter, all 64 routed experts of every MoE layer, and lm_head."},
        {"KV cache", m.kv_bytes, IM_COL32(230, 159, 0, 255), "Keys and values of every token of every sequence after the last decode step."},
        {"Activations", m.peak_activation_bytes, IM_COL32(0, 158, 115, 255), "The largest set of live activations of any op: " + peak_name + "."}};
    float x = o.x;
    for (const auto& [name, bytes, colour, tip] : parts) {
        if (network && bytes <= 0) continue;  // a forward pass holds no KV cache
        const float w = static_cast<float>(bytes / scale) * width;
        const ImVec2 p0(x, o.y), p1(x + w, o.y + height);
        dl->AddRectFilled(p0, p1, colour);
        if (ImGui::IsMouseHoveringRect(p0, p1)) {
            ImGui::BeginTooltip();
            ImGui::Text("%s: %s", name, format_bytes(bytes).c_str());
            ImGui::TextUnformatted(tip.c_str());
            ImGui::EndTooltip();
        }
        x += w;
    }
    const float cap_x = o.x + static_cast<float>(m.capacity_bytes / scale) * width;
    dl->AddLine(ImVec2(cap_x, o.y - em * 0.3f), ImVec2(cap_x, o.y + height + em * 0.3f), pal.limit, 2.0f);
    ImGui::Dummy(ImVec2(width, height + em * 0.4f));
    // Legend: each part with its size, the free space, the capacity line.
    std::vector<LegendItem> legend;
    for (const auto& [name, bytes, colour, tip] : parts)
        if (!network || bytes > 0) legend.push_back({std::string(name) + " " + format_bytes(bytes), colour, LegendItem::Mark::swatch});
    if (m.capacity_bytes > m.total_bytes)
        legend.push_back({"free " + format_bytes(m.capacity_bytes - m.total_bytes), ImGui::GetColorU32(ImGuiCol_FrameBg), LegendItem::Mark::swatch});
    legend.push_back({"usable GPU memory " + format_bytes(m.capacity_bytes) + " (" + std::to_string(session_.options().gpu_memory_percent) + " % of " +
                          format_bytes(a.gpu().memory_capacity_bytes) + ")",
                      pal.limit, LegendItem::Mark::line});
    const ImVec2 at = ImGui::GetCursorScreenPos();
    ImGui::Dummy(draw_legend(dl, at, legend, width, pal));
    if (ImGui::BeginTable("memory", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("Held in GPU memory");
        ImGui::TableSetupColumn("Size");
        ImGui::TableSetupColumn("How it is counted");
        ImGui::TableHeadersRow();
        auto row = [](const char* what, const std::string& value, const std::string& note) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(what);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(value.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(note.c_str());
        };
        const auto& w = a.workload;
        row("Weights", format_bytes(m.weights_bytes), format_grouped(a.params().total) + " parameters");
        if (!network)
            row("KV cache", format_bytes(m.kv_bytes),
                format_bytes(m.kv_bytes_per_token) + " per token x " + std::to_string(w.kv_tokens_final()) + " tokens x batch " +
                    std::to_string(w.batch));
        row("Peak activations", format_bytes(m.peak_activation_bytes), "largest live set of any op: " + peak_name);
        row("Total", format_bytes(m.total_bytes), m.fits ? "fits" : "does not fit");
        ImGui::EndTable();
    }
    // The batch: what each page adds, and the op whose activations grow with it.
    // As the core's largest-batch rule counts it: KV cache and activations grow with the batch, weights do not.
    const double batch = static_cast<double>(a.workload.batch);
    const double per_page = batch > 0 ? (m.kv_bytes + m.peak_activation_bytes) / batch : 0;
    if (network) {
        ImGui::Text("Largest batch that fits: %lld samples.", static_cast<long long>(m.max_batch));
        ImGui::TextWrapped("Each sample adds %s (its share of the activation peak, set by %s) to the %s of weights; the batch "
                           "stops where they reach %s.",
                           format_bytes(per_page).c_str(), peak_name.c_str(), format_bytes(m.weights_bytes).c_str(),
                           format_bytes(m.capacity_bytes).c_str());
        return;
    }
    ImGui::Text("Largest batch that fits: %lld pages at this KV length.", static_cast<long long>(m.max_batch));
    ImGui::TextWrapped("Each page adds %s (its KV cache and its share of the activation peak, set by %s) to the %s of weights; "
                       "the batch stops where they reach %s.",
                       format_bytes(per_page).c_str(), peak_name.c_str(), format_bytes(m.weights_bytes).c_str(),
                       format_bytes(m.capacity_bytes).c_str());
}

}  // namespace mm::app

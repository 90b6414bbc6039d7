// Headline cards, the stage table and the stage bars.
#include <algorithm>
#include <cstdio>
#include <string>
#include <tuple>

#include <imgui.h>

#include "app/app.hpp"
#include "app/ui.hpp"
#include "core/base/format.hpp"
#include "core/link/url_state.hpp"

namespace mm::app {

void App::draw_headline() {
    const auto& a = *session_.analysis();
    const auto& w = a.workload;
    if (!ImGui::BeginTable("headline", 6, ImGuiTableFlags_SizingStretchSame)) return;
    ImGui::TableNextColumn();
    card("Time to first token", format_seconds(a.latency().ttft_s), "vision + prefill",
         "Vision encoders over every view, then the decoder over the prompt; the first token comes out of the prefill.");
    ImGui::TableNextColumn();
    card("Per output token", format_seconds(a.latency().tpot_s), std::to_string(w.decode_passes()) + " decode passes",
         "Mean decode pass: one token per sequence against the growing KV cache.");
    ImGui::TableNextColumn();
    card("Per page", format_seconds(a.latency().page_s), std::to_string(w.new_tokens) + " new tokens",
         "End to end: vision, prefill and every decode pass. A batch's pages finish together.");
    ImGui::TableNextColumn();
    char pps[32];
    std::snprintf(pps, sizeof pps, "%.3g", a.latency().pages_per_s);
    card("Pages per second", pps, "batch " + std::to_string(w.batch), "Batch size / time per page.");
    ImGui::TableNextColumn();
    const double used = a.memory.total_bytes, cap = a.memory.capacity_bytes;
    char share[32];
    std::snprintf(share, sizeof share, " (%.0f%%)", cap > 0 ? 100.0 * used / cap : 0.0);
    card("VRAM", format_bytes(used), "of " + format_bytes(cap) + share,
         "Weights (every expert) + KV cache after the last token + the largest live activations.",
         a.memory.fits ? ImVec4(1, 1, 1, 0) : ImVec4(1, 0.4f, 0.4f, 1));
    ImGui::TableNextColumn();
    card("Largest batch", std::to_string(a.memory.max_batch), "that fits in VRAM",
         "The most pages processed together whose weights, KV cache and activations fit.");
    if (session_.compare()) {
        // The second GPU, same workload: one line under each card.
        const auto& b = *session_.compare();
        auto ratio = [](double mine, double theirs) {
            char buf[48];
            if (mine <= 0 || theirs <= 0) return std::string();
            std::snprintf(buf, sizeof buf, " (%.2fx)", mine / theirs);  // above 1: the compared GPU is faster
            return std::string(buf);
        };
        ImGui::TableNextRow();
        const std::string label = "vs " + b.gpu().name;
        for (int c = 0; c < 6; ++c) {
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", label.c_str());
        }
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%s%s", format_seconds(b.latency().ttft_s).c_str(), ratio(a.latency().ttft_s, b.latency().ttft_s).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%s%s", format_seconds(b.latency().tpot_s).c_str(), ratio(a.latency().tpot_s, b.latency().tpot_s).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%s%s", format_seconds(b.latency().page_s).c_str(), ratio(a.latency().page_s, b.latency().page_s).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.3g", b.latency().pages_per_s);
        ImGui::TableNextColumn();
        ImGui::Text("%s of %s", format_bytes(b.memory.total_bytes).c_str(), format_bytes(b.memory.capacity_bytes).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%lld", static_cast<long long>(b.memory.max_batch));
        help("The time ratios are this GPU's time over the compared GPU's: above 1, the compared GPU is faster.");
    }
    ImGui::EndTable();
}

void App::draw_stage_table() {
    const auto& a = *session_.analysis();
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("stages", 8, flags)) return;
    for (const char* h : {"Stage", "FLOPs", "tensor", "CUDA core", "DRAM bytes", "FLOP/byte", "Time", "Bound"})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    const std::pair<const char*, StageTotals> rows[] = {
        {"vision", a.vision()}, {"prefill", a.prefill()}, {"decode", a.decode()}, {"total", a.total()}};
    for (const auto& [name, st] : rows) {
        const StageTotals* s = &st;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(name);
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
        if (s != &rows[3].second) ImGui::TextColored(bound_colour(s->bound), "%s", std::string(bound_name(s->bound)).c_str());
    }
    ImGui::EndTable();
}

// One bar per stage, as long as its time relative to the longest stage, split by operator category.
void App::draw_stage_bars() {
    const auto& a = *session_.analysis();
    const float em = ImGui::GetFontSize();
    const float label_w = em * 5, width = ImGui::GetContentRegionAvail().x - label_w - em * 6, height = em * 1.2f;
    const std::pair<Stage, const char*> stages[] = {{Stage::vision, "vision"}, {Stage::prefill, "prefill"}, {Stage::decode, "decode"}};
    double longest = 0;
    for (const auto& [s, _] : stages) longest = std::max(longest, a.stage(s).time_s);
    if (longest <= 0) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (const auto& [stage, label] : stages) {
        int root = -1;
        for (size_t i = 0; i < a.modules().size() && root < 0; ++i)
            if (a.modules()[i].parent < 0 && a.modules()[i].stage == stage) root = static_cast<int>(i);
        const auto parts = category_breakdown(a, root);
        ImGui::TextUnformatted(label);
        ImGui::SameLine(label_w);
        const ImVec2 origin = ImGui::GetCursorScreenPos();
        float x = origin.x;
        for (int c = 0; c < kOperatorCategoryCount; ++c) {
            const double t = parts[size_t(c)].time_s;
            if (t <= 0) continue;
            const float w = static_cast<float>(t / longest) * width;
            const ImVec2 p0(x, origin.y), p1(x + std::max(w, 1.0f), origin.y + height);
            dl->AddRectFilled(p0, p1, category_colour(static_cast<OperatorCategory>(c)));
            if (ImGui::IsMouseHoveringRect(p0, p1)) {
                ImGui::BeginTooltip();
                ImGui::Text("%s, %s: %s (%.1f%% of the stage)", label,
                            std::string(category_display_name(static_cast<OperatorCategory>(c))).c_str(),
                            format_seconds(t).c_str(), 100.0 * t / a.stage(stage).time_s);
                ImGui::Text("%s, %s DRAM", format_si(parts[size_t(c)].flops, "FLOP").c_str(),
                            format_traffic(parts[size_t(c)].bytes).c_str());
                ImGui::EndTooltip();
            }
            x += w;
        }
        ImGui::Dummy(ImVec2(width, height));
        ImGui::SameLine();
        ImGui::TextUnformatted(format_seconds(a.stage(stage).time_s).c_str());
    }
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

// Weights, KV cache and activations against the GPU's memory.
void App::draw_memory() {
    const auto& m = session_.analysis()->memory;
    const float em = ImGui::GetFontSize();
    const float width = ImGui::GetContentRegionAvail().x - em, height = em * 2.2f;
    const double scale = std::max(m.capacity_bytes, m.total_bytes);
    if (scale <= 0) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 o = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(o, ImVec2(o.x + width, o.y + height), ImGui::GetColorU32(ImGuiCol_FrameBg));
    const std::tuple<const char*, double, ImU32, const char*> parts[] = {
        {"Weights", m.weights_bytes, IM_COL32(86, 180, 233, 255), "Every parameter, all 64 routed experts of every MoE layer, and lm_head."},
        {"KV cache", m.kv_bytes, IM_COL32(230, 159, 0, 255), "Keys and values of every token of every sequence after the last decode step."},
        {"Activations", m.peak_activation_bytes, IM_COL32(0, 158, 115, 255), "The largest set of live activations of any op."}};
    float x = o.x;
    for (const auto& [name, bytes, colour, tip] : parts) {
        const float w = static_cast<float>(bytes / scale) * width;
        const ImVec2 p0(x, o.y), p1(x + w, o.y + height);
        dl->AddRectFilled(p0, p1, colour);
        if (ImGui::IsMouseHoveringRect(p0, p1)) {
            ImGui::BeginTooltip();
            ImGui::Text("%s: %s", name, format_bytes(bytes).c_str());
            ImGui::TextUnformatted(tip);
            ImGui::EndTooltip();
        }
        x += w;
    }
    const float cap_x = o.x + static_cast<float>(m.capacity_bytes / scale) * width;
    dl->AddLine(ImVec2(cap_x, o.y - em * 0.3f), ImVec2(cap_x, o.y + height + em * 0.3f), IM_COL32(255, 80, 80, 255), 2.0f);
    ImGui::Dummy(ImVec2(width, height + em * 0.4f));
    ImGui::Text("GPU memory: %s (red line)", format_bytes(m.capacity_bytes).c_str());
    if (ImGui::BeginTable("memory", 3, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("Held in GPU memory");
        ImGui::TableSetupColumn("Bytes");
        ImGui::TableSetupColumn("Note");
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
        const auto& w = session_.analysis()->workload;
        row("Weights", format_bytes(m.weights_bytes), format_grouped(session_.analysis()->params().total) + " parameters");
        row("KV cache", format_bytes(m.kv_bytes),
            format_bytes(m.kv_bytes_per_token) + " per token x " + std::to_string(w.kv_tokens_final()) + " tokens x batch " +
                std::to_string(w.batch));
        row("Peak activations", format_bytes(m.peak_activation_bytes), "largest live set of any op");
        row("Total", format_bytes(m.total_bytes), m.fits ? "fits" : "does not fit");
        row("Largest batch that fits", std::to_string(m.max_batch), "at this KV length");
        ImGui::EndTable();
    }
}

}  // namespace mm::app

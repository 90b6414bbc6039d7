// The Capacity view (issue 17): the planner (core/engine/plan.hpp) on the current settings: TTFT, TPOT,
// pages/s and memory against requests in flight, the SLA knobs, the best concurrency under them, the
// GPUs a target needs and what binds at each point. The same rows as `modelmeter plan`.
#include <cstdio>
#include <cstring>
#include <string>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "app/ui.hpp"
#include "core/base/format.hpp"
#include "core/engine/sweep.hpp"

namespace mm::app {
namespace {

// A rate to three significant figures, grouped above 1000 ("5.08", "1,750", "18,285").
std::string rate(double v) {
    if (v >= 1000) return format_grouped(static_cast<int64_t>(v + 0.5));
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

}  // namespace

void App::draw_capacity() {
    PlanOptions knobs = session_.plan_options();
    bool changed = false;
    const float em = ImGui::GetFontSize();

    // Requests in flight: a list or range as the CLI takes it ("1,4,16,64", "1..256*2"); Enter applies.
    if (concurrency_text_[0] == '\0') {
        std::string list;
        for (int64_t c : knobs.concurrency) list += (list.empty() ? "" : ",") + std::to_string(c);
        std::snprintf(concurrency_text_.data(), concurrency_text_.size(), "%s", list.c_str());
    }
    ImGui::SetNextItemWidth(em * 12);
    const bool entered = ImGui::InputText("Requests in flight", concurrency_text_.data(), concurrency_text_.size(),
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    help("Concurrencies to plan: a list (1,4,16,64) or a range (1..256*2 doubles, 8..64:8 adds 8); Enter applies. At most 64.");
    std::string list_error;
    if (entered) {
        auto list = parse_int_list(concurrency_text_.data(), "requests in flight");
        if (!list.ok()) list_error = list.error().message;
        else if (list.value().empty() || list.value().size() > Session::kMaxPlanRows) list_error = "Plan 1 to 64 concurrencies at once.";
        else {
            knobs.concurrency = list.value();
            changed = true;
        }
        if (!list_error.empty()) session_.report_error("Requests in flight: " + list_error);
    }
    // The knobs wrap like words on a narrow window.
    auto place = [&](const char* label) {
        flow(em * 5 + ImGui::CalcTextSize(label).x + ImGui::GetStyle().ItemInnerSpacing.x + em);
    };
    auto number = [&](const char* label, double& value, double scale, const char* tip) {
        place(label);
        double shown = value * scale;
        ImGui::SetNextItemWidth(em * 5);
        if (ImGui::InputDouble(label, &shown, 0, 0, "%.4g", ImGuiInputTextFlags_EnterReturnsTrue) && shown >= 0 && shown <= 1e12) {
            value = shown / scale;
            changed = true;
        }
        help(tip);
    };
    number("TTFT max (s)", knobs.ttft_max_s, 1.0, "Service level on the end-to-end time to first token; 0: none. Enter applies.");
    number("TPOT max (ms)", knobs.tpot_max_s, 1e3, "Service level on the time per output token; 0: none. Enter applies.");
    number("Host s/page", knobs.host_preprocess_s, 1.0,
           "CPU seconds to preprocess one page (decode, resize, crop, normalise) before the GPU sees it. The default 0.05 s is "
           "an assumption, not a measurement: measure yours.");
    place("Host workers");
    ImGui::SetNextItemWidth(em * 5);
    int64_t workers = knobs.host_workers;
    if (input_int64("Host workers", workers, 1, 1000000)) {
        knobs.host_workers = workers;
        changed = true;
    }
    help("Pages preprocessed in parallel: the host caps pages/s at workers / (s per page).");
    number("Pages per hour", knobs.target_pages_per_hour, 1.0, "A fleet target: how many GPUs it needs at the best row; 0: none.");
    if (changed) session_.set_plan_options(knobs);

    // The plan, recomputed only when the settings or knobs change (the link carries them all).
    const std::string key = session_.url_state();
    if (!capacity_ || key != capacity_key_) {
        capacity_ = session_.capacity_plan();
        capacity_key_ = key;
    }
    nlohmann::json state = {{"view", "capacity"}};
    if (!capacity_->ok()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(tone(Tone::warning), "%s", capacity_->error().message.c_str());
        ImGui::PopTextWrapPos();
        state["error"] = capacity_->error().message;
        chart_state_ = state.dump();
        return;
    }
    const Plan& p = capacity_->value();
    ImGui::PushTextWrapPos(0.0f);
    if (p.profile != "serving")
        ImGui::TextColored(tone(Tone::warning),
                           "Time profile %s: the serving profile models a vLLM/SGLang-class engine (decode under CUDA graphs); "
                           "choose it under Time profile for serving figures.",
                           p.profile.c_str());
    ImGui::TextDisabled("Continuous batching on %s: each page prefills %lld tokens (vision + prefill %s on the GPU) and "
                        "generates %lld; the rows are the steady state at each number of requests in flight.",
                        p.gpu_display_name.c_str(), static_cast<long long>(p.prefill_tokens), format_seconds(p.prefill_page_s).c_str(),
                        static_cast<long long>(p.new_tokens));
    ImGui::Text("Largest concurrency that fits: %s (KV cache %s per sequence in blocks of %lld tokens, beside %s of weights, of %s usable).",
                format_grouped(p.max_concurrency).c_str(), format_bytes(p.kv_bytes_per_sequence).c_str(),
                static_cast<long long>(p.options.kv_block_tokens), format_bytes(p.weights_bytes).c_str(),
                format_bytes(p.capacity_bytes).c_str());
    if (p.best >= 0) {
        const PlanRow& b = p.rows[size_t(p.best)];
        std::string line = "Best within the service levels: " + format_grouped(b.concurrency) + " in flight, " +
                           rate(b.pages_per_s) + " pages/s (" + rate(b.pages_per_s * 3600) + " per hour)";
        if (p.gpus_needed > 0) line += "; " + format_grouped(p.gpus_needed) + " GPUs for " + rate(p.options.target_pages_per_hour) + " pages per hour";
        ImGui::TextColored(tone(Tone::good), "%s.", line.c_str());
    } else {
        ImGui::TextColored(tone(Tone::warning), "No planned concurrency fits within the service levels.");
    }
    ImGui::PopTextWrapPos();
    note_item("capacity-summary");

    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
    const float table_width = ImGui::GetContentRegionAvail().x;
    if (ImGui::BeginTable("capacity", 10, flags)) {
        ImGui::TableSetupScrollFreeze(1, 1);
        static constexpr Column columns[] = {
            {"In flight", "Requests in flight (C): sequences decoding together, new pages' prefill interleaved.", 5},
            {"TTFT (GPU)", "Time to first token on the GPU: the page's vision + prefill, plus the decode steps its prefill chunks ride in.", 6},
            {"TTFT (end to end)", "The GPU's TTFT plus the host's preprocessing of the page.", 7, ImGuiTableColumnFlags_WidthFixed, 3},
            {"TPOT", "Time per output token: the decode step at C, plus the prefill work interleaved into it.", 6},
            {"Pages/s", "Steady-state pages per second: the GPU's, capped by the host's.", 5},
            {"Tokens/s", "Output tokens per second.", 6, ImGuiTableColumnFlags_WidthFixed, 2},
            {"Page latency", "End to end, from the page's arrival to its last token.", 6, ImGuiTableColumnFlags_WidthFixed, 4},
            {"Memory", "Weights + KV cache of C sequences + activations, against the usable memory.", 6, ImGuiTableColumnFlags_WidthFixed, 1},
            {"Fits", "Whether C sequences' KV cache and activations fit beside the weights; and within the service levels.", 5},
            {"Limit", "What binds: compute, bandwidth or launch overhead of the GPU time per page, the KV capacity, or the host.", 6,
             ImGuiTableColumnFlags_WidthStretch},
        };
        table_columns(columns, table_width);
        for (size_t i = 0; i < p.rows.size(); ++i) {
            const PlanRow& r = p.rows[i];
            ImGui::TableNextRow();
            if (int(i) == p.best) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImGuiCol_Header));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_grouped(r.concurrency).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_seconds(r.ttft_s).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_seconds(r.ttft_end_to_end_s).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_seconds(r.tpot_s).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(rate(r.pages_per_s).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(rate(r.output_tokens_per_s).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_seconds(r.page_latency_s).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_bytes(r.memory_bytes).c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(!r.fits ? tone(Tone::error) : r.meets_sla ? tone(Tone::good) : tone(Tone::warning), "%s",
                               !r.fits ? "does not fit" : r.meets_sla ? (int(i) == p.best ? "yes, best" : "yes") : "misses SLA");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(std::string(plan_limit_name(r.limit)).c_str());
        }
        ImGui::EndTable();
    }
    state["rows"] = p.rows.size();
    state["best"] = p.best;
    chart_state_ = state.dump();
}

}  // namespace mm::app

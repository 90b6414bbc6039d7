// The ImGui panels of the app. They read the App's plain state and change it only through
// set_options(), open_file() and the like, so every change re-analyses within the same frame.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include <imgui.h>

#include "app/app.hpp"
#include "core/format.hpp"
#include "core/url_state.hpp"
#include "app/platform.hpp"

namespace mm::app {
namespace {

ImVec4 bound_colour(Bound b) {
    switch (b) {
        case Bound::compute: return {0.95f, 0.62f, 0.25f, 1};
        case Bound::memory: return {0.35f, 0.70f, 0.95f, 1};
        case Bound::overhead: return {0.80f, 0.45f, 0.85f, 1};
        default: return {0.6f, 0.6f, 0.6f, 1};
    }
}

bool combo(const char* label, std::string& value, const std::vector<std::string>& items) {
    bool changed = false;
    if (ImGui::BeginCombo(label, value.c_str())) {
        for (const auto& item : items) {
            const bool selected = item == value;
            if (ImGui::Selectable(item.c_str(), selected)) {
                changed = item != value;
                value = item;
            }
            if (selected) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    return changed;
}

bool input_int64(const char* label, int64_t& value, int64_t lo, int64_t hi) {
    int v = static_cast<int>(value);
    if (ImGui::InputInt(label, &v, 1, 10) && v >= lo && v <= hi && v != value) {
        value = v;
        return true;
    }
    return false;
}

void help(const char* text) {
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void card(const char* title, const std::string& value, const std::string& detail, const char* tip,
          ImVec4 colour = {1, 1, 1, 0}) {
    ImGui::BeginGroup();
    ImGui::TextDisabled("%s", title);
    ImGui::SetWindowFontScale(1.4f);
    if (colour.w > 0) ImGui::TextColored(colour, "%s", value.c_str());
    else ImGui::TextUnformatted(value.c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::TextDisabled("%s", detail.c_str());
    ImGui::EndGroup();
    help(tip);
}

}  // namespace

// A bar as long as the share, tinted by the colour map at that share, with the percentage on top.
void App::share_bar(double share) const {
    const float s = static_cast<float>(std::clamp(share, 0.0, 1.0));
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetTextLineHeight();
    if (colour_map_ && s > 0)
        ImGui::GetWindowDrawList()->AddImage(colour_map_, p, ImVec2(p.x + w * s, p.y + h), ImVec2(s, 0.5f), ImVec2(s, 0.5f));
    ImGui::Text("%5.1f%%", 100.0 * share);
}

void App::prepare_frame() {
    if (built_scale_ == ui_scale_) return;
    built_scale_ = ui_scale_;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    ImFontConfig config;
    config.OversampleH = 2;
    const float size = 16.0f * ui_scale_;
    std::FILE* probe = font_file_.empty() ? nullptr : std::fopen(font_file_.c_str(), "rb");
    if (probe) {
        std::fclose(probe);
        io.Fonts->AddFontFromFileTTF(font_file_.c_str(), size, &config);
    } else {
        config.SizePixels = 13.0f * ui_scale_;
        io.Fonts->AddFontDefault(&config);
    }
    io.Fonts->Build();
    fonts_changed_ = true;
    apply_theme();
}

void App::apply_theme() {
    ImGuiStyle style;
    if (dark_) ImGui::StyleColorsDark(&style);
    else ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0;
    style.FrameRounding = 3;
    style.CellPadding = ImVec2(6, 3);
    style.ScaleAllSizes(ui_scale_);
    ImGui::GetStyle() = style;
}

bool App::take_fonts_changed() {
    const bool changed = fonts_changed_;
    fonts_changed_ = false;
    return changed;
}

void App::draw() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::Begin("ModelMeter", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);

    // Title line: what is analysed, on what, and the actions.
    ImGui::TextUnformatted("ModelMeter");
    ImGui::SameLine();
    if (analysis_) ImGui::TextDisabled("%s on %s", analysis_->model_display_name.c_str(), analysis_->gpu.display_name.c_str());
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize("Open TorchInfo files...  Light theme").x -
                    ImGui::GetStyle().ItemSpacing.x * 4);
    if (ImGui::Button("Open TorchInfo files...")) {
        if (!platform_pick_files()) report_error("Drop TorchInfo files on this window, or name them on the command line.");
    }
    help("TorchInfo artifacts: unique-layers JSON/Markdown, layers JSON, stages JSON or the printed summary.\n"
         "You can also drop them anywhere on the page or paste their text.");
    ImGui::SameLine();
    if (ImGui::Button(dark_ ? "Light theme" : "Dark theme")) {
        dark_ = !dark_;
        apply_theme();
        url_state_ = encode_url_state(options_, app_params());
    }

    if (!catalog_error_.empty()) ImGui::TextColored({1, 0.4f, 0.4f, 1}, "%s", catalog_error_.c_str());
    if (last_error_) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.45f, 0.4f, 1));
        ImGui::TextWrapped("%s", last_error_->c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        if (ImGui::SmallButton("Dismiss")) last_error_.reset();
    }
    if (!analysis_error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.7f, 0.3f, 1));
        ImGui::TextWrapped("These settings cannot be analysed (the last analysis is shown): %s", analysis_error_.c_str());
        ImGui::PopStyleColor();
    }
    for (const auto& n : notices_) ImGui::TextColored({1, 0.8f, 0.4f, 1}, "%s", n.c_str());
    ImGui::Separator();

    const float left = 330.0f * ui_scale_;
    ImGui::BeginChild("controls", ImVec2(left, 0), false);
    draw_workload_panel();
    ImGui::Spacing();
    draw_inputs_panel();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("results", ImVec2(0, 0), false);
    if (analysis_) {
        draw_headline();
        ImGui::Spacing();
        draw_stage_table();
        ImGui::Spacing();
        draw_module_table();
    }
    ImGui::EndChild();
    ImGui::End();
}

void App::draw_workload_panel() {
    AnalyzeOptions o = options_;
    bool changed = false;
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 7.5f);
    ImGui::TextDisabled("Hardware");
    changed |= combo("GPU", o.gpu, gpu_names(catalog_));
    if (analysis_) help((analysis_->gpu.display_name + "\nSource: " + analysis_->gpu.source).c_str());
    changed |= combo("Time profile", o.profile, profile_names(catalog_));
    if (analysis_) help(analysis_->profile.description.c_str());

    ImGui::Spacing();
    ImGui::TextDisabled("Page");
    int image[2] = {static_cast<int>(o.image_width_px), static_cast<int>(o.image_height_px)};
    if (ImGui::InputInt2("Image W x H px", image) && image[0] > 0 && image[1] > 0 && image[0] <= 16384 && image[1] <= 16384) {
        o.image_width_px = image[0];
        o.image_height_px = image[1];
        changed = true;
    }
    int crop_mode = o.crops == AnalyzeOptions::Crops::from_image ? 0 : o.crops == AnalyzeOptions::Crops::explicit_grid ? 1 : 2;
    ImGui::TextUnformatted("Crops");
    ImGui::SameLine();
    changed |= ImGui::RadioButton("from image", &crop_mode, 0);
    help("The vendor rule picks the tile grid whose shape is closest to the image's (2 to 9 tiles of 640 px).");
    ImGui::SameLine();
    changed |= ImGui::RadioButton("grid", &crop_mode, 1);
    ImGui::SameLine();
    changed |= ImGui::RadioButton("off", &crop_mode, 2);
    help("Global view only (no local crops).");
    o.crops = crop_mode == 0 ? AnalyzeOptions::Crops::from_image
              : crop_mode == 1 ? AnalyzeOptions::Crops::explicit_grid
                               : AnalyzeOptions::Crops::off;
    if (o.crops == AnalyzeOptions::Crops::explicit_grid) {
        if (o.crops_w <= 0 || o.crops_h <= 0) {
            o.crops_w = analysis_ ? std::max<int64_t>(1, analysis_->workload.crops_w) : 2;
            o.crops_h = analysis_ ? std::max<int64_t>(1, analysis_->workload.crops_h) : 2;
        }
        int grid[2] = {static_cast<int>(o.crops_w), static_cast<int>(o.crops_h)};
        if (ImGui::InputInt2("Tiles W x H", grid) && grid[0] >= 1 && grid[1] >= 1 && grid[0] <= 16 && grid[1] <= 16) {
            o.crops_w = grid[0];
            o.crops_h = grid[1];
            changed = true;
        }
    }
    if (analysis_) {
        const auto& w = analysis_->workload;
        ImGui::TextDisabled("%lldx%lld crops, %lld image tokens, prefill %lld", static_cast<long long>(w.crops_w),
                            static_cast<long long>(w.crops_h), static_cast<long long>(w.image_tokens),
                            static_cast<long long>(w.prefill_tokens));
    }

    ImGui::Spacing();
    ImGui::TextDisabled("Generation");
    changed |= input_int64("New tokens", o.new_tokens, 1, 1 << 20);
    help("N new tokens: the prefill produces the first, then N-1 decode passes with a growing KV cache.");
    changed |= input_int64("Batch (pages)", o.batch, 1, 4096);

    ImGui::Spacing();
    ImGui::TextDisabled("Numerics");
    const std::vector<std::string> precisions = {"bf16", "fp16", "fp8", "fp4"};
    changed |= combo("Weights", o.weights_precision, precisions);
    changed |= combo("Activations", o.activations_precision, precisions);
    changed |= combo("KV cache", o.kv_precision, precisions);
    changed |= combo("Attention", o.attention, {"flash", "eager"});
    changed |= combo("Convention", o.convention, {"executed", "torch"});
    help("executed: what real kernels run (causal flash attention, lm_head on the last position), split into "
         "tensor-core and CUDA-core work.\ntorch: what PyTorch's FlopCounterMode counts on the eager model.");
    ImGui::PopItemWidth();

    if (ImGui::Button("Reset to the standard workload")) {
        o = AnalyzeOptions{};
        changed = true;
    }
    if (changed) set_options(o);
}

void App::draw_headline() {
    const auto& a = *analysis_;
    const auto& w = a.workload;
    if (!ImGui::BeginTable("headline", 6, ImGuiTableFlags_SizingStretchSame)) return;
    ImGui::TableNextColumn();
    card("Time to first token", format_seconds(a.latency.ttft_s), "vision + prefill",
         "Vision encoders over every view, then the decoder over the prompt; the first token comes out of the prefill.");
    ImGui::TableNextColumn();
    card("Per output token", format_seconds(a.latency.tpot_s), std::to_string(w.decode_passes()) + " decode passes",
         "Mean decode pass: one token per sequence against the growing KV cache.");
    ImGui::TableNextColumn();
    card("Per page", format_seconds(a.latency.page_s), std::to_string(w.new_tokens) + " new tokens",
         "End to end: vision, prefill and every decode pass. A batch's pages finish together.");
    ImGui::TableNextColumn();
    char pps[32];
    std::snprintf(pps, sizeof pps, "%.3g", a.latency.pages_per_s);
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
    ImGui::EndTable();
}

void App::draw_stage_table() {
    const auto& a = *analysis_;
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("stages", 8, flags)) return;
    for (const char* h : {"Stage", "FLOPs", "tensor", "CUDA core", "DRAM bytes", "FLOP/byte", "Time", "Bound"})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    const std::pair<const char*, const StageTotals*> rows[] = {
        {"vision", &a.vision}, {"prefill", &a.prefill}, {"decode", &a.decode}, {"total", &a.total}};
    for (const auto& [name, s] : rows) {
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
        ImGui::TextUnformatted(format_si(s->bytes, "B").c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.3g", s->intensity);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_seconds(s->time_s).c_str());
        ImGui::TableNextColumn();
        if (s != &a.total) ImGui::TextColored(bound_colour(s->bound), "%s", std::string(bound_name(s->bound)).c_str());
    }
    ImGui::EndTable();
}

void App::draw_module_table() {
    const auto& a = *analysis_;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    ImGui::InputTextWithHint("##filter", "filter modules by name", module_filter_, sizeof module_filter_);
    ImGui::SameLine();
    ImGui::TextDisabled("%zu module instances", a.modules.size());
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("modules", 9, flags)) return;
    ImGui::TableSetupScrollFreeze(1, 1);
    const float em = ImGui::GetFontSize();
    ImGui::TableSetupColumn("Module", ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_NoHide);
    ImGui::TableSetupColumn("Class", ImGuiTableColumnFlags_WidthFixed, em * 11);
    ImGui::TableSetupColumn("Calls", ImGuiTableColumnFlags_WidthFixed, em * 3);
    ImGui::TableSetupColumn("FLOPs", ImGuiTableColumnFlags_WidthFixed, em * 5.5f);
    ImGui::TableSetupColumn("DRAM bytes", ImGuiTableColumnFlags_WidthFixed, em * 5.5f);
    ImGui::TableSetupColumn("FLOP/B", ImGuiTableColumnFlags_WidthFixed, em * 3.5f);
    ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed, em * 4.5f);
    ImGui::TableSetupColumn("Share", ImGuiTableColumnFlags_WidthFixed, em * 4.5f);
    ImGui::TableSetupColumn("Bound", ImGuiTableColumnFlags_WidthFixed, em * 4.5f);
    ImGui::TableHeadersRow();

    auto cells = [&](const ModuleRow& m) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(m.class_name.data(), m.class_name.data() + m.class_name.size());
        if (ImGui::IsItemHovered()) help(std::string(m.class_name).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.6g", m.calls);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_si(m.flops, "FLOP").c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_si(m.bytes, "B").c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.3g", m.intensity);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(format_seconds(m.time_s).c_str());
        ImGui::TableNextColumn();
        share_bar(m.share_of_time);
        ImGui::TableNextColumn();
        ImGui::TextColored(bound_colour(m.bound), "%s", std::string(bound_name(m.bound)).c_str());
    };

    const std::string_view filter = module_filter_;
    if (!filter.empty()) {
        for (const auto& m : a.modules) {
            if (m.name.find(filter) == std::string_view::npos && m.id.find(filter) == std::string_view::npos) continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(m.id.data(), m.id.data() + m.id.size());
            cells(m);
        }
    } else {
        // Pre-order walk with an explicit stack of open/closed tree nodes.
        const auto& nodes = a.tree->nodes;
        std::vector<int> open_until;  // depth levels whose tree node is open and needs a TreePop
        int skip_below = -1;          // skip descendants of a closed node deeper than this depth
        for (size_t i = 0; i < a.modules.size(); ++i) {
            const auto& m = a.modules[i];
            while (!open_until.empty() && open_until.back() >= m.depth) {
                ImGui::TreePop();
                open_until.pop_back();
            }
            if (skip_below >= 0 && m.depth > skip_below) continue;
            skip_below = -1;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const bool leaf = nodes[i].children.empty();
            ImGui::PushID(static_cast<int>(i));
            const std::string label(m.name.empty() ? m.id : m.name);
            const bool open = ImGui::TreeNodeEx(label.c_str(), (leaf ? ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen : 0) |
                                                                   ImGuiTreeNodeFlags_SpanFullWidth |
                                                                   (m.depth == 0 ? ImGuiTreeNodeFlags_DefaultOpen : 0));
            ImGui::PopID();
            cells(m);
            if (!leaf) {
                if (open) open_until.push_back(m.depth);
                else skip_below = m.depth;
            }
        }
        while (!open_until.empty()) {
            ImGui::TreePop();
            open_until.pop_back();
        }
    }
    ImGui::EndTable();
}

void App::draw_inputs_panel() {
    ImGui::TextDisabled("TorchInfo inputs");
    if (inputs_.empty()) {
        ImGui::TextWrapped("None loaded: the analysis uses the built-in DeepSeek-OCR model. Drop TorchInfo files anywhere, "
                           "paste their text, or use Open.");
        return;
    }
    for (const auto& i : inputs_) {
        ImGui::BulletText("%s", i.name.c_str());
        ImGui::Indent();
        ImGui::TextDisabled("%s, %s, %s", i.kind.c_str(), i.summary.c_str(), format_bytes(static_cast<double>(i.bytes)).c_str());
        ImGui::Unindent();
    }
}

}  // namespace mm::app

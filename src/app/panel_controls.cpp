// The left column: workload controls and the loaded TorchInfo inputs.
#include <algorithm>
#include <string_view>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/app.hpp"
#include "app/ui.hpp"
#include "core/format.hpp"
#include "core/url_state.hpp"

namespace mm::app {

void App::draw_workload_panel() {
    AnalyzeOptions o = options_;
    bool changed = false;
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 7.5f);
    ImGui::TextDisabled("Hardware");
    changed |= combo("GPU", o.gpu, gpu_names(catalog_));
    if (analysis_) help((analysis_->gpu.display_name + "\nSource: " + analysis_->gpu.source).c_str());
    if (analysis_ && ImGui::TreeNode("gpu-figures", "GPU figures%s", o.gpu_overrides.empty() ? "" : " (edited)")) {
        // A custom GPU is a preset with edited figures; each edit is an override kept in the share link.
        for (const std::string_view key : gpu_numeric_keys()) {
            double value = gpu_field(analysis_->gpu, key);
            const std::string label(key);
            if (ImGui::InputDouble(label.c_str(), &value, 0, 0, "%.6g", ImGuiInputTextFlags_EnterReturnsTrue) && value >= 0) {
                auto same = [&](const GpuOverride& g) { return g.key == key; };
                o.gpu_overrides.erase(std::remove_if(o.gpu_overrides.begin(), o.gpu_overrides.end(), same), o.gpu_overrides.end());
                o.gpu_overrides.push_back({label, value});
                changed = true;
            }
        }
        if (!o.gpu_overrides.empty() && ImGui::SmallButton("Back to the preset's figures")) {
            o.gpu_overrides.clear();
            changed = true;
        }
        ImGui::TreePop();
    }
    std::string compare = compare_gpu_.empty() ? "none" : compare_gpu_;
    std::vector<std::string> choices = {"none"};
    for (const auto& g : gpu_names(catalog_)) choices.push_back(g);
    if (combo("Compare with", compare, choices)) set_compare_gpu(compare == "none" ? std::string() : compare);
    help("A second GPU, same workload: the headline shows both side by side.");
    changed |= combo("Time profile", o.profile, profile_names(catalog_));
    if (analysis_) help(analysis_->profile.description.c_str());

    ImGui::Spacing();
    ImGui::TextDisabled("Page");
    changed |= combo("Mode", o.mode, {"tiny", "small", "base", "large", "gundam", "gundam-m"});
    help("Resolution mode (paper Table 1): tiny 512, small 640, base 1024, large 1280 (global view only); gundam: 640 "
         "tiles + a 1024 global view; gundam-m: 1024 tiles + a 1280 global view.");
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

void App::draw_inputs_panel() {
    ImGui::TextDisabled("TorchInfo inputs");
    if (inputs_.empty()) {
        ImGui::TextWrapped("None loaded: the analysis uses the built-in DeepSeek-OCR model. Drop TorchInfo files anywhere, "
                           "paste their text, or use Open.");
        if (ImGui::SmallButton("Load the bundled sample")) load_sample();
        help("A TorchInfo summary (depth 1) of DeepSeek-OCR on a 1024x1024 page: 2x2 crops, prefill 703.");
        return;
    }
    for (const auto& i : inputs_) {
        ImGui::BulletText("%s", i.name.c_str());
        ImGui::Indent();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s, %s, %s", i.kind.c_str(), i.summary.c_str(), format_bytes(static_cast<double>(i.text.size())).c_str());
        ImGui::PopStyleColor();
        ImGui::Unindent();
    }
    if (ImGui::SmallButton("Clear inputs")) {
        clear_inputs();
        return;
    }
    if (!study_) return;
    const auto& s = *study_;
    ImGui::Spacing();
    ImGui::TextDisabled(s.deepseek_ocr ? "Recovered workload (hover for how)" : "A network other than DeepSeek-OCR");
    if (s.deepseek_ocr) {
        for (const RecoveredField* f : s.recovered.fields()) {
            ImGui::Text("%s = %lld", f->name.c_str(), static_cast<long long>(f->value));
            ImGui::SameLine();
            ImGui::TextColored(f->recovered ? ImVec4(0.5f, 0.85f, 0.5f, 1) : ImVec4(0.9f, 0.75f, 0.4f, 1), "%s",
                               f->recovered ? "recovered" : "assumed");
            help(f->how.c_str());
        }
    }
    ImGui::TextWrapped("Coverage: %.1f%% of the estimated cost in known classes", 100.0 * s.coverage.share);
    help(s.coverage.basis.c_str());
    if (!s.coverage.unclassified.empty()) {
        std::string list;
        for (const auto& u : s.coverage.unclassified) list += (list.empty() ? "" : ", ") + u;
        ImGui::TextWrapped("Unclassified: %s", list.c_str());
    }
    if (s.footer.available) ImGui::TextWrapped("%s", s.footer.message.c_str());
    for (const auto& n : s.run.notes) ImGui::TextWrapped("Note: %s", n.c_str());
    if (s.deepseek_ocr)
        for (const auto& n : s.recovered.notes) ImGui::TextWrapped("Note: %s", n.c_str());
}

}  // namespace mm::app

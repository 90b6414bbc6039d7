// The left column: workload controls and the loaded TorchInfo inputs.
#include <algorithm>
#include <charconv>
#include <string_view>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/app.hpp"
#include "app/ui.hpp"
#include "core/base/format.hpp"
#include "core/options/option_table.hpp"
#include "core/link/url_state.hpp"
#include "core/model/model_config.hpp"

namespace mm::app {

namespace {

// One option of the option table as the widget its type calls for; the label, bounds, choices and
// tooltip are the table's, and the table parses and checks the value.
bool option_widget(const OptionSpec& spec, AnalyzeOptions& o, const Catalog& catalog) {
    const std::string label(spec.label);
    AnalyzeOptions next = o;
    bool edited = false;
    std::string text;
    switch (spec.type) {
        case OptionType::choice: {
            text = spec.get(o);
            edited = combo(label.c_str(), text, option_choices(spec, catalog, o));
            break;
        }
        case OptionType::integer: {
            int64_t v = 0;
            const std::string now = spec.get(o);
            std::from_chars(now.data(), now.data() + now.size(), v);
            edited = input_int64(label.c_str(), v, spec.min, spec.max);
            text = std::to_string(v);
            break;
        }
        case OptionType::size_pair:
        case OptionType::crops: {
            int64_t w = spec.type == OptionType::crops ? o.crops_w : o.image_width_px;
            int64_t h = spec.type == OptionType::crops ? o.crops_h : o.image_height_px;
            int v[2] = {static_cast<int>(std::clamp<int64_t>(w, 0, spec.max)), static_cast<int>(std::clamp<int64_t>(h, 0, spec.max))};
            edited = ImGui::InputInt2(label.c_str(), v);
            text = std::to_string(v[0]) + "x" + std::to_string(v[1]);
            break;
        }
    }
    help(std::string(spec.help).c_str());
    if (!edited || !apply_option(spec, next, text, catalog).empty()) return false;
    o = next;
    return true;
}

}  // namespace

// The options a dropped network's forward pass uses: no page, crops, decoding or KV cache.
static bool network_option(std::string_view key) {
    return key == "gpu" || key == "profile" || key == "gpu_memory_percent" || key == "batch" || key == "weights" ||
           key == "activations" || key == "convention";
}

void App::draw_workload_panel() {
    AnalyzeOptions o = session_.options();
    bool changed = false;
    const bool network = session_.network();
    ImGui::PushItemWidth(-ImGui::GetFontSize() * 7.5f);
    if (network) {
        // The model is the dropped network; DeepSeek-OCR is one click away.
        ImGui::TextDisabled("Model");
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(session_.study()->network_label().c_str());
        ImGui::PopTextWrapPos();
        help("The network of the dropped TorchInfo summary: its module tree, one forward pass over the batch. Dropping "
             "another summary replaces it.");
        const bool back = ImGui::SmallButton("Back to DeepSeek-OCR");
        note_item("button:deepseek");
        if (back) {
            ImGui::PopItemWidth();
            session_.clear_inputs();
            return;
        }
        help("Forget the dropped file and analyse DeepSeek-OCR's standard workload on the same GPU and settings.");
    }
    // Every option of the table, group by group; what only the page has sits beside its option.
    for (const OptionGroup group : {OptionGroup::model, OptionGroup::hardware, OptionGroup::page, OptionGroup::generation,
                                    OptionGroup::numerics}) {
        const auto in_group = [&](const OptionSpec& spec) { return spec.group == group && (!network || network_option(spec.key)); };
        const auto specs = option_table();
        if (std::none_of(specs.begin(), specs.end(), in_group)) continue;
        if (group != OptionGroup::model) ImGui::Spacing();
        ImGui::TextDisabled("%s", network && group == OptionGroup::generation ? "Forward pass" : std::string(option_group_name(group)).c_str());
        for (const OptionSpec& spec : specs) {
            if (!in_group(spec)) continue;
            if (spec.type == OptionType::crops) {
                changed |= draw_crops_control(o);
                continue;
            }
            if (network && spec.key == "batch") {
                // The same option, labelled for what a network's batch holds.
                int64_t v = o.batch;
                if (input_int64("Batch (samples)", v, spec.min, spec.max)) {
                    o.batch = v;
                    changed = true;
                }
                help("Samples per forward pass: every shape of the summary scales along its batch axis.");
                continue;
            }
            changed |= option_widget(spec, o, session_.catalog());
            if (spec.key == "gpu") changed |= draw_gpu_extras(o);
            if (spec.key == "model") draw_compare_model();
        }
    }
    ImGui::PopItemWidth();

    if (!network && ImGui::Button("Reset to the standard workload")) {
        o = AnalyzeOptions{};
        changed = true;
    }
    if (changed) session_.set_options(o);
}

// Beside the GPU: its source, its figures (each edit an override kept in the share link) and a second
// GPU to compare with.
bool App::draw_gpu_extras(AnalyzeOptions& o) {
    bool changed = false;
    if (session_.analysis()) help((session_.analysis()->gpu().display_name + "\nSource: " + session_.analysis()->gpu().source).c_str());
    if (session_.analysis() && ImGui::TreeNode("gpu-figures", "GPU figures%s", o.gpu_overrides.empty() ? "" : " (edited)")) {
        for (const GpuFieldText& field : gpu_numeric_fields()) {
            double value = gpu_field(session_.analysis()->gpu(), field.key);
            const std::string label = std::string(field.label) + "##" + std::string(field.key);
            const bool entered = ImGui::InputDouble(label.c_str(), &value, 0, 0, "%.6g", ImGuiInputTextFlags_EnterReturnsTrue);
            help((std::string(field.help) + "\nPreset and share-link key: " + std::string(field.key) + ". Enter applies.").c_str());
            if (entered && value >= 0) {
                auto same = [&](const GpuOverride& g) { return g.key == field.key; };
                o.gpu_overrides.erase(std::remove_if(o.gpu_overrides.begin(), o.gpu_overrides.end(), same), o.gpu_overrides.end());
                o.gpu_overrides.push_back({std::string(field.key), value});
                changed = true;
            }
        }
        if (!o.gpu_overrides.empty() && ImGui::SmallButton("Back to the preset's figures")) {
            o.gpu_overrides.clear();
            changed = true;
        }
        ImGui::TreePop();
    }
    std::string compare = session_.compare_gpu().empty() ? "none" : session_.compare_gpu();
    std::vector<std::string> choices = {"none"};
    for (const auto& g : gpu_names(session_.catalog())) choices.push_back(g);
    if (combo("Compare with", compare, choices)) session_.set_compare_gpu(compare == "none" ? std::string() : compare);
    note_item("combo:compare-gpu");
    help("A second GPU, same workload: the cards, the stage table, the roofline and the sweep show both. With a "
         "compared model too, that model runs on this GPU: one comparison at a time.");
    return changed;
}

// Beside the model: a second model on the same GPU and workload settings (page, new tokens, batch,
// precisions), in its own mode when it has none of this name.
void App::draw_compare_model() {
    std::string compare = session_.compare_model().empty() ? "none" : session_.compare_model();
    std::vector<std::string> choices = {"none"};
    for (const auto& m : model_names(session_.catalog())) choices.push_back(m);
    // The label is longer than the column's others: the combo gives way so that it reads whole.
    const char* label = "Compare with model";
    const float label_w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().ItemInnerSpacing.x;
    ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x - label_w, ImGui::GetFontSize() * 5));
    if (combo(label, compare, choices)) session_.set_compare_model(compare == "none" ? std::string() : compare);
    note_item("combo:compare-model");
    help("A second model, same GPU and workload settings (page size, new tokens, batch, precisions): the cards, the "
         "stage table, the roofline and the sweep show both. A mode it lacks becomes its default mode. With a compared "
         "GPU too, the model runs on that GPU: one comparison at a time.");
}

// Crops: from the image (the vendor rule), an explicit grid (the table's crops option) or off.
bool App::draw_crops_control(AnalyzeOptions& o) {
    bool changed = false;
    int crop_mode = o.crops == AnalyzeOptions::Crops::from_image ? 0 : o.crops == AnalyzeOptions::Crops::explicit_grid ? 1 : 2;
    ImGui::TextUnformatted("Crops");
    ImGui::SameLine();
    changed |= ImGui::RadioButton("from image", &crop_mode, 0);
    if (const auto& a = session_.analysis(); a && a->model)
        help(("The vendor rule picks the tile grid whose shape is closest to the image's (" + std::to_string(a->model->crop_min_tiles) +
              " to " + std::to_string(a->model->crop_max_tiles) + " tiles of " + std::to_string(a->workload.tile_size_px) +
              " px for " + a->model->display_name + ").").c_str());
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
            o.crops_w = session_.analysis() ? std::max<int64_t>(1, session_.analysis()->workload.crops_w) : 2;
            o.crops_h = session_.analysis() ? std::max<int64_t>(1, session_.analysis()->workload.crops_h) : 2;
        }
        changed |= option_widget(*find_option("crops"), o, session_.catalog());
    }
    if (session_.analysis()) {
        const auto& w = session_.analysis()->workload;
        ImGui::TextDisabled("%lldx%lld crops, %lld image tokens, prefill %lld", static_cast<long long>(w.crops_w),
                            static_cast<long long>(w.crops_h), static_cast<long long>(w.image_tokens),
                            static_cast<long long>(w.prefill_tokens));
    }
    return changed;
}

void App::draw_inputs_panel() {
    ImGui::TextDisabled("TorchInfo inputs");
    if (session_.inputs().empty()) {
        ImGui::TextWrapped("None loaded: the analysis uses the built-in DeepSeek-OCR model. Drop TorchInfo files anywhere, "
                           "paste their text, or use Open.");
        if (ImGui::SmallButton("Load the bundled sample")) session_.load_sample();
        note_item("button:sample");
        help("A TorchInfo summary (depth 1) of DeepSeek-OCR on a 1024x1024 page: 2x2 crops, prefill 703.");
        if (ImGui::SmallButton("Load a DeepSeek-OCR 2 sample")) session_.load_sample(true);
        note_item("button:sample-ocr2");
        help("A TorchInfo summary (depth 3) of DeepSeek-OCR 2 on a 1536x768 page: 2 crops, prefill 555. Made here from a "
             "mimic of the vendor's module tree (scripts/ocr2-torchinfo), not from a run of the vendor model.");
        return;
    }
    for (const auto& i : session_.inputs()) {
        ImGui::BulletText("%s", i.name.c_str());
        ImGui::Indent();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s, %s, %s", i.kind.c_str(), i.summary.c_str(), format_bytes(static_cast<double>(i.text.size())).c_str());
        ImGui::PopStyleColor();
        ImGui::Unindent();
    }
    // A network's way back is beside the model (Back to DeepSeek-OCR); DeepSeek-OCR's files are cleared here.
    if (!session_.network() && ImGui::SmallButton("Clear inputs")) {
        session_.clear_inputs();
        return;
    }
    if (!session_.study()) return;
    const auto& s = *session_.study();
    ImGui::Spacing();
    if (s.deepseek_ocr) {
        ImGui::TextDisabled("Recovered workload (hover for how)");
        for (const RecoveredField* f : s.recovered.fields()) {
            ImGui::Text("%s = %lld", f->name.c_str(), static_cast<long long>(f->value));
            ImGui::SameLine();
            ImGui::TextColored(f->recovered ? tone(Tone::good) : tone(Tone::warning), "%s",
                               f->recovered ? "recovered" : "assumed");
            help(f->how.c_str());
        }
        ImGui::TextWrapped("Classes: %.1f%% of TorchInfo's mult-adds in known classes", 100.0 * s.coverage.share);
        help(s.coverage.basis.c_str());
        if (!s.coverage.unclassified.empty()) {
            std::string list;
            for (const auto& u : s.coverage.unclassified) list += (list.empty() ? "" : ", ") + u;
            ImGui::TextWrapped("Unclassified: %s", list.c_str());
        }
    } else {
        ImGui::TextDisabled("A network other than DeepSeek-OCR");
        ImGui::TextWrapped("Recorded batch %lld (the summary's leading dimension)",
                           static_cast<long long>(s.network->recorded_batch));
    }
    if (s.footer.available) ImGui::TextWrapped("%s", s.footer.message.c_str());
    for (const auto& n : s.run.notes) ImGui::TextWrapped("Note: %s", n.c_str());
    if (s.deepseek_ocr)
        for (const auto& n : s.recovered.notes) ImGui::TextWrapped("Note: %s", n.c_str());
    if (s.network)
        for (const auto& n : s.network->notes) ImGui::TextWrapped("Note: %s", n.c_str());
}

}  // namespace mm::app

// The frame: fonts and theme, the page layout, the view tabs.
#include <algorithm>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/app.hpp"
#include "app/platform.hpp"
#include "app/ui.hpp"
#include "core/base/format.hpp"
#include "core/link/url_state.hpp"

namespace mm::app {

void App::prepare_frame() {
    if (built_scale_ == ui_scale_) {
        if (themed_dark_ != session_.dark()) apply_theme();  // a share link chose the other theme
        return;
    }
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
    themed_dark_ = session_.dark();
    ImGuiStyle style;
    if (themed_dark_) ImGui::StyleColorsDark(&style);
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
    handle_shortcuts();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::Begin("ModelMeter", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);

    // Title line: what is analysed, on what, and the actions.
    ImGui::TextUnformatted("ModelMeter");
    ImGui::SameLine();
    if (session_.analysis()) ImGui::TextDisabled("%s on %s", session_.analysis()->model_display_name.c_str(), session_.analysis()->gpu().display_name.c_str());
    const char* actions = "Open TorchInfo files...  Copy link  Export...  Light theme";
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(actions).x - ImGui::GetStyle().ItemSpacing.x * 6);
    if (ImGui::Button("Open TorchInfo files...")) open_files();
    help("TorchInfo artifacts: unique-layers JSON/Markdown, layers JSON, stages JSON or the printed summary.\n"
         "You can also drop them anywhere on the page or paste their text. (O)");
    ImGui::SameLine();
    if (ImGui::Button("Copy link")) copy_link();
    help("Copies a link that reproduces every parameter and the current view. (L)");
    ImGui::SameLine();
    if (ImGui::Button("Export...")) ImGui::OpenPopup("export");
    if (ImGui::BeginPopup("export")) {
        if (ImGui::MenuItem("Analysis (JSON)", "analysis.json")) export_file("analysis.json");
        ImGui::Separator();
        if (ImGui::MenuItem("Report (AnalyticModelReport JSON)", "report.json")) export_file("report.json");
        if (ImGui::MenuItem("Report summary (JSON)", "summary.json")) export_file("summary.json");
        if (ImGui::MenuItem("Modules (CSV)", "modules.csv")) export_file("modules.csv");
        if (ImGui::MenuItem("Whole report with Markdown layer docs (ZIP)", "zip")) export_file("report.zip");
        if (ImGui::IsItemHovered()) help("report.json, report.yaml, summary.json, modules.csv and layers/*.md, as "
                                         "`modelmeter report` writes them.");
        ImGui::Separator();
        if (ImGui::MenuItem("Netron attachment (JSON)", "netron")) export_file("netron-attachment.json");
        if (ImGui::IsItemHovered()) help("Open the model in Netron, then drop this file on it: every module shows its time, "
                                         "FLOPs, bytes and bound.");
        if (ImGui::MenuItem("Picture of this view (PNG)", "png")) export_file("view.png");
        ImGui::EndPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button(session_.dark() ? "Light theme" : "Dark theme")) toggle_theme();
    help("Switch between dark and light. (T)");

    if (!session_.catalog_error().empty()) ImGui::TextColored({1, 0.4f, 0.4f, 1}, "%s", session_.catalog_error().c_str());
    if (session_.last_error()) {
        // The button first: after a sentence that wraps to the window's edge it would be off screen.
        const bool dismiss = ImGui::SmallButton("Dismiss");
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.45f, 0.4f, 1));
        ImGui::TextWrapped("%s", session_.last_error()->c_str());
        ImGui::PopStyleColor();
        if (dismiss) session_.dismiss_error();
    }
    if (!session_.analysis_error().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.7f, 0.3f, 1));
        ImGui::TextWrapped("These settings cannot be analysed (the last analysis is shown): %s", session_.analysis_error().c_str());
        ImGui::PopStyleColor();
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 0.8f, 0.4f, 1));
    for (const auto& n : session_.notices()) ImGui::TextWrapped("%s", n.c_str());
    ImGui::PopStyleColor();
    if (!session_.compare_error().empty()) ImGui::TextColored({1, 0.8f, 0.4f, 1}, "%s", session_.compare_error().c_str());
    if (!session_.info().empty()) ImGui::TextDisabled("%s", session_.info().c_str());
    ImGui::Separator();

    const float left = 330.0f * ui_scale_;
    ImGui::BeginChild("controls", ImVec2(left, 0), false);
    draw_workload_panel();
    ImGui::Spacing();
    draw_inputs_panel();
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("results", ImVec2(0, 0), false);
    if (session_.analysis()) {
        draw_headline();
        ImGui::Spacing();
        if (session_.take_view_request()) pending_view_ = true;
        if (ImGui::BeginTabBar("views")) {
            for (const ViewSpec& tab : kViews) {
                // A view chosen from a link or a shortcut is selected once, then the user's clicks rule.
                const ImGuiTabItemFlags flags = (pending_view_ && session_.view() == tab.view) ? ImGuiTabItemFlags_SetSelected : 0;
                if (ImGui::BeginTabItem(std::string(tab.label).c_str(), nullptr, flags)) {
                    if (!pending_view_ && session_.view() != tab.view) session_.set_view(tab.view);
                    draw_view(tab.view);
                    ImGui::EndTabItem();
                }
            }
            pending_view_ = false;
            ImGui::EndTabBar();
        }
    }
    ImGui::EndChild();
    ImGui::End();
}

void App::draw_view(View view) {
    const float formula_height = session_.selected_module() >= 0 ? ImGui::GetContentRegionAvail().y * 0.32f : 0.0f;
    ImGui::BeginChild("view", ImVec2(0, -formula_height), false);
    switch (view) {
        case View::breakdown:
            draw_stage_table();
            ImGui::Spacing();
            draw_stage_bars();
            ImGui::Spacing();
            draw_module_table();
            break;
        case View::roofline: draw_roofline(); break;
        case View::treemap: draw_treemap(); break;
        case View::memory: draw_memory(); break;
        case View::sweep: draw_sweep(); break;
        case View::torchinfo: draw_torchinfo_view(); break;
    }
    ImGui::EndChild();
    if (session_.selected_module() >= 0) draw_formula_pane();
}

void App::handle_shortcuts() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || io.KeyCtrl || io.KeyAlt || io.KeySuper) return;  // browsers own Ctrl+O/L/T
    auto pressed = [](ImGuiKey k) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(k), false); };
    if (ImGui::IsKeyPressed('O', false)) open_files();
    if (ImGui::IsKeyPressed('L', false)) copy_link();
    if (ImGui::IsKeyPressed('T', false)) toggle_theme();
    for (int i = 0; i < static_cast<int>(std::size(kViews)); ++i)  // 1-6: the tabs in order
        if (ImGui::IsKeyPressed('1' + i, false)) session_.show_view(kViews[i].view);
    if (pressed(ImGuiKey_Escape)) session_.select_module(-1);
}

}  // namespace mm::app

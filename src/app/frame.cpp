// The frame: fonts and theme, the page layout, the view tabs.
#include <algorithm>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app/app.hpp"
#include "core/report/coverage.hpp"
#include "app/platform.hpp"
#include "app/theme.hpp"
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
    // The colours text is drawn on, from the tested palette (theme.hpp: every text colour reads at 4.5:1).
    const Theme& t = theme(themed_dark_);
    auto set = [&](ImGuiCol col, Rgb c) { style.Colors[col] = ImVec4(c.r, c.g, c.b, 1); };
    for (ImGuiCol col : {ImGuiCol_WindowBg, ImGuiCol_ChildBg}) set(col, t.surface(Surface::window));
    set(ImGuiCol_PopupBg, t.surface(Surface::popup));
    set(ImGuiCol_TableRowBgAlt, t.surface(Surface::row_alt));
    set(ImGuiCol_FrameBg, t.surface(Surface::frame));
    set(ImGuiCol_TableHeaderBg, t.surface(Surface::table_header));
    for (ImGuiCol col : {ImGuiCol_Button, ImGuiCol_Tab, ImGuiCol_TabUnfocused}) set(col, t.surface(Surface::control));
    for (ImGuiCol col : {ImGuiCol_ButtonHovered, ImGuiCol_TabHovered, ImGuiCol_HeaderHovered, ImGuiCol_FrameBgHovered})
        set(col, t.surface(Surface::control_hover));
    for (ImGuiCol col : {ImGuiCol_ButtonActive, ImGuiCol_TabActive, ImGuiCol_TabUnfocusedActive, ImGuiCol_Header,
                         ImGuiCol_HeaderActive, ImGuiCol_FrameBgActive})
        set(col, t.surface(Surface::control_active));
    set(ImGuiCol_Text, t.tone(Tone::text));
    set(ImGuiCol_TextDisabled, t.tone(Tone::muted));
    style.FrameBorderSize = themed_dark_ ? 0.0f : 1.0f;  // white fields on a light page need an edge
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

// Responsive layout, in em (the font's size): the left column is 20.6 em (330 px at scale 1) beside
// the results from 60 em up (960 px); below that it becomes a drawer the Settings button opens over
// the results, so that the results keep the whole width of a phone.
namespace {
constexpr float kSideBySideEm = 60.0f;
constexpr float kLeftColumnEm = 20.625f;
float button_width(const char* label) { return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2; }
}  // namespace

void App::draw() {
    handle_shortcuts();
    layout_.clear();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    ImGui::Begin("ModelMeter", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    const float em = ImGui::GetFontSize();
    const bool side_by_side = ImGui::GetContentRegionAvail().x >= kSideBySideEm * em;
    if (side_by_side) drawer_open_ = false;

    draw_title_bar(side_by_side);
    draw_messages();
    ImGui::Separator();

    if (side_by_side || drawer_open_) {
        ImGui::BeginChild("controls", ImVec2(side_by_side ? kLeftColumnEm * em : 0, 0), false);
        draw_workload_panel();
        ImGui::Spacing();
        draw_inputs_panel();
        ImGui::EndChild();
        note_item("controls");
    }
    if (side_by_side) ImGui::SameLine();
    if (side_by_side || !drawer_open_) {
        ImGui::BeginChild("results", ImVec2(0, 0), false);
        if (session_.analysis()) {
            draw_headline();
            ImGui::Spacing();
            if (session_.take_view_request()) pending_view_ = true;
            if (ImGui::BeginTabBar("views")) {
                for (const ViewSpec& tab : kViews) {
                    // A view chosen from a link or a shortcut is selected once, then the user's clicks rule.
                    const ImGuiTabItemFlags flags = (pending_view_ && session_.view() == tab.view) ? ImGuiTabItemFlags_SetSelected : 0;
                    const bool selected = ImGui::BeginTabItem(std::string(tab.label).c_str(), nullptr, flags);
                    note_item("tab:" + std::string(tab.name));
                    if (selected) {
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
        note_item("results");
    }
    draw_shortcuts_overlay();
    ImGui::End();
}

// Title, what is analysed, and the actions; on a narrow screen the actions wrap under the title.
void App::draw_title_bar(bool side_by_side) {
    ImGui::TextUnformatted("ModelMeter");
    note_item("title");
    if (session_.analysis()) {
        const std::string subject = session_.analysis()->model_display_name + " on " + session_.analysis()->gpu().display_name;
        flow(ImGui::CalcTextSize(subject.c_str()).x);
        ImGui::TextDisabled("%s", subject.c_str());
        note_item("subject");
    }
    const char* settings = drawer_open_ ? "Show results" : "Settings";
    const char* theme_label = session_.dark() ? "Light theme" : "Dark theme";
    const char* labels[] = {"Open TorchInfo files...", "Copy link", "Export...", theme_label, "?"};
    float actions = 0;
    for (const char* l : labels) actions += button_width(l) + ImGui::GetStyle().ItemSpacing.x;
    if (!side_by_side) actions += button_width(settings) + ImGui::GetStyle().ItemSpacing.x;
    // Right-aligned when the whole row fits after the title, else wrapped from the left.
    ImGui::SameLine();
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetCursorScreenPos().x + actions <= right) ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - actions + ImGui::GetStyle().ItemSpacing.x);
    else ImGui::NewLine();
    bool first = true;
    auto place = [&](const char* label) {
        if (!first) flow(button_width(label));
        first = false;
    };
    if (!side_by_side) {
        place(settings);
        if (ImGui::Button(settings)) drawer_open_ = !drawer_open_;
        note_item("button:settings");
        help("The workload, the GPU and the loaded files. (S)");
    }
    place(labels[0]);
    if (ImGui::Button(labels[0])) open_files();
    note_item("button:open");
    help("TorchInfo artifacts: unique-layers JSON/Markdown, layers JSON, stages JSON or the printed summary.\n"
         "You can also drop them anywhere on the page or paste their text. (O)");
    place(labels[1]);
    if (ImGui::Button(labels[1])) copy_link();
    note_item("button:copy-link");
    help("Copies a link that reproduces every parameter and the current view. (L)");
    place(labels[2]);
    if (ImGui::Button(labels[2])) ImGui::OpenPopup("export");
    note_item("button:export");
    if (ImGui::BeginPopup("export")) {
        if (ImGui::MenuItem("Analysis (JSON)")) export_file("analysis.json");
        ImGui::Separator();
        if (ImGui::MenuItem("Report (AnalyticModelReport JSON)")) export_file("report.json");
        if (ImGui::MenuItem("Report summary (JSON)")) export_file("summary.json");
        if (ImGui::MenuItem("Modules (CSV)")) export_file("modules.csv");
        if (ImGui::MenuItem("Whole report with Markdown layer docs (ZIP)")) export_file("report.zip");
        if (ImGui::IsItemHovered()) help("report.json, report.yaml, summary.json, modules.csv and layers/*.md, as "
                                         "`modelmeter report` writes them.");
        ImGui::Separator();
        if (ImGui::MenuItem("Netron attachment (JSON)")) export_file("netron-attachment.json");
        if (ImGui::IsItemHovered()) help("Open the model in Netron, then drop this file on it: every module shows its time, "
                                         "FLOPs, bytes and bound.");
        if (ImGui::MenuItem("Picture of this view (PNG)")) export_file("view.png");
        ImGui::EndPopup();
    }
    place(labels[3]);
    if (ImGui::Button(labels[3])) toggle_theme();
    note_item("button:theme");
    help("Switch between dark and light. (T)");
    place(labels[4]);
    if (ImGui::Button(labels[4])) shortcuts_open_ = true;
    note_item("button:shortcuts");
    help("Keyboard shortcuts. (? or F1)");
}

// The lines that speak to the user: errors, notices of a share link, the last action's result.
void App::draw_messages() {
    if (!session_.catalog_error().empty()) ImGui::TextColored(tone(Tone::error), "%s", session_.catalog_error().c_str());
    if (session_.last_error()) {
        // The button first: after a sentence that wraps to the window's edge it would be off screen.
        const bool dismiss = ImGui::SmallButton("Dismiss");
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, tone(Tone::error));
        ImGui::TextWrapped("%s", session_.last_error()->c_str());
        ImGui::PopStyleColor();
        if (dismiss) session_.dismiss_error();
    }
    if (!session_.analysis_error().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, tone(Tone::warning));
        ImGui::TextWrapped("These settings cannot be analysed (the last analysis is shown): %s", session_.analysis_error().c_str());
        ImGui::PopStyleColor();
    }
    if (!session_.notices().empty()) {
        ImGui::PushID("notices");
        const bool dismiss = ImGui::SmallButton("Dismiss");
        ImGui::PopID();
        note_item("button:dismiss-notices");
        ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::PushStyleColor(ImGuiCol_Text, tone(Tone::warning));
        for (const auto& n : session_.notices()) ImGui::TextWrapped("%s", n.c_str());
        ImGui::PopStyleColor();
        ImGui::EndGroup();
        if (dismiss) session_.dismiss_notices();
    }
    if (!session_.compare_error().empty()) {
        // The button first, as for errors: a dropped network hides the model's combo, so this is the way out.
        const bool stop = ImGui::SmallButton("Stop comparing");
        note_item("button:stop-comparing");
        if (stop) {
            session_.set_compare_model("");
            session_.set_compare_gpu("");
        }
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, tone(Tone::warning));
        ImGui::TextWrapped("%s", session_.compare_error().c_str());
        ImGui::PopStyleColor();
    }
    // What the comparison is, and what the compared model took instead of this one's settings.
    if (session_.compare()) {
        std::string line = "Compared with " + session_.compare_label() + ".";
        for (const auto& n : session_.compare_notes()) line += " " + n;
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", line.c_str());
        ImGui::PopTextWrapPos();
        note_item("compare-notes");
    }
    if (!session_.info().empty()) {  // wrapped: on a phone the sentence is wider than the window
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped("%s", session_.info().c_str());
        ImGui::PopStyleColor();
    }
    // A dropped network: how much of it formulas cost, never "100 %" while something is estimated or not costed.
    if (session_.network() && session_.analysis()) {
        const CostCoverage c = cost_coverage(*session_.analysis());
        const bool whole = c.flops_share_exact() >= 1.0 && c.modules_uncosted == 0;
        ImGui::PushStyleColor(ImGuiCol_Text, whole ? ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled) : tone(Tone::warning));
        ImGui::TextWrapped("Costed: %s.", describe_coverage(c).c_str());
        ImGui::PopStyleColor();
        note_item("coverage");
    }
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
        case View::capacity: draw_capacity(); break;
        case View::torchinfo: draw_torchinfo_view(); break;
    }
    ImGui::EndChild();
    if (session_.selected_module() >= 0) draw_formula_pane();
}

// Every shortcut, one row each: handle_shortcuts dispatches these rows and the ? overlay lists them,
// so the list cannot miss one. Keys are GLFW's key codes (both platforms feed ImGui through GLFW:
// letters and digits are their ASCII capitals).
namespace {
enum class Action { open, copy_link, theme, view, settings, find, copy_row, escape, shortcuts };
struct Shortcut {
    Action action;
    int key;    // 0: matched by the typed character instead ('?')
    bool ctrl;  // Ctrl (Cmd on a Mac) held
    const char* keys;
    const char* what;
};
constexpr int kKeyF1 = 290;  // GLFW_KEY_F1
constexpr Shortcut kShortcuts[] = {
    {Action::open, 'O', false, "O", "Open TorchInfo files"},
    {Action::copy_link, 'L', false, "L", "Copy the share link (every setting and the view)"},
    {Action::theme, 'T', false, "T", "Dark or light theme"},
    {Action::view, '1', false, "1 ... 6", "Show a view: Breakdown, Roofline, Treemap, Memory, Sweep, TorchInfo"},
    {Action::settings, 'S', false, "S", "Open or close the settings (narrow windows)"},
    {Action::find, 'F', true, "Ctrl+F", "Find a module: focus the Breakdown view's filter"},
    {Action::copy_row, 'C', true, "Ctrl+C", "Copy the selected module's row (tab-separated, with its headers)"},
    {Action::escape, 0, false, "Esc", "Close this list, or clear the selected module"},
    {Action::shortcuts, kKeyF1, false, "? or F1", "This list"},
};
constexpr const char* kGestures[][2] = {
    {"Wheel, trackpad", "Scroll a table or panel"},
    {"Click a header", "Sort by it (three clicks: back to the tree)"},
    {"Click a row or a point", "Select the module: the pane below explains its cost"},
    {"Right-click a row", "Copy the row, the module's name or its time"},
    {"Drop files, Ctrl+V", "Load TorchInfo files or text, anywhere on the page"},
};

bool key_pressed(int key) { return ImGui::IsKeyPressed(key, false); }
bool typed(ImWchar c) {
    for (const ImWchar q : ImGui::GetIO().InputQueueCharacters)
        if (q == c) return true;
    return false;
}
}  // namespace

void App::handle_shortcuts() {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || io.KeyAlt) return;  // a text field keeps its keys (Ctrl+C, Ctrl+F included)
    const bool ctrl = io.KeyCtrl || io.KeySuper;
    for (const Shortcut& k : kShortcuts) {
        if (k.ctrl != ctrl) continue;
        if (k.action == Action::view) {
            for (int i = 0; i < static_cast<int>(std::size(kViews)); ++i)  // 1-7: the tabs in order
                if (key_pressed(k.key + i)) session_.show_view(kViews[size_t(i)].view);
            continue;
        }
        const bool hit = k.action == Action::escape      ? key_pressed(ImGui::GetKeyIndex(ImGuiKey_Escape))
                         : k.action == Action::shortcuts ? key_pressed(k.key) || typed('?')
                                                         : key_pressed(k.key);
        if (!hit) continue;
        switch (k.action) {
            case Action::open: open_files(); break;
            case Action::copy_link: copy_link(); break;
            case Action::theme: toggle_theme(); break;
            case Action::settings: drawer_open_ = !drawer_open_; break;
            case Action::find:
                session_.show_view(View::breakdown);
                focus_filter_ = true;
                break;
            case Action::copy_row:
                if (session_.selected_module() >= 0) copy_module_row(session_.selected_module());
                break;
            case Action::escape:
                if (shortcuts_open_) shortcuts_open_ = false;
                else session_.select_module(-1);
                break;
            case Action::shortcuts: shortcuts_open_ = !shortcuts_open_; break;
            case Action::view: break;
        }
    }
}

void App::draw_shortcuts_overlay() {
    if (!shortcuts_open_) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x / 2, vp->WorkPos.y + vp->WorkSize.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    // As wide as fits (at most 46 em), as tall as its rows: the descriptions wrap on a phone.
    ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x - em, em * 46), 0), ImGuiCond_Always);
    if (!ImGui::Begin("Keyboard shortcuts", &shortcuts_open_, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
        ImGui::End();
        return;
    }
    if (ImGui::BeginTable("shortcuts", 2, ImGuiTableFlags_RowBg)) {
        ImGui::TableSetupColumn("keys", ImGuiTableColumnFlags_WidthFixed, em * 9);
        ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthStretch);
        for (const Shortcut& k : kShortcuts) {
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(k.keys);
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", k.what);
        }
        for (const auto& g : kGestures) {
            ImGui::TableNextColumn();
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextDisabled("%s", g[0]);
            ImGui::PopTextWrapPos();
            ImGui::TableNextColumn();
            ImGui::TextWrapped("%s", g[1]);
        }
        ImGui::EndTable();
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("Single keys act when no text field has the focus. Esc or ? closes this list.");
    ImGui::PopTextWrapPos();
    const ImVec2 at = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    note_rect("shortcuts", at, ImVec2(at.x + size.x, at.y + size.y));
    ImGui::End();
}

void App::note_item(std::string name) { note_rect(std::move(name), ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }

void App::note_rect(std::string name, ImVec2 a, ImVec2 b) {
    const float s = ui_scale_ > 0 ? ui_scale_ : 1.0f;  // framebuffer pixels to CSS pixels
    layout_.push_back({std::move(name), a.x / s, a.y / s, (b.x - a.x) / s, (b.y - a.y) / s});
}

}  // namespace mm::app
